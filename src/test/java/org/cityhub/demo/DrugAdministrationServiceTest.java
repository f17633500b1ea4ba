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

    private String declare(String jgm, String sqrzjhm) {
        String request = "<ns2:sbBjxx xmlns:ns2=\"" + DrugAdministrationService.NS + "\"><jgm>" + jgm + "</jgm>"
                + "<ptbh>CQPT2026112000001</ptbh><sxbm>11500102MB1C7730XD400021</sxbm><sxmc>执业药师注册</sxmc><bjlx>2</bjlx>"
                + "<sqr>冉晓燕</sqr><sqrlx>1</sqrlx><zjlx>1</zjlx><sqrzjhm>" + sqrzjhm + "</sqrzjhm><lxdh>13896012345</lxdh>"
                + "<sbfs>2</sbfs><sqsj>20261120093000</sqsj><clxx><clmc>执业药师首次注册申请表</clmc><fs>1</fs><tjfs>2</tjfs></clxx>"
                + "</ns2:sbBjxx>";
        return XmlRecords.read(service.invoke(new DOMSource(XmlRecords.parse(request))), "\u0000none", java.util.Set.of("ywlsh"))
                .values().get("ywlsh");
    }

    @Test
    void aCaseFromThePlatformIsStoredAwaitingAcceptanceWithItsSupervisionCodeAndAnsweredWithTheBureausNumber() {
        String ywlsh = declare("50010220261120NC55B4TGF0Q", "500102199203157428");

        assertThat(ywlsh).matches("YJ20261120\\d{5}");
        assertThat(declare("50010220261120NC55B4TGF0Q", "500102199203157428")).as("resent: the same case").isEqualTo(ywlsh);
        ObjectNode stored = call("20261120103000", "1", "50").records().stream()
                .filter(r -> r.get("ywlsh").asText().equals(ywlsh)).findFirst().orElseThrow();
        assertThat(stored.get("jgm").asText()).isEqualTo("50010220261120NC55B4TGF0Q");
        assertThat(stored.get("ptbh").asText()).isEqualTo("CQPT2026112000001");
        assertThat(stored.get("blzt").asText()).isEqualTo("0");
        assertThat(stored.get("cnqx").asText()).isEqualTo("20");
        assertThat(stored.get("clxx").get("clmc").asText()).isEqualTo("执业药师首次注册申请表");
        assertThat(call("19900101000000", "1", "500").records()).as("the bureau's own cases carry no jgm")
                .filteredOn(r -> !r.get("ywlsh").asText().equals(ywlsh)).allSatisfy(r -> assertThat(r.has("jgm")).isFalse());
    }

    @Test
    void theClerksTakeUpThePlatformsCasesFirstOneStepPerTick() {
        String ywlsh = declare("50010220261120NC55B4TGF0Q", "500102199203157428");

        db.advance(0, 1);
        assertThat(db.find(ywlsh).orElseThrow()).containsEntry("BLZT", "1").containsEntry("HJMC", "受理");
        db.advance(0, 1);
        assertThat(db.find(ywlsh).orElseThrow()).containsEntry("BLZT", "2").containsEntry("HJMC", "审核");
    }

    @Test
    void aCaseFromThePlatformWithoutApplicantIdIsAFault() {
        assertThatThrownBy(() -> declare("50010220261120NC55B4TGF0Q", "")).isInstanceOf(SoapFault.class)
                .hasMessage("申报参数错误: sqrzjhm 不能为空");
    }
}
