package org.cityhub.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.cityhub.bench.Hub;
import org.cityhub.support.HubProcesses;
import org.cityhub.support.LandHubFixture;
import org.cityhub.support.StandaloneArtemis;
import org.cityhub.support.TcpProxy;
import org.cityhub.support.ThrowAwayDatabase;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * Faults injected for real into a hub running as its own process, on loopback, with the land bureau's MariaDB
 * front table as the department and PostgreSQL as the store: the hub killed (SIGKILL) several times in the middle
 * of 50,000 rows, a standalone broker killed and restarted during traffic, the store refusing connections for a
 * while. After each, every row is stored exactly once (one case, one version, one raw message), the watermark is
 * the last row's, and nothing is dead-lettered.
 */
class FaultsIT {

    private static final Logger log = LoggerFactory.getLogger(FaultsIT.class);

    @Test
    void theHubKilledSeveralTimesMidIngestStoresEveryRecordExactlyOnce() throws Exception {
        int rows = 50_000;
        try (LandHubFixture f = new LandHubFixture("faults", 500, 200)) {
            Path data = f.work.resolve("solo");
            List<String> args = HubProcesses.args(f.store.url(), f.store, null, f.home, data, "solo");
            Hub hub = f.start(args, "solo-0");
            f.seed(rows);
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
        try (StandaloneArtemis broker = StandaloneArtemis.start(HubProcesses.INBOUND_SETTINGS); LandHubFixture f = new LandHubFixture("faults", 100, 200)) {
            Hub hub = f.start(HubProcesses.args(f.store.url(), f.store, broker, f.home, f.work.resolve("hub"), "hub"), "hub");
            f.seed(rows);
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
        try (LandHubFixture f = new LandHubFixture("faults", 100, 200); TcpProxy proxy = new TcpProxy(5432)) {
            String viaProxy = f.store.url().replace(":5432/", ":" + proxy.port() + "/");
            List<String> args = new ArrayList<>(HubProcesses.args(viaProxy, f.store, null, f.home, f.work.resolve("hub"), "hub"));
            args.add("--spring.datasource.hikari.connection-timeout=3000");
            Hub hub = f.start(args, "hub");
            f.seed(rows);
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
}
