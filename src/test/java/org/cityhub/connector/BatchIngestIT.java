package org.cityhub.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.cityhub.store.CaseStore;
import org.cityhub.store.CaseVersion;
import org.cityhub.store.RawArchive;
import org.cityhub.support.HubHome;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The ingest takes records in batches (jms-batch, one broker and one store transaction each) with four
 * parallel consumers, on the real embedded broker and store: a record's versions are still applied in the
 * order they were queued; a record the store refuses alone is tried again later while the rest of its batch
 * is stored; a store that fails every record rolls the batch back and nothing is lost; a record past its
 * attempts is dead-lettered with the store's reason.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BatchIngestIT {

    static HubHome home;

    @DynamicPropertySource
    static void setUp(DynamicPropertyRegistry registry) throws IOException {
        Path data = Files.createTempDirectory("cityhub-batch");
        Path inbox = Files.createDirectories(data.resolve("inbox/civil"));
        home = HubHome.create().connector("civil", """
                department:
                  code: civil
                  name: 民政局
                  region: "500102"
                sources:
                  - name: exports
                    template: file-drop
                    mapping: civil/case
                    parameters:
                      inbox: "%s"
                      format: json
                      filePattern: "*.json"
                """.formatted(inbox));
        registry.add("cityhub.home", () -> home.root().toString());
        registry.add("cityhub.data-dir", data::toString);
        registry.add("cityhub.demo.enabled", () -> "false");
    }

    @Autowired
    ObjectMapper json;
    @Autowired
    RecordIntake intake;
    @Autowired
    CaseStore cases;
    @Autowired
    CamelContext camel;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    IngestStage stage;
    @Autowired
    QueueDepths queues;

    private static final String[] STEPS = {"待受理", "已受理", "审核中", "已办结"};
    private static final String[] STATUSES = {"SUBMITTED", "ACCEPTED", "IN_REVIEW", "COMPLETED"};

    /**
     * 60 records × 4 versions queued while the ingest is stopped, then consumed by four consumers in batches:
     * every case has all four versions in order. A version applied out of order would be lost as stale, or
     * refused (a completed case cannot go back), so the history shows any reordering.
     */
    @Test
    @Order(1)
    void aRecordsVersionsAreAppliedInTheOrderTheyWereQueued() throws Exception {
        camel.getRouteController().stopRoute("civil-ingest-map");
        try {
            for (int step = 0; step < STEPS.length; step++) {
                List<RawArchive.Received> page = new ArrayList<>();
                for (int i = 0; i < 60; i++) {
                    page.add(record(String.format("MZORD%04d", i), STEPS[step], step));
                }
                intake.accept("civil", "exports", page);
            }
        } finally {
            camel.getRouteController().startRoute("civil-ingest-map");
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "select count(*) from case_version where department = 'civil' and content like '%MZORD%'", Integer.class) == 240);
        for (int i = 0; i < 60; i++) {
            long id = cases.findByDepartmentCase("civil", String.format("MZORD%04d", i)).orElseThrow().id();
            assertThat(cases.history(id)).extracting(CaseVersion::status).as("case %d", i).containsExactly(STATUSES);
        }
        assertThat(queues.depth("hub.dlq.civil").orElseThrow()).isZero();
    }

    /** The store refuses one record of a batch (a constraint): the others are stored, it is tried again and stored once the cause is gone. */
    @Test
    @Order(2)
    void aRecordTheStoreRefusesAloneIsTriedAgainWhileTheRestIsStored() throws Exception {
        jdbc.execute("alter table exchange_case add constraint batch_it_poison check (department_case_no <> 'MZPOISON1')");
        try {
            intake.accept("civil", "exports", List.of(record("MZFINE1", "待受理", 0), record("MZPOISON1", "待受理", 0),
                    record("MZFINE2", "待受理", 0)));
            await().atMost(Duration.ofSeconds(20)).until(() -> cases.findByDepartmentCase("civil", "MZFINE2").isPresent()
                    && cases.findByDepartmentCase("civil", "MZFINE1").isPresent());
            assertThat(cases.findByDepartmentCase("civil", "MZPOISON1")).isEmpty();
        } finally {
            jdbc.execute("alter table exchange_case drop constraint batch_it_poison");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> cases.findByDepartmentCase("civil", "MZPOISON1").isPresent());
        assertThat(queues.depth("hub.dlq.civil").orElseThrow()).isZero();
        assertThat(jdbc.queryForObject("select count(*) from case_version where content like '%MZPOISON1%'", Integer.class)).isEqualTo(1);
    }

    /** Every record fails (a table gone): the batch rolls back, the broker redelivers it, and it is stored once the store is back. */
    @Test
    @Order(3)
    void aStoreThatFailsEveryRecordRollsTheBatchBackAndNothingIsLost() throws Exception {
        jdbc.execute("alter table case_version rename to case_version_away");
        try {
            intake.accept("civil", "exports", List.of(record("MZDOWN1", "待受理", 0), record("MZDOWN2", "待受理", 0)));
            // delivered, failed, rolled back: the records wait on the broker for their redelivery
            Thread.sleep(2500);
            assertThat(cases.findByDepartmentCase("civil", "MZDOWN1")).isEmpty();
            assertThat(queues.depth("hub.inbound.civil").orElseThrow()).isEqualTo(2);
        } finally {
            jdbc.execute("alter table case_version_away rename to case_version");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> cases.findByDepartmentCase("civil", "MZDOWN1").isPresent()
                && cases.findByDepartmentCase("civil", "MZDOWN2").isPresent());
        await().atMost(Duration.ofSeconds(10)).until(() -> queues.depth("hub.inbound.civil").orElseThrow() == 0);
        assertThat(queues.depth("hub.dlq.civil").orElseThrow()).isZero();
    }

    /** Past its attempts, a record the store keeps refusing is dead-lettered with the store's reason, the rest stored. */
    @Test
    @Order(4)
    void aRecordPastItsAttemptsIsDeadLetteredWithTheStoresReason() throws Exception {
        jdbc.execute("alter table exchange_case add constraint batch_it_spent check (department_case_no <> 'MZSPENT1')");
        try {
            List<BatchJmsComponent.Record> batch = List.of(inbound("MZSPENT0", 10, 0), inbound("MZSPENT1", 7, 3));
            List<BatchJmsComponent.Forward> out = stage.processBatch(batch);
            assertThat(out).hasSize(1);
            BatchJmsComponent.Forward dead = out.get(0);
            assertThat(dead.queue()).isEqualTo("hub.dlq.civil");
            assertThat(dead.body()).contains("MZSPENT1");
            assertThat(dead.properties()).containsEntry(ExchangeQueues.STAGE, "store").containsEntry(ExchangeQueues.ATTEMPTS, 10)
                    .containsEntry(ExchangeQueues.RECORD_KEY, "MZSPENT1");
            assertThat((String) dead.properties().get(ExchangeQueues.ERROR)).containsIgnoringCase("batch_it_spent");
            assertThat(cases.findByDepartmentCase("civil", "MZSPENT0")).isPresent();

            // with attempts left and nothing stored, the batch is rolled back instead (the store looks down)
            assertThatThrownBy(() -> stage.processBatch(List.of(inbound("MZSPENT1", 2, 0))))
                    .hasMessageContaining("batch_it_spent");
            // a sibling stored, attempts left: put back on the queue with the next back-off
            List<BatchJmsComponent.Forward> retried = stage.processBatch(List.of(inbound("MZSPENT2", 1, 0), inbound("MZSPENT1", 1, 1)));
            assertThat(retried).singleElement().satisfies(f -> {
                assertThat(f.queue()).isEqualTo("hub.inbound.civil");
                assertThat(f.properties()).containsEntry(ExchangeQueues.RETRIES, 2).containsKey(BatchJmsComponent.SCHEDULED_DELIVERY);
            });
            // the broker's redeliveries count too: rolled back twice (its third delivery), then put back, it has spent 3
            List<BatchJmsComponent.Forward> requeued = stage.processBatch(List.of(inbound("MZSPENT3", 1, 0), inbound("MZSPENT1", 3, 0)));
            assertThat(requeued).singleElement().satisfies(f -> assertThat(f.properties()).containsEntry(ExchangeQueues.RETRIES, 3));
        } finally {
            jdbc.execute("alter table exchange_case drop constraint batch_it_spent");
        }
    }

    private BatchJmsComponent.Record inbound(String caseNo, int deliveries, int retries) throws IOException {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(ExchangeQueues.DEPARTMENT, "civil");
        p.put(ExchangeQueues.CONNECTOR, "exports");
        p.put(ExchangeQueues.RECORD_KEY, caseNo);
        if (retries > 0) {
            p.put(ExchangeQueues.RETRIES, retries);
        }
        return new BatchJmsComponent.Record(new String(record(caseNo, "待受理", 0).payload(), StandardCharsets.UTF_8), p,
                deliveries, System.currentTimeMillis());
    }

    private RawArchive.Received record(String caseNo, String status, int step) throws IOException {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("办件编号", caseNo);
        r.put("事项名称", "养老机构备案");
        r.put("申请单位", "张秀英");
        r.put("证件类型", "身份证");
        r.put("证件号码", "11010519491231002X");
        r.put("联系人", "张秀英");
        r.put("联系电话", "13823456789");
        r.put("申请时间", "2026-11-21 09:05:00");
        r.put("受理时间", step >= 1 ? "2026-11-21 10:00:00" : null);
        r.put("承诺时限", "5个工作日");
        r.put("办理状态", status);
        r.put("当前环节", null);
        r.put("经办人", null);
        r.put("办理意见", null);
        r.put("办结时间", step >= 3 ? "2026-11-21 15:00:00" : null);
        // one change time for every version: the order of the queue is the only order there is
        r.put("更新时间", "20261121090500");
        return new RawArchive.Received(caseNo, RecordIntake.JSON, json.writeValueAsString(r).getBytes(StandardCharsets.UTF_8));
    }
}
