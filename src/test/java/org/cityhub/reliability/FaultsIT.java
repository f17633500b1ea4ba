package org.cityhub.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

import org.cityhub.bench.Hub;
import org.cityhub.demo.LandBureauLegacyDb;
import org.cityhub.support.HubHome;
import org.cityhub.support.HubProcesses;
import org.cityhub.support.StandaloneArtemis;
import org.cityhub.support.TcpProxy;
import org.cityhub.support.ThrowAwayDatabase;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;

/**
 * Faults injected for real into a hub running as its own process, on loopback, with the land bureau's MariaDB
 * front table as the department and PostgreSQL as the store: the hub killed (SIGKILL) several times in the middle
 * of 50,000 rows, a standalone broker killed and restarted during traffic, the store refusing connections for a
 * while. After each, every row is stored exactly once (one case, one version, one raw message), the watermark is
 * the last row's, and nothing is dead-lettered.
 */
class FaultsIT {

    private static final Logger log = LoggerFactory.getLogger(FaultsIT.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theHubKilledSeveralTimesMidIngestStoresEveryRecordExactlyOnce() throws Exception {
        int rows = 50_000;
        try (Fixture f = new Fixture(rows, 500, 200)) {
            Path data = f.work.resolve("solo");
            List<String> args = HubProcesses.args(f.store.url(), f.store, null, f.home, data, "solo");
            Hub hub = f.start(args, "solo-0");
            f.seed();
            // three kill points at random, in order, between 5% and 90% of the rows
            long[] at = ThreadLocalRandom.current().longs(3, rows / 20, rows * 9L / 10).sorted().toArray();
            log.info("killing the hub when {} cases are stored", java.util.Arrays.toString(at));
            for (int i = 0; i < at.length; i++) {
                long point = at[i];
                await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100)).until(() -> f.cases() >= point);
                ProcessHandle.of(hub.pid()).ifPresent(ProcessHandle::destroyForcibly);
                hub.close();
                log.info("killed at {} cases stored", f.cases());
                hub = f.start(args, "solo-" + (i + 1));
            }
            f.awaitAllExactlyOnce(Duration.ofMinutes(6));
            f.assertNothingDeadLettered(hub);
        }
    }

    @Test
    void aStandaloneBrokerKilledAndRestartedDuringTrafficLosesNothing() throws Exception {
        int rows = 6_000;
        try (StandaloneArtemis broker = StandaloneArtemis.start(HubProcesses.INBOUND_SETTINGS); Fixture f = new Fixture(rows, 100, 200)) {
            Hub hub = f.start(HubProcesses.args(f.store.url(), f.store, broker, f.home, f.work.resolve("hub"), "hub"), "hub");
            f.seed();
            await().atMost(Duration.ofMinutes(3)).until(() -> f.cases() >= rows / 4);
            broker.kill();
            long atKill = f.cases();
            Thread.sleep(5000);
            broker.run();
            log.info("broker restarted; {} cases were stored when it was killed, {} now", atKill, f.cases());
            assertThat(atKill).isLessThan(rows);
            f.awaitAllExactlyOnce(Duration.ofMinutes(4));
            f.assertNothingDeadLettered(hub);
        }
    }

    @Test
    void aStoreRefusingConnectionsPausesTheHubWhichResumesByItself() throws Exception {
        int rows = 6_000;
        try (Fixture f = new Fixture(rows, 100, 200); TcpProxy proxy = new TcpProxy(5432)) {
            String viaProxy = f.store.url().replace(":5432/", ":" + proxy.port() + "/");
            List<String> args = new ArrayList<>(HubProcesses.args(viaProxy, f.store, null, f.home, f.work.resolve("hub"), "hub"));
            args.add("--spring.datasource.hikari.connection-timeout=3000");
            Hub hub = f.start(args, "hub");
            f.seed();
            await().atMost(Duration.ofMinutes(3)).until(() -> f.cases() >= rows / 4);
            proxy.cut();
            long atCut = f.cases();
            // health says so meanwhile
            await().atMost(Duration.ofSeconds(60)).until(() -> status(hub, "/actuator/health/store") == 503);
            Thread.sleep(8000);
            assertThat(f.cases()).as("nothing stored while the store is away").isEqualTo(atCut);
            proxy.restore();
            await().atMost(Duration.ofSeconds(60)).until(() -> status(hub, "/actuator/health/store") == 200);
            f.awaitAllExactlyOnce(Duration.ofMinutes(4));
            f.assertNothingDeadLettered(hub);
        }
    }

    private static int status(Hub hub, String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(hub.url(path))).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    /** The land bureau's legacy database, a PostgreSQL store and a hub home, thrown away at the end. */
    private static final class Fixture implements AutoCloseable {

        final int rows;
        final ThrowAwayDatabase legacy = ThrowAwayDatabase.mariadb("faultslegacy");
        final ThrowAwayDatabase store = ThrowAwayDatabase.postgres("faults");
        final HikariDataSource legacyDs = new HikariDataSource();
        final HubHome home;
        final Path work;
        final List<Hub> hubs = new ArrayList<>();

        Fixture(int rows, int pageSize, int period) throws Exception {
            this.rows = rows;
            legacyDs.setJdbcUrl(legacy.url());
            legacyDs.setUsername(legacy.user());
            legacyDs.setMaximumPoolSize(2);
            LandBureauLegacyDb.createSchema(legacyDs);
            home = HubProcesses.landHome(legacy, pageSize, period);
            work = Files.createTempDirectory("cityhub-faults");
        }

        Hub start(List<String> args, String name) throws Exception {
            Hub hub = Hub.start(null, List.of("-Xmx768m"), args, work.resolve(name + ".log"));
            hubs.add(hub);
            hub.awaitReady(Duration.ofMinutes(3));
            return hub;
        }

        /**
         * The bureau's rows appear in one commit, as after a bulk sync of its front table. (Their sync times span the
         * bureau's history: rows committed later with sync times older than the hub's watermark by more than the
         * source's overlap would be, rightly, outside what the hub reads.)
         */
        void seed() {
            new LandBureauLegacyDb(legacyDs, new Random(23), Clock.systemDefaultZone()).seed(rows);
        }

        long cases() throws Exception {
            return HubProcesses.count(store, "select count(*) from exchange_case");
        }

        void awaitAllExactlyOnce(Duration within) throws Exception {
            long[] lastLog = {System.nanoTime()};
            await().atMost(within).pollInterval(Duration.ofSeconds(1)).until(() -> {
                long cases = cases();
                if (System.nanoTime() - lastLog[0] > 10_000_000_000L) {
                    lastLog[0] = System.nanoTime();
                    log.info("{} of {} cases stored; raw messages {}, of them not queued {}", cases, rows,
                            HubProcesses.count(store, "select count(*) from raw_message"),
                            HubProcesses.count(store, "select count(*) from raw_message r where not exists (select 1 from raw_message_queued q where q.raw_message_id = r.id)"));
                }
                return cases >= rows;
            });
            Thread.sleep(3000); // anything stored twice would show now
            assertThat(cases()).isEqualTo(rows);
            assertThat(HubProcesses.count(store, "select count(*) from case_version")).as("one version per row, none twice").isEqualTo(rows);
            assertThat(HubProcesses.count(store, "select count(*) from raw_message")).as("one raw message per row").isEqualTo(rows);
            String lastKey = HubProcesses.text(legacy, "select ROW_GUID from GT_SPJ_BJXX order by TBSJ desc, ROW_GUID desc limit 1");
            assertThat(HubProcesses.text(store, "select mark_key from source_watermark where department = 'land' and connector = 'cases'"))
                    .as("the watermark is the last row's").isEqualTo(lastKey);
        }

        void assertNothingDeadLettered(Hub hub) throws Exception {
            for (String queue : List.of("hub.dlq.land", "hub.dlq.broker")) {
                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(hub.url("/api/v1/ops/queues/" + queue)))
                        .header("X-Api-Key", "demo-admin-key").build(), HttpResponse.BodyHandlers.ofString());
                // 404: the broker never made the queue, so nothing was ever put on it
                assertThat(r.statusCode()).as(queue + ": " + r.body()).isIn(200, 404);
                if (r.statusCode() == 200) {
                    assertThat(JSON.readTree(r.body()).path("depth").asLong()).as(queue).isZero();
                }
            }
        }

        @Override
        public void close() throws Exception {
            for (Hub h : hubs) {
                h.close();
            }
            legacyDs.close();
            legacy.close();
            store.close();
        }
    }
}
