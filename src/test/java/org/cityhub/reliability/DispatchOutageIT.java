package org.cityhub.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.cityhub.bench.Hub;
import org.cityhub.support.HubHome;
import org.cityhub.support.HubProcesses;
import org.cityhub.support.LandIntakeServer;
import org.cityhub.support.PlatformIntakes;
import org.cityhub.support.TcpProxy;
import org.cityhub.support.TestClients;
import org.cityhub.support.ThrowAwayDatabase;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Full fusion with the department's system down for most of a minute, for real, on loopback: a hub process
 * (PostgreSQL store, embedded broker) takes the platform's intakes ({@code POST /api/v1/cases} with an
 * Idempotency-Key) and dispatches them to the land bureau's http-call target, a loopback HTTP server behind a TCP
 * proxy that is cut while the platform goes on submitting. Meanwhile the target shows DEGRADED with the reason and
 * the bureau receives nothing; once the proxy is back the broker's redeliveries (back-off up to 60 s) hand over
 * every case, the target returns to RUNNING by itself, each case reaches the bureau exactly once, shows its
 * dispatch SENT, and nothing is dead-lettered.
 */
class DispatchOutageIT {

    private static final Logger log = LoggerFactory.getLogger(DispatchOutageIT.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Long enough for several redeliveries of the first cases of the outage (1, 2, 4, 8, 16 s apart), short enough
     * that the longest wait after it, one back-off step of at most 60 s, keeps the test within its bounds.
     */
    private static final Duration OUTAGE = Duration.ofSeconds(40);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void aDepartmentSystemDownForMinutesShowsItsTargetDegradedAndGetsEveryCaseExactlyOnceWhenBack() throws Exception {
        Path work = Files.createTempDirectory("cityhub-dispatchoutage");
        try (LandIntakeServer bureau = LandIntakeServer.start(0);
             TcpProxy proxy = new TcpProxy(bureau.port());
             ThrowAwayDatabase store = ThrowAwayDatabase.postgres("dispatchoutage")) {
            HubHome home = HubHome.create().connector("land", HubProcesses.landHttpTarget("http://127.0.0.1:" + proxy.port() + "/api/cases", 2000));
            try (Hub hub = Hub.start(null, List.of("-Xmx768m"),
                    HubProcesses.args(store.url(), store, null, home, work.resolve("hub"), "hub"), work.resolve("hub.log"))) {
                hub.awaitReady(Duration.ofMinutes(3));
                hub.post("/api/v1/departments/land/actions", "{\"action\": \"activate\", \"reason\": \"fusion go-live\"}");
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> target(hub).path("state").asText().equals("RUNNING"));

                Map<String, String> codes = new LinkedHashMap<>(); // Idempotency-Key -> supervision code
                submit(hub, codes, 5, "before");
                // cut only once the hub has the bureau's answers: a cut between the bureau taking a case and its
                // answer reaching the hub leaves the hub no way to know it was taken (it sends it again; the
                // bureau's own check of the supervision code is what catches that)
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> allSent(hub, codes.values()));
                assertThat(codes.values()).allSatisfy(c -> assertThat(bureau.received(c)).isEqualTo(1));

                proxy.cut();
                long cutAt = System.nanoTime();
                int receivedBefore = bureau.total();
                submit(hub, codes, 5, "early");

                JsonNode degraded = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                        .until(() -> target(hub), t -> t.path("state").asText().equals("DEGRADED"));
                assertThat(degraded.path("lastError").asText()).as("the reason is shown").contains("land-rest");
                assertThat(degraded.path("template").asText()).isEqualTo("http-call");
                log.info("DEGRADED {} s after the cut: {}", (System.nanoTime() - cutAt) / 1_000_000_000, degraded.path("lastError").asText());
                boolean lateSubmitted = false;
                // it stays so for as long as the bureau is away, and the bureau receives nothing meanwhile
                while (System.nanoTime() - cutAt < OUTAGE.toNanos()) {
                    if (!lateSubmitted && System.nanoTime() - cutAt > OUTAGE.toNanos() / 2) {
                        submit(hub, codes, 5, "late");
                        lateSubmitted = true;
                    }
                    JsonNode t = target(hub);
                    assertThat(t.path("state").asText()).as("while the bureau is away: " + t).isEqualTo("DEGRADED");
                    assertThat(t.path("lastError").asText()).isNotBlank();
                    Thread.sleep(2000); // sampling the state, not waiting for it
                }
                assertThat(lateSubmitted).isTrue();
                assertThat(bureau.total()).as("nothing reaches the bureau while it is away").isEqualTo(receivedBefore);
                for (String code : codes.values()) {
                    assertThat(landDispatch(hub, code).path("state").asText()).as(code + " during the outage").isIn("SENT", "QUEUED", "RETRYING");
                }

                proxy.restore();
                long restoredAt = System.nanoTime();
                // the longest wait: a case whose next redelivery is one full back-off step (60 s) away
                await().atMost(Duration.ofSeconds(100)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> codes.values().stream().allMatch(c -> bureau.received(c) >= 1));
                log.info("every case delivered {} s after the bureau came back", (System.nanoTime() - restoredAt) / 1_000_000_000);
                JsonNode back = await().atMost(Duration.ofSeconds(30)).until(() -> target(hub), t -> t.path("state").asText().equals("RUNNING"));
                assertThat(back.path("lastError").isNull()).as("the error is cleared once the bureau answers: " + back).isTrue();
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> allSent(hub, codes.values()));
                Thread.sleep(3000); // anything sent twice would show now

                assertThat(codes).hasSize(15);
                assertThat(codes.values()).as("distinct cases").doesNotHaveDuplicates();
                for (String code : codes.values()) {
                    assertThat(bureau.received(code)).as(code + " received by the bureau exactly once").isEqualTo(1);
                    JsonNode d = landDispatch(hub, code);
                    assertThat(d.path("state").asText()).as(code + ": " + d).isEqualTo("SENT");
                    assertThat(d.path("departmentCaseNo").asText()).startsWith("GT-H-");
                }
                assertThat(bureau.total()).as("nothing else, nothing twice").isEqualTo(codes.size());
                HubProcesses.assertNothingDeadLettered(hub, "land");
                assertThat(Files.readString(hub.log())).contains("land-rest");
            }
        }
    }

    /** Submits {@code n} platform intakes for the land bureau, each with its own Idempotency-Key. */
    private void submit(Hub hub, Map<String, String> codes, int n, String batch) throws Exception {
        for (int i = 0; i < n; i++) {
            String key = UUID.randomUUID().toString();
            String body = PlatformIntakes.intakeBody(PlatformIntakes.platformCase("CQPT-OUT-" + batch + "-" + i), "land");
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(hub.url("/api/v1/cases")))
                    .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json").header("Idempotency-Key", key)
                    .header(TestClients.API_KEY_HEADER, TestClients.ADMIN_KEY)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            codes.put(key, JSON.readTree(r.body()).path("supervisionCode").asText());
        }
    }

    /** The land bureau's target as {@code GET /api/v1/connectors} lists it. */
    private static JsonNode target(Hub hub) throws Exception {
        for (JsonNode c : JSON.readTree(hub.get("/api/v1/connectors")).path("items")) {
            if (c.path("department").asText().equals("land") && c.path("connector").asText().equals("rest")) {
                return c;
            }
        }
        throw new AssertionError("no land/rest in GET /api/v1/connectors");
    }

    private static boolean allSent(Hub hub, java.util.Collection<String> codes) throws Exception {
        for (String code : codes) {
            if (!landDispatch(hub, code).path("state").asText().equals("SENT")) {
                return false;
            }
        }
        return true;
    }

    /** The case's dispatch to the land bureau as {@code GET /api/v1/cases/{code}} shows it. */
    private static JsonNode landDispatch(Hub hub, String code) throws Exception {
        JsonNode c = JSON.readTree(hub.get("/api/v1/cases/" + code));
        for (JsonNode d : c.path("dispatch")) {
            if (d.path("department").asText().equals("land")) {
                return d;
            }
        }
        throw new AssertionError("no dispatch to land in " + c);
    }
}
