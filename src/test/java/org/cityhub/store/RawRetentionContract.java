package org.cityhub.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Raw archive retention on each database the hub supports: payloads older than the retention are blanked,
 * rows, hashes and times stay, case history still links its raw message (shown as purged, with when), a record
 * received again is still recognised, and a replay skips what has nothing left to replay.
 */
abstract class RawRetentionContract {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-21T02:00:00Z");

    protected abstract DataSource dataSource();

    private JdbcTemplate jdbc;
    private CaseStore store;

    @BeforeEach
    void migrateAndClean() {
        Flyway.configure().dataSource(dataSource()).locations("classpath:db/migration").load().migrate();
        jdbc = new JdbcTemplate(dataSource());
        for (String t : List.of("case_progress", "case_intake", "intake_request", "case_dispatch", "case_version", "exchange_case",
                "raw_message")) {
            jdbc.update("delete from " + t);
        }
        jdbc.update("update feed_head set last_seq = 0");
        store = new CaseStore(jdbc, new TransactionTemplate(new DataSourceTransactionManager(dataSource())), JSON, Clock.systemUTC());
    }

    private RawArchive archiveAt(Instant when) {
        return new RawArchive(jdbc, Clock.fixed(when, ZoneOffset.UTC));
    }

    private RawRetention retention(Period keep, int batch) {
        return new RawRetention(archiveAt(NOW), new RetentionProperties(keep, Duration.ofHours(1), batch, Duration.ofMinutes(1)),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static byte[] payload(String no) {
        return ("{\"YWLSH\":\"" + no + "\",\"ZJHM\":\"500102199001011234\"}").getBytes(StandardCharsets.UTF_8);
    }

    private long archiveAndStore(String no, Instant receivedAt) {
        RawArchive.Archived raw = archiveAt(receivedAt).accept("land", "cases",
                List.of(new RawArchive.Received(no, "application/json", payload(no)))).get(0);
        archiveAt(receivedAt).markQueued(List.of(raw.id()));
        ObjectNode c = JSON.createObjectNode();
        c.put("departmentCaseNo", no);
        c.put("status", "SUBMITTED");
        c.put("updatedAt", "2026-01-01T10:00:00+08:00");
        c.putObject("application").put("itemName", "建设用地规划许可证核发").put("submittedAt", "2026-01-01T09:30:00+08:00")
                .putObject("applicant").put("name", "张三");
        store.apply(List.of(new IncomingCase("land", "500102", "cases", raw.id(), c)));
        return raw.id();
    }

    @Test
    void rawPayloadsOlderThanTheRetentionAreBlankedAndTheirRowsHashesAndLinksStay() {
        long old = archiveAndStore("GT-OLD", NOW.minus(Duration.ofDays(400)));
        long recent = archiveAndStore("GT-NEW", NOW.minus(Duration.ofDays(10)));

        long purged = retention(Period.ofYears(1), 1000).purge();

        assertThat(purged).isEqualTo(1);
        RawArchive archive = archiveAt(NOW);
        assertThat(archive.find(old).orElseThrow().payload()).isEmpty();
        assertThat(archive.find(old).orElseThrow().sha256()).isEqualTo(Sha256.hex(payload("GT-OLD")));
        assertThat(archive.find(recent).orElseThrow().payload()).isEqualTo(payload("GT-NEW"));
        assertThat(archive.purgedAt(old)).isPresent();
        assertThat(archive.purgedAt(recent)).isEmpty();

        CaseVersion v = store.history(store.findByDepartmentCase("land", "GT-OLD").orElseThrow().id()).get(0);
        assertThat(v.rawMessageId()).isEqualTo(old);
        assertThat(v.rawSha256()).isEqualTo(Sha256.hex(payload("GT-OLD")));
        assertThat(v.receivedAt()).isNotNull();
        assertThat(v.rawPurgedAt()).isNotNull();
        assertThat(v.content()).contains("GT-OLD");
        assertThat(store.history(store.findByDepartmentCase("land", "GT-NEW").orElseThrow().id()).get(0).rawPurgedAt()).isNull();
    }

    @Test
    void aRecordReceivedAgainAfterItsPayloadWasPurgedIsStillRecognised() {
        archiveAndStore("GT-AGAIN", NOW.minus(Duration.ofDays(800)));
        retention(Period.ofYears(2), 1000).purge();

        List<RawArchive.Archived> again = archiveAt(NOW).accept("land", "cases",
                List.of(new RawArchive.Received("GT-AGAIN", "application/json", payload("GT-AGAIN"))));

        assertThat(again).isEmpty();
        assertThat(archiveAt(NOW).count("land")).isEqualTo(1);
    }

    @Test
    void aReplaySkipsPurgedMessagesAndAPurgeRunsInBatchesAndOnlyOnce() {
        for (int i = 0; i < 7; i++) {
            archiveAndStore("GT-B" + i, NOW.minus(Duration.ofDays(100 + i)));
        }
        archiveAndStore("GT-KEEP", NOW.minus(Duration.ofDays(5)));
        OffsetDateTime from = OffsetDateTime.ofInstant(NOW.minus(Duration.ofDays(1000)), ZoneOffset.UTC);
        OffsetDateTime to = OffsetDateTime.ofInstant(NOW, ZoneOffset.UTC);

        assertThat(retention(Period.ofDays(30), 3).purge()).isEqualTo(7);
        assertThat(retention(Period.ofDays(30), 3).purge()).isZero();

        assertThat(archiveAt(NOW).countRange("land", null, from, to)).isEqualTo(1);
        assertThat(archiveAt(NOW).page("land", null, from, to, 0, 100)).extracting(RawArchive.Stored::recordKey).containsExactly("GT-KEEP");
        assertThat(jdbc.queryForObject("select count(*) from raw_message", Long.class)).isEqualTo(8);
    }

    @Test
    void withoutARetentionNothingIsPurged() {
        long id = archiveAndStore("GT-FOREVER", NOW.minus(Duration.ofDays(5000)));
        assertThat(retention(null, 1000).purge()).isZero();
        assertThat(archiveAt(NOW).find(id).orElseThrow().payload()).isEqualTo(payload("GT-FOREVER"));
    }
}
