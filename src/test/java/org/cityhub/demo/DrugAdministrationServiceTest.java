package org.cityhub.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import javax.xml.transform.dom.DOMSource;

import org.apache.cxf.binding.soap.SoapFault;
import org.cityhub.connector.XmlRecords;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The simulated drug administration service answers, pages and faults as its WSDL says. */
class DrugAdministrationServiceTest {

    /** Friday 2026-11-20 10:30 in Chongqing; the clock runs in UTC to show the bureau writes China time. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-20T02:30:00Z"), ZoneOffset.UTC);

    DrugAdministrationLegacyDb db;
    DrugAdministrationService service;

    @BeforeEach
    void seededBureau() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:drug-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        DrugAdministrationLegacyDb.createSchema(ds);
        db = new DrugAdministrationLegacyDb(ds, new Random(5), CLOCK);
        db.seed(150);
        service = new DrugAdministrationService(db);
    }

    private XmlRecords.Content call(String kssj, String ym, String mysl) {
        String request = "<ns2:cxBjxxByGxsj xmlns:ns2=\"" + DrugAdministrationService.NS + "\"><kssj>" + kssj + "</kssj><ym>"
                + ym + "</ym><mysl>" + mysl + "</mysl></ns2:cxBjxxByGxsj>";
        return XmlRecords.read(service.invoke(new DOMSource(XmlRecords.parse(request))), "bjxx", java.util.Set.of("zs"));
    }

    @Test
    void pagesThroughEveryCaseOrderedByChangeTimeWithTheTotalCount() {
        XmlRecords.Content first = call("19900101000000", "1", "40");
        XmlRecords.Content last = call("19900101000000", "4", "40");

        assertThat(first.values()).containsEntry("zs", "150");
        assertThat(first.records()).hasSize(40);
        assertThat(last.records()).hasSize(30);
        List<String> times = first.records().stream().map(r -> r.get("gxsj").asText()).toList();
        assertThat(times).isSorted().allSatisfy(t -> assertThat(t).matches("\\d{14}").isLessThanOrEqualTo("20261120103000"));
        ObjectNode one = first.records().get(0);
        assertThat(one.get("@xh").asText()).isEqualTo("1");
        assertThat(one.get("ywlsh").asText()).matches("YJ\\d{13}");
        assertThat(one.get("blzt").asText()).isIn("1", "2", "3", "4", "5", "6");
        assertThat(one.get("clxx").isArray()).isTrue();
    }

    @Test
    void onlyCasesChangedSinceTheStartTimeAreAnswered() {
        String since = call("19900101000000", "1", "500").records().get(100).get("gxsj").asText();

        XmlRecords.Content changed = call(since, "1", "500");

        assertThat(changed.records()).allSatisfy(r -> assertThat(r.get("gxsj").asText()).isGreaterThanOrEqualTo(since));
        assertThat(changed.values().get("zs")).isEqualTo(Integer.toString(changed.records().size()));
    }

    @Test
    void badParametersAreASoapFaultWithAChineseFaultString() {
        assertThatThrownBy(() -> call("2026-11-20", "1", "50")).isInstanceOf(SoapFault.class)
                .hasMessage("查询参数错误: kssj 格式应为 yyyyMMddHHmmss");
        assertThatThrownBy(() -> call("20261131000000", "1", "50")).hasMessageContaining("kssj");
        assertThatThrownBy(() -> call("20261120000000", "0", "50")).hasMessageContaining("ym");
        assertThatThrownBy(() -> call("20261120000000", "1", "501")).hasMessageContaining("mysl");
    }

    @Test
    void aBusyDatabaseMakesEveryAnswerSlow() {
        service.busy(300);
        long start = System.nanoTime();

        call("20261120000000", "1", "10");

        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(300);
    }

    @Test
    void theClerksAcceptAndProgressCasesStampingTheirChangeTime() {
        int changed = db.advance(2, 3);

        assertThat(changed).isEqualTo(5);
        assertThat(call("20261120103000", "1", "50").records()).hasSizeGreaterThanOrEqualTo(5)
                .allSatisfy(r -> assertThat(r.get("gxsj").asText()).isEqualTo("20261120103000"));
    }
}
