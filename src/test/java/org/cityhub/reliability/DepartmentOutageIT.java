package org.cityhub.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;

import org.cityhub.bench.Hub;
import org.cityhub.support.HubProcesses;
import org.cityhub.support.LandHubFixture;
import org.cityhub.support.TcpProxy;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A department's system down for most of a minute, for real, on loopback: a hub process (PostgreSQL store) polls
 * the land bureau's MariaDB front table through a TCP proxy, which is cut in the middle of the bureau's history
 * while the bureau's clerks go on registering cases. Meanwhile the connector shows DEGRADED with the reason and
 * nothing of the new cases is stored; once the proxy is back the connector returns to RUNNING by itself, every
 * row is stored exactly once and nothing is dead-lettered.
 */
class DepartmentOutageIT {

    private static final Logger log = LoggerFactory.getLogger(DepartmentOutageIT.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Long enough for the hub to try the database again more than once. (Each attempt on a database refusing
     * connections waits out the source's connection pool timeout, 30 s, so the poll back-off's own steps are
     * FailureSpellTest's to check.)
     */
    private static final Duration OUTAGE = Duration.ofSeconds(50);

    @Test
    void aDepartmentDatabaseDownForAMinuteShowsDegradedMeanwhileAndLosesNothingOnceBack() throws Exception {
        int history = 3000;
        int registeredDuringOutage = 120;
        try (TcpProxy proxy = new TcpProxy(3306);
             LandHubFixture f = new LandHubFixture("outage", 100, 200, url -> throughProxy(url, proxy))) {
            Hub hub = f.start(HubProcesses.args(f.store.url(), f.store, null, f.home, f.work.resolve("hub"), "hub"), "hub");
            // (the departments start just after health answers)
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> state(hub).path("state").asText().equals("RUNNING"));
            f.seed(history);
            await().atMost(Duration.ofMinutes(3)).until(() -> f.cases() >= history / 10);

            proxy.cut();
            long cutAt = System.nanoTime();
            log.info("front table cut off at {} of {} cases stored", f.cases(), history);
            f.register(registeredDuringOutage);

            JsonNode degraded = await().atMost(Duration.ofSeconds(90)).until(() -> state(hub),
                    s -> s.path("state").asText().equals("DEGRADED"));
            assertThat(degraded.path("lastError").asText()).as("the reason is shown").isNotBlank();
            assertThat(degraded.path("actions").toString()).contains("pause");
            log.info("DEGRADED {} s after the cut: {}", (System.nanoTime() - cutAt) / 1_000_000_000, degraded.path("lastError").asText());
            // it stays so for as long as the department is away, and nothing the bureau registers meanwhile arrives
            while (System.nanoTime() - cutAt < OUTAGE.toNanos()) {
                JsonNode s = state(hub);
                assertThat(s.path("state").asText()).as("while the front table is away: " + s).isEqualTo("DEGRADED");
                assertThat(s.path("lastError").asText()).isNotBlank();
                Thread.sleep(2000); // sampling the state, not waiting for it
            }
            assertThat(f.cases()).as("none of the cases registered during the outage is stored before it ends").isLessThanOrEqualTo(history);

            proxy.restore();
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> state(hub).path("state").asText().equals("RUNNING"));
            assertThat(state(hub).path("lastError").isNull()).as("the error is cleared once the bureau answers").isTrue();
            f.awaitAllExactlyOnce(Duration.ofMinutes(4));
            assertThat(f.written()).isEqualTo(history + registeredDuringOutage);
            f.assertNothingDeadLettered(hub);
            String hubLog = Files.readString(hub.log());
            assertThat(hubLog).contains("land-cases: cannot read the department database", "nothing lost", "backing off to 30 s")
                    .contains("land-cases: the department database answers again");
        }
    }

    /** The land bureau's connector as {@code GET /api/v1/connectors} lists it. */
    private static JsonNode state(Hub hub) throws Exception {
        for (JsonNode c : JSON.readTree(hub.get("/api/v1/connectors")).path("items")) {
            if (c.path("department").asText().equals("land") && c.path("connector").asText().equals("cases")) {
                return c;
            }
        }
        throw new AssertionError("no land/cases in GET /api/v1/connectors");
    }

    private static String throughProxy(String url, TcpProxy proxy) {
        String via = url.replace(":3306/", ":" + proxy.port() + "/");
        assertThat(via).as("the front table's URL names MariaDB's port").isNotEqualTo(url);
        return via;
    }
}
