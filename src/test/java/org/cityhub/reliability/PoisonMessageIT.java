package org.cityhub.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.cityhub.bench.Hub;
import org.cityhub.demo.LandBureauLegacyDb;
import org.cityhub.support.HubHome;
import org.cityhub.support.HubProcesses;
import org.cityhub.support.ThrowAwayDatabase;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;

/**
 * A poison record against a hub running as its own process (issue 8), on loopback: the land bureau's MariaDB front
 * table as the department, PostgreSQL as the store, and a trigger on the throw-away store that refuses one case
 * number every time, as a store would refuse a value it cannot take. The record maps fine, so it is not
 * dead-lettered at once: it spends its retry budget ({@code cityhub.ingest.max-attempts}, with the back-off set
 * short here), then goes to {@code hub.dlq.land} with the store's reason and its attempts. The hundreds of rows
 * written after it are stored, each once, while it is still being retried; once the trigger is dropped, replaying
 * the dead letter through the ops API stores it.
 */
class PoisonMessageIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Not the default (10): the dead letter's attempts show the hub counted what it was told to. */
    private static final int MAX_ATTEMPTS = 6;
    private static final int BEHIND = 400;

    @Test
    void aPoisonRecordSpendsItsAttemptsAndIsDeadLetteredWhileTheRecordsBehindItAreStored() throws Exception {
        Path work = Files.createTempDirectory("cityhub-poison");
        try (ThrowAwayDatabase legacy = ThrowAwayDatabase.mariadb("poisonlegacy");
             ThrowAwayDatabase store = ThrowAwayDatabase.postgres("poison");
             HikariDataSource legacyDs = HubProcesses.landFront(legacy)) {
            HubHome home = HubProcesses.landHome(legacy, 100, 200);
            List<String> args = new ArrayList<>(HubProcesses.args(store.url(), store, null, home, work.resolve("hub"), "hub"));
            // 0.5 s, 1 s, 2 s, then 3 s between attempts: the budget is spent in about 12 s
            args.addAll(List.of("--cityhub.ingest.max-attempts=" + MAX_ATTEMPTS, "--cityhub.ingest.retry-delay=500ms",
                    "--cityhub.ingest.max-retry-delay=3s"));
            try (Hub hub = Hub.start(null, List.of("-Xmx512m"), args, work.resolve("hub.log"))) {
                hub.awaitReady(Duration.ofMinutes(3));
                LandBureauLegacyDb bureau = new LandBureauLegacyDb(legacyDs, new Random(8), Clock.systemDefaultZone());
                Map<String, Object> poison = bureau.newCaseRow("1");
                String poisonNo = (String) poison.get("YWLSH");
                refuse(store, poisonNo);

                // the poison row first, alone; the rows behind it once the hub has queued it
                try (Connection c = legacyDs.getConnection()) {
                    bureau.insert(c, poison);
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> HubProcesses.count(store, "select count(*) from raw_message") == 1);
                assertThat(bureau.advance(BEHIND, 0)).isEqualTo(BEHIND);

                JsonNode dead = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                        .until(() -> deadLetters(hub), page -> page.path("items").size() > 0).path("items").get(0);
                assertThat(dead.path("stage").asText()).isEqualTo("store");
                assertThat(dead.path("error").asText()).contains("refused by PoisonMessageIT: case " + poisonNo);
                assertThat(dead.path("attempts").asInt()).as("the configured attempts").isEqualTo(MAX_ATTEMPTS);
                assertThat(dead.path("payload").asText()).contains(poisonNo);
                assertThat(HubProcesses.count(store, "select last_value from poison_refusals"))
                        .as("the store was asked at least once per attempt").isGreaterThanOrEqualTo(MAX_ATTEMPTS);

                // the rows behind it: every one stored once, and before the poison's budget was spent
                assertThat(HubProcesses.count(store, "select count(*) from exchange_case")).isEqualTo(BEHIND);
                assertThat(HubProcesses.count(store, "select count(*) from case_version")).as("one version each").isEqualTo(BEHIND);
                assertThat(HubProcesses.count(store, "select count(*) from exchange_case where department_case_no = '" + poisonNo + "'")).isZero();
                OffsetDateTime lastStored = OffsetDateTime.parse(HubProcesses.text(store,
                        "select to_char(max(recorded_at) at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') from case_version"));
                assertThat(lastStored).as("the rows behind it did not wait for its attempts")
                        .isBefore(OffsetDateTime.parse(dead.path("deadLetteredAt").asText()));
                assertThat(queueDepth(hub, "hub.inbound.land")).isZero();
                assertThat(queueDepth(hub, "hub.dlq.broker")).as("the hub dead-lettered it, not the broker's backstop").isZero();

                // the store takes it again: a replay stores it, once
                try (Connection c = store.connect(); Statement st = c.createStatement()) {
                    st.execute("drop trigger poison on exchange_case");
                }
                hub.post("/api/v1/ops/dead-letters/replay", JSON.writeValueAsString(Map.of("department", "land",
                        "ids", List.of(dead.path("id").asText()), "reason", "the store accepts the case again")));
                await().atMost(Duration.ofSeconds(60)).until(() -> HubProcesses.count(store,
                        "select count(*) from exchange_case where department_case_no = '" + poisonNo + "'") == 1);
                assertThat(HubProcesses.count(store, "select count(*) from exchange_case")).isEqualTo(BEHIND + 1);
                assertThat(deadLetters(hub).path("items").size()).isZero();
            }
        }
    }

    /**
     * The injected fault: a trigger on the store that refuses the one case number, every time, counting its refusals
     * in a sequence (a sequence is not rolled back with the refused transaction).
     */
    private static void refuse(ThrowAwayDatabase store, String caseNo) throws Exception {
        try (Connection c = store.connect(); Statement st = c.createStatement()) {
            st.execute("create sequence poison_refusals");
            st.execute("""
                    create function refuse_poison() returns trigger language plpgsql as $$
                    begin
                      if new.department_case_no = '%s' then
                        perform nextval('poison_refusals');
                        raise exception 'refused by PoisonMessageIT: case %%', new.department_case_no;
                      end if;
                      return new;
                    end $$""".formatted(caseNo));
            st.execute("create trigger poison before insert on exchange_case for each row execute function refuse_poison()");
        }
    }

    private static JsonNode deadLetters(Hub hub) throws Exception {
        return JSON.readTree(hub.get("/api/v1/ops/dead-letters?department=land"));
    }

    private static long queueDepth(Hub hub, String queue) throws Exception {
        try {
            return JSON.readTree(hub.get("/api/v1/ops/queues/" + queue)).path("depth").asLong();
        } catch (IllegalStateException e) {
            // 404: the broker never made the queue, so nothing was ever put on it
            assertThat(e.getMessage()).contains(" answered 404");
            return 0;
        }
    }
}
