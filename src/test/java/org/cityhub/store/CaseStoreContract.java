package org.cityhub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import org.cityhub.caseflow.IllegalTransitionException;
import org.cityhub.caseflow.SupervisionCode;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The exchange store's guarantees, run against each database the hub supports. */
abstract class CaseStoreContract {

    protected static final ObjectMapper JSON = new ObjectMapper();

    protected CaseStore store;
    protected RawArchive archive;
    protected JdbcTemplate jdbc;

    protected abstract DataSource dataSource();

    @BeforeEach
    void migrateAndClean() {
        Flyway.configure().dataSource(dataSource()).locations("classpath:db/migration").load().migrate();
        jdbc = new JdbcTemplate(dataSource());
        jdbc.update("delete from case_progress");
        jdbc.update("delete from case_intake");
        jdbc.update("delete from intake_request");
        jdbc.update("delete from case_dispatch");
        jdbc.update("delete from case_light");
        jdbc.update("delete from case_version");
        jdbc.update("delete from exchange_case");
        jdbc.update("delete from raw_message");
        jdbc.update("update feed_head set last_seq = 0");
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource()));
        store = new CaseStore(jdbc, tx, JSON, Clock.systemUTC());
        archive = new RawArchive(jdbc, Clock.systemUTC());
    }

    static ObjectNode caseDoc(String caseNo, String status, String updatedAt) {
        ObjectNode c = JSON.createObjectNode();
        c.put("departmentCaseNo", caseNo);
        c.put("status", status);
        c.put("updatedAt", updatedAt);
        ObjectNode app = c.putObject("application");
        app.put("itemName", "建设用地规划许可证核发");
        app.putObject("applicant").put("name", "张三");
        app.put("submittedAt", "2026-11-01T09:30:00+08:00");
        return c;
    }

    private IncomingCase incoming(ObjectNode doc, Long rawId) {
        return new IncomingCase("land", "500102", "cases", rawId, doc);
    }

    private StoreOutcome put(ObjectNode doc) {
        return store.apply(List.of(incoming(doc, null))).get(0);
    }

    /** A platform case sent to drug (which keeps the code) and land (which answered its own number GT-H-1). */
    private String fusedCase(String platformNo) {
        ObjectNode intake = caseDoc(platformNo, "SUBMITTED", "2026-11-01T09:30:00+08:00");
        intake.remove("updatedAt");
        String code = store.apply(List.of(new IncomingCase("platform", "500102", "intake", null, intake.deepCopy()))).get(0)
                .supervisionCode();
        new IntakeStore(jdbc, Clock.systemUTC()).insert("key-" + platformNo, "0".repeat(64), code, List.of("drug", "land"),
                intake.toString());
        DispatchStore dispatches = new DispatchStore(jdbc, Clock.systemUTC());
        dispatches.record(code, "drug", "intake", DispatchStore.State.SENT, "YJ-" + platformNo, 1, null);
        dispatches.record(code, "land", "rest", DispatchStore.State.SENT, "GT-H-" + platformNo, 1, null);
        return code;
    }

    private StoreOutcome progress(String department, ObjectNode doc) {
        return store.apply(List.of(new IncomingCase(department, "500102", "cases", null, doc))).get(0);
    }

    @Test
    void progressOfADispatchedCaseBuildsThatCaseByCodeOrByAcknowledgedNumberNeverANewOne() {
        String code = fusedCase("PT001");

        ObjectNode drug = caseDoc("YJ-PT001", "IN_REVIEW", "2026-11-02T10:00:00+08:00").put("supervisionCode", code);
        assertThat(progress("drug", drug)).isEqualTo(new StoreOutcome(code, 2, StoreOutcome.Effect.UPDATED));
        assertThat(progress("drug", drug.deepCopy())).as("the same progress again")
                .isEqualTo(new StoreOutcome(code, 2, StoreOutcome.Effect.UNCHANGED));
        ObjectNode land = caseDoc("GT-H-PT001", "APPROVED", "2026-11-03T10:00:00+08:00");
        assertThat(progress("land", land)).isEqualTo(new StoreOutcome(code, 3, StoreOutcome.Effect.UPDATED));
        assertThat(progress("land", caseDoc("GT-H-PT001", "IN_REVIEW", "2026-11-02T08:00:00+08:00")).effect())
                .as("older than the department's latest").isEqualTo(StoreOutcome.Effect.STALE);

        StoredCase c = store.findByCode(code).orElseThrow();
        assertThat(c.department()).isEqualTo("platform");
        assertThat(c.status()).isEqualTo("IN_REVIEW");
        assertThat(store.progress(code)).extracting(CaseStore.DepartmentProgress::department, p -> p.status().name())
                .containsExactly(org.assertj.core.api.Assertions.tuple("drug", "IN_REVIEW"),
                        org.assertj.core.api.Assertions.tuple("land", "APPROVED"));
        assertThat(store.countCases("drug") + store.countCases("land")).isZero();
        assertThatThrownBy(() -> progress("land", caseDoc("GT-H-PT001", "SUBMITTED", "2026-11-04T10:00:00+08:00")))
                .isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void aRecordNamingTheCodeOfACaseNeverSentToItsDepartmentIsRefused() {
        String code = fusedCase("PT002");
        ObjectNode civil = caseDoc("MZ-1", "ACCEPTED", "2026-11-02T10:00:00+08:00").put("supervisionCode", code);

        assertThatThrownBy(() -> progress("civil", civil)).isInstanceOf(org.cityhub.caseflow.ForeignSupervisionCodeException.class)
                .hasMessageContaining(code).hasMessageContaining("civil");
        assertThat(store.countCases("civil")).isZero();
    }

    @Test
    void newCaseGetsAValidSupervisionCodeAndVersionOne() {
        StoreOutcome out = put(caseDoc("GT001", "SUBMITTED", "2026-11-01T09:30:00+08:00"));

        assertThat(out.effect()).isEqualTo(StoreOutcome.Effect.CREATED);
        assertThat(out.version()).isEqualTo(1);
        SupervisionCode code = SupervisionCode.parse(out.supervisionCode());
        assertThat(code.region()).isEqualTo("500102");
        StoredCase stored = store.findByCode(out.supervisionCode()).orElseThrow();
        assertThat(stored.content()).contains("\"supervisionCode\":\"" + out.supervisionCode() + "\"", "\"version\":1");
    }

    @Test
    void chineseTextIsStoredExactlyOnTheOneByOneAndTheBatchPathsInTheCaseAndItsVersions() throws Exception {
        // 𠀀 (U+20000) is four bytes in UTF-8 and a surrogate pair in Java; the others three bytes each
        String name = "重庆市涪陵区规划和自然资源局 𠀀 “引号” ①";
        ObjectNode alone = caseDoc("ZH1", "SUBMITTED", "2026-11-01T09:30:00+08:00");
        ((ObjectNode) alone.get("application")).put("itemName", name);
        put(alone);
        ObjectNode changed = caseDoc("ZH1", "ACCEPTED", "2026-11-02T09:30:00+08:00");
        ((ObjectNode) changed.get("application")).put("itemName", name + " 变更");
        List<ObjectNode> batch = List.of(changed, caseDoc("ZH2", "SUBMITTED", "2026-11-01T09:30:00+08:00"));
        ((ObjectNode) batch.get(1).get("application")).put("itemName", name);
        store.apply(batch.stream().map(d -> incoming(d, null)).toList());

        StoredCase zh1 = store.findByDepartmentCase("land", "ZH1").orElseThrow();
        assertThat(JSON.readTree(zh1.content()).at("/application/itemName").asText()).isEqualTo(name + " 变更");
        assertThat(store.history(zh1.id())).extracting(v -> {
            try {
                return JSON.readTree(v.content()).at("/application/itemName").asText();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).containsExactly(name, name + " 变更");
        StoredCase zh2 = store.findByDepartmentCase("land", "ZH2").orElseThrow();
        assertThat(JSON.readTree(zh2.content()).at("/application/itemName").asText()).isEqualTo(name);
        assertThat(JSON.readTree(zh2.content()).at("/application/applicant/name").asText()).isEqualTo("张三");
        assertThat(jdbc.queryForObject("select count(*) from case_version where content like ?", Integer.class, "%𠀀%"))
                .isEqualTo(3);
    }

    @Test
    void sameRecordTwiceYieldsNoNewVersion() {
        StoreOutcome first = put(caseDoc("GT002", "ACCEPTED", "2026-11-01T10:00:00+08:00"));
        StoreOutcome again = put(caseDoc("GT002", "ACCEPTED", "2026-11-01T10:00:00+08:00"));

        assertThat(again.effect()).isEqualTo(StoreOutcome.Effect.UNCHANGED);
        assertThat(again.supervisionCode()).isEqualTo(first.supervisionCode());
        assertThat(store.history(store.findByCode(first.supervisionCode()).orElseThrow().id())).hasSize(1);
    }

    @Test
    void changedRecordYieldsExactlyOneNewVersionUnderTheSameCode() {
        StoreOutcome first = put(caseDoc("GT003", "ACCEPTED", "2026-11-01T10:00:00+08:00"));
        StoreOutcome changed = put(caseDoc("GT003", "IN_REVIEW", "2026-11-02T10:00:00+08:00"));
        put(caseDoc("GT003", "IN_REVIEW", "2026-11-02T10:00:00+08:00"));

        assertThat(changed.effect()).isEqualTo(StoreOutcome.Effect.UPDATED);
        assertThat(changed.supervisionCode()).isEqualTo(first.supervisionCode());
        List<CaseVersion> history = store.history(store.findByCode(first.supervisionCode()).orElseThrow().id());
        assertThat(history).extracting(CaseVersion::version).containsExactly(1, 2);
        assertThat(history).extracting(CaseVersion::status).containsExactly("ACCEPTED", "IN_REVIEW");
        assertThat(history.get(1).seq()).isGreaterThan(history.get(0).seq());
    }

    @Test
    void olderUpdateThanTheStoredOneIsNotApplied() {
        put(caseDoc("GT004", "IN_REVIEW", "2026-11-02T10:00:00+08:00"));
        StoreOutcome stale = put(caseDoc("GT004", "ACCEPTED", "2026-11-01T10:00:00+08:00"));

        assertThat(stale.effect()).isEqualTo(StoreOutcome.Effect.STALE);
        assertThat(store.findByDepartmentCase("land", "GT004").orElseThrow().status()).isEqualTo("IN_REVIEW");
    }

    @Test
    void closedCaseIsNotReopenedAndTheWholeBatchIsRefused() {
        put(caseDoc("GT005", "COMPLETED", "2026-11-02T10:00:00+08:00"));

        assertThatThrownBy(() -> store.apply(List.of(
                incoming(caseDoc("GT006", "SUBMITTED", "2026-11-03T10:00:00+08:00"), null),
                incoming(caseDoc("GT005", "IN_REVIEW", "2026-11-03T10:00:00+08:00"), null))))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining("GT005").hasMessageContaining("COMPLETED").hasMessageContaining("IN_REVIEW");
        assertThat(store.findByDepartmentCase("land", "GT006")).isEmpty();
    }

    /**
     * The batch path (one statement per kind per batch) gives each case what storing it alone would: new,
     * changed, unchanged and stale cases mixed, in feed order, and a case twice in one batch in its order.
     */
    @Test
    void aCaseIsReadWithItsLightsClockOnlyWhenThatLightIsOfThisVersionAndWithWhetherItWasDispatched() {
        StoreOutcome a = put(caseDoc("R1", "ACCEPTED", "2026-11-01T10:00:00+08:00"));
        StoreOutcome b = put(caseDoc("R2", "ACCEPTED", "2026-11-01T10:00:00+08:00"));
        put(caseDoc("R2", "IN_REVIEW", "2026-11-02T10:00:00+08:00"));
        java.sql.Timestamp now = java.sql.Timestamp.from(java.time.Instant.now());
        // R1's light is of its version; R2's of version 1, before its change to version 2
        jdbc.update("insert into case_light (supervision_code, department, case_version, light, clock_stopped, computed_at, clock)"
                + " values (?, 'land', 1, 'GREEN', false, ?, 'clock-of-R1')", a.supervisionCode(), now);
        jdbc.update("insert into case_light (supervision_code, department, case_version, light, clock_stopped, computed_at, clock)"
                + " values (?, 'land', 1, 'GREEN', false, ?, 'clock-of-R2-v1')", b.supervisionCode(), now);
        jdbc.update("insert into case_dispatch (supervision_code, department, target, state, attempts, updated_at)"
                + " values (?, 'water', 'water-front', 'SENT', 1, ?)", b.supervisionCode(), now);

        CaseStore.CaseReading r1 = store.reading(a.supervisionCode()).orElseThrow();
        CaseStore.CaseReading r2 = store.reading(b.supervisionCode()).orElseThrow();

        assertThat(r1.stored().departmentCaseNo()).isEqualTo("R1");
        assertThat(r1.stored().content()).isEqualTo(store.findByCode(a.supervisionCode()).orElseThrow().content());
        assertThat(r1.lightClock()).isEqualTo("clock-of-R1");
        assertThat(r1.dispatched()).isFalse();
        assertThat(r2.stored().version()).isEqualTo(2);
        assertThat(r2.lightClock()).as("a light of an older version").isNull();
        assertThat(r2.dispatched()).isTrue();
        assertThat(store.reading("50010226110100000000X")).isEmpty();
    }

    @Test
    void theChangesWithoutTheirDocumentsFollowTheFeedPageByPage() {
        StoreOutcome a = put(caseDoc("C1", "ACCEPTED", "2026-11-01T10:00:00+08:00"));
        StoreOutcome b = put(caseDoc("C2", "ACCEPTED", "2026-11-01T10:00:00+08:00"));
        put(caseDoc("C1", "IN_REVIEW", "2026-11-02T10:00:00+08:00"));
        List<FeedEntry> feed = store.feed(0, 100, null, null);

        List<CaseStore.Change> first = store.changesAfter(0, 2);
        List<CaseStore.Change> rest = store.changesAfter(first.get(1).seq(), 100);

        assertThat(first).extracting(CaseStore.Change::seq).containsExactly(feed.get(0).seq(), feed.get(1).seq());
        assertThat(first).extracting(CaseStore.Change::supervisionCode).containsExactly(a.supervisionCode(), b.supervisionCode());
        assertThat(rest).extracting(CaseStore.Change::seq).containsExactly(feed.get(2).seq());
        assertThat(rest).extracting(CaseStore.Change::supervisionCode).containsExactly(a.supervisionCode());
        assertThat(store.changesAfter(feed.get(2).seq(), 100)).isEmpty();
    }

    @Test
    void aMixedBatchStoresEachCaseAsIfStoredAlone() {
        put(caseDoc("B1", "ACCEPTED", "2026-11-01T10:00:00+08:00"));
        put(caseDoc("B2", "ACCEPTED", "2026-11-01T10:00:00+08:00"));
        put(caseDoc("B3", "IN_REVIEW", "2026-11-02T10:00:00+08:00"));
        long before = store.feed(0, 100, null, null).size();

        List<StoreOutcome> out = store.apply(List.of(
                incoming(caseDoc("B4", "SUBMITTED", "2026-11-03T10:00:00+08:00"), null),
                incoming(caseDoc("B1", "IN_REVIEW", "2026-11-03T10:00:00+08:00"), null),
                incoming(caseDoc("B2", "ACCEPTED", "2026-11-01T10:00:00+08:00"), null),
                incoming(caseDoc("B3", "ACCEPTED", "2026-11-01T10:00:00+08:00"), null),
                incoming(caseDoc("B5", "ACCEPTED", "2026-11-03T11:00:00+08:00"), null)));

        assertThat(out).extracting(StoreOutcome::effect).containsExactly(StoreOutcome.Effect.CREATED,
                StoreOutcome.Effect.UPDATED, StoreOutcome.Effect.UNCHANGED, StoreOutcome.Effect.STALE, StoreOutcome.Effect.CREATED);
        assertThat(out).extracting(StoreOutcome::version).containsExactly(1, 2, 1, 1, 1);
        assertThat(SupervisionCode.parse(out.get(0).supervisionCode()).region()).isEqualTo("500102");
        assertThat(out.get(4).supervisionCode()).isNotEqualTo(out.get(0).supervisionCode());
        assertThat(store.findByDepartmentCase("land", "B1").orElseThrow().status()).isEqualTo("IN_REVIEW");
        assertThat(store.findByDepartmentCase("land", "B3").orElseThrow().status()).isEqualTo("IN_REVIEW");
        StoredCase b4 = store.findByDepartmentCase("land", "B4").orElseThrow();
        assertThat(b4.supervisionCode()).isEqualTo(out.get(0).supervisionCode());
        assertThat(store.history(b4.id())).extracting(CaseVersion::version).containsExactly(1);
        List<FeedEntry> feed = store.feed(0, 100, null, null);
        assertThat(feed).hasSize((int) before + 3);
        assertThat(feed.subList((int) before, feed.size())).extracting(e -> {
            try {
                return JSON.readTree(e.content()).get("departmentCaseNo").asText();
            } catch (Exception x) {
                throw new IllegalStateException(x);
            }
        }).containsExactly("B4", "B1", "B5");

        List<StoreOutcome> twice = store.apply(List.of(
                incoming(caseDoc("B6", "SUBMITTED", "2026-11-04T10:00:00+08:00"), null),
                incoming(caseDoc("B6", "ACCEPTED", "2026-11-04T11:00:00+08:00"), null)));
        assertThat(twice).extracting(StoreOutcome::effect).containsExactly(StoreOutcome.Effect.CREATED, StoreOutcome.Effect.UPDATED);
        assertThat(store.history(store.findByDepartmentCase("land", "B6").orElseThrow().id()))
                .extracting(CaseVersion::status).containsExactly("SUBMITTED", "ACCEPTED");
    }

    @Test
    void eachVersionPointsToTheRawMessageItCameFrom() {
        byte[] payload = "{\"YWLSH\":\"GT007\"}".getBytes(StandardCharsets.UTF_8);
        RawArchive.Archived raw = archive.accept("land", "cases",
                List.of(new RawArchive.Received("row-7", "application/json", payload))).get(0);
        StoreOutcome out = store.apply(List.of(incoming(caseDoc("GT007", "SUBMITTED", "2026-11-01T10:00:00+08:00"), raw.id()))).get(0);

        CaseVersion v = store.history(store.findByCode(out.supervisionCode()).orElseThrow().id()).get(0);
        assertThat(v.rawMessageId()).isEqualTo(raw.id());
        assertThat(v.rawSha256()).isEqualTo(Sha256.hex(payload)).hasSize(64);
        assertThat(v.receivedAt()).isNotNull();
        assertThat(v.connector()).isEqualTo("cases");
    }

    @Test
    void rawArchiveHandsOutARecordUntilItIsMarkedQueuedAndThenNeverAgain() {
        RawArchive.Received r = new RawArchive.Received("k1", "application/json", "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        List<RawArchive.Archived> first = archive.accept("land", "cases", List.of(r));
        List<RawArchive.Archived> crashedBeforeQueue = archive.accept("land", "cases", List.of(r));
        archive.markQueued(first.stream().map(RawArchive.Archived::id).toList());
        List<RawArchive.Archived> afterQueued = archive.accept("land", "cases", List.of(r));

        assertThat(first).hasSize(1);
        assertThat(crashedBeforeQueue).extracting(RawArchive.Archived::id).containsExactly(first.get(0).id());
        assertThat(afterQueued).isEmpty();
        assertThat(archive.count("land")).isEqualTo(1);
    }

    /**
     * Writers commit concurrently while a reader pages the feed with the cursor; the reader must see
     * every version exactly once and in increasing order: the guarantee a plain sequence breaks.
     */
    @Test
    void feedReaderSeesEveryChangeExactlyOnceWhileWritersCommitConcurrently() throws Exception {
        int writers = 4;
        int casesPerWriter = 60;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        AtomicBoolean writing = new AtomicBoolean(true);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            done.add(pool.submit(() -> {
                for (int i = 0; i < casesPerWriter; i += 3) {
                    List<IncomingCase> batch = new ArrayList<>();
                    for (int j = i; j < i + 3; j++) {
                        batch.add(incoming(caseDoc("W" + writer + "-" + j, "SUBMITTED", "2026-11-01T10:00:00+08:00"), null));
                    }
                    store.apply(batch);
                    store.apply(List.of(incoming(caseDoc("W" + writer + "-" + i, "ACCEPTED", "2026-11-01T11:00:00+08:00"), null)));
                }
                return null;
            }));
        }
        Set<String> seen = new HashSet<>();
        List<Long> seqs = new ArrayList<>();
        long cursor = 0;
        Thread stopper = new Thread(() -> {
            for (Future<?> f : done) {
                try {
                    f.get();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            writing.set(false);
        });
        stopper.start();
        while (true) {
            boolean stillWriting = writing.get();
            List<FeedEntry> page = store.feed(cursor, 7, null, null);
            for (FeedEntry e : page) {
                var node = JSON.readTree(e.content());
                assertThat(seen.add(node.get("departmentCaseNo").asText() + "#" + node.get("version").asInt()))
                        .as("change seen twice: %s", e.content()).isTrue();
                seqs.add(e.seq());
                cursor = e.seq();
            }
            if (page.isEmpty() && !stillWriting) {
                break;
            }
        }
        stopper.join();
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        for (Future<?> f : done) {
            f.get();
        }
        int expectedVersions = writers * (casesPerWriter + casesPerWriter / 3);
        assertThat(seen).hasSize(expectedVersions);
        assertThat(seqs).isSorted().doesNotHaveDuplicates();
    }
}
