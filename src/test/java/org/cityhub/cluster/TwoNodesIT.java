package org.cityhub.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.cityhub.bench.Hub;
import org.cityhub.demo.LandBureauLegacyDb;
import org.cityhub.support.HubHome;
import org.cityhub.support.HubProcesses;
import org.cityhub.support.StandaloneArtemis;
import org.cityhub.support.ThrowAwayDatabase;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;

/**
 * Two hub processes on one PostgreSQL store and one standalone Artemis broker, on loopback: the node holding the
 * land bureau's polling lease is killed (SIGKILL) in the middle of the bureau's 3,000 rows; the other node takes the
 * polling over, and every row arrives exactly once (one case, one version, one raw message each), none dead-lettered.
 */
class TwoNodesIT {

    private static final int ROWS = 3000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void whenTheNodePollingASourceIsKilledTheOtherTakesItOverAndEveryRecordArrivesOnce() throws Exception {
        try (StandaloneArtemis broker = StandaloneArtemis.start(HubProcesses.INBOUND_SETTINGS);
             ThrowAwayDatabase legacy = ThrowAwayDatabase.mariadb("twonodeslegacy");
             ThrowAwayDatabase store = ThrowAwayDatabase.postgres("twonodes");
             HikariDataSource legacyDs = new HikariDataSource()) {
            legacyDs.setJdbcUrl(legacy.url());
            legacyDs.setUsername(legacy.user());
            legacyDs.setMaximumPoolSize(2);
            LandBureauLegacyDb.createSchema(legacyDs);

            HubHome home = HubProcesses.landHome(legacy, 100, 300);
            Path work = Files.createTempDirectory("cityhub-two-nodes");
            List<Hub> hubs = new ArrayList<>();
            try {
                // node-a starts first and takes the lease; node-b waits beside it
                hubs.add(Hub.start(null, List.of("-Xmx512m"), HubProcesses.args(store.url(), store, broker, home, work.resolve("node-a"), "node-a"), work.resolve("node-a.log")));
                hubs.get(0).awaitReady(Duration.ofMinutes(3));
                hubs.add(Hub.start(null, List.of("-Xmx512m"), HubProcesses.args(store.url(), store, broker, home, work.resolve("node-b"), "node-b"), work.resolve("node-b.log")));
                hubs.get(1).awaitReady(Duration.ofMinutes(3));
                assertThat(owner(store)).isEqualTo("node-a");
                // (the departments start just after health answers)
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> state(hubs.get(1)).equals("STANDBY"));
                assertThat(state(hubs.get(0))).isEqualTo("RUNNING");
                // the bureau's rows appear once both nodes run
                new LandBureauLegacyDb(legacyDs, new Random(11), Clock.systemDefaultZone()).seed(ROWS);

                await().atMost(Duration.ofMinutes(2)).until(() -> count(store, "select count(*) from exchange_case") >= ROWS / 5);
                long atKill = count(store, "select count(*) from exchange_case");
                assertThat(atKill).as("killed in the middle of the rows").isLessThan(ROWS);
                ProcessHandle.of(hubs.get(0).pid()).ifPresent(ProcessHandle::destroyForcibly);

                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> count(store, "select count(*) from exchange_case") >= ROWS);
                // a few seconds more: anything stored twice would show now
                Thread.sleep(3000);
                assertThat(count(store, "select count(*) from exchange_case")).isEqualTo(ROWS);
                assertThat(count(store, "select count(distinct department_case_no) from exchange_case")).isEqualTo(ROWS);
                assertThat(count(store, "select count(*) from case_version")).as("one version per row, none twice").isEqualTo(ROWS);
                assertThat(count(store, "select count(*) from raw_message")).as("one raw message per row").isEqualTo(ROWS);
                assertThat(owner(store)).as("the survivor polls now").isEqualTo("node-b");
                await().atMost(Duration.ofSeconds(10)).until(() -> state(hubs.get(1)).equals("RUNNING"));
                var dlq = JSON.readTree(hubs.get(1).get("/api/v1/ops/queues/hub.dlq.land"));
                assertThat(dlq.path("depth").asLong()).isZero();
                assertThat(Files.readString(work.resolve("node-b.log"))).contains("cluster: node 'node-b' polls land/cases now");
            } finally {
                for (Hub h : hubs) {
                    h.close();
                }
            }
        }
    }

    private static String state(Hub hub) throws Exception {
        return JSON.readTree(hub.get("/api/v1/connectors/land/cases")).path("state").asText();
    }

    private static String owner(ThrowAwayDatabase store) throws Exception {
        return HubProcesses.text(store, "select owner from source_lease where department = 'land' and connector = 'cases'");
    }

    private static long count(ThrowAwayDatabase store, String sql) throws Exception {
        return HubProcesses.count(store, sql);
    }
}
