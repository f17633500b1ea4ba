package org.cityhub.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.cityhub.connector.Dispatcher;
import org.cityhub.store.DispatchStore;
import org.cityhub.store.DispatchStore.State;
import org.cityhub.support.HubHome;
import org.cityhub.support.HubProcesses;
import org.cityhub.support.StandaloneArtemis;
import org.cityhub.support.OpenApiContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;

/**
 * The ops API against a standalone Artemis broker (spring.artemis.mode=native, login required), created
 * from the real distribution for this test: queue figures come through the management address, a case
 * the department refused is replayed from hub.dlq.land onto hub.outbound.land, and a case the broker
 * itself dead-lettered (hub.dlq.broker, after the delivery budget its broker.xml sets) goes back to the
 * queue the broker recorded, and both reach the department.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneBrokerOpsIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final AtomicInteger unavailable = new AtomicInteger();
    static final AtomicInteger refuse = new AtomicInteger();
    static StandaloneArtemis broker;
    static HttpServer department;

    @DynamicPropertySource
    static void setUp(DynamicPropertyRegistry registry) throws Exception {
        // the hub's dispatch settings as a standalone broker carries them, with a small delivery budget for the test
        broker = StandaloneArtemis.start("""
                         <address-setting match="hub.outbound.#">
                            <dead-letter-address>hub.dlq.broker</dead-letter-address>
                            <auto-create-dead-letter-resources>true</auto-create-dead-letter-resources>
                            <redelivery-delay>100</redelivery-delay>
                            <max-delivery-attempts>2</max-delivery-attempts>
                         </address-setting>""");
        Path dir = Files.createTempDirectory("cityhub-standalone-hub");

        department = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        department.createContext("/api/cases", ex -> {
            try (ex) {
                ex.getRequestBody().readAllBytes();
                int status = unavailable.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 503
                        : refuse.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 422 : 201;
                byte[] body = (status == 201 ? "{\"data\":{\"ywlsh\":\"GT-S-0001\"}}" : "{\"error\":\"暂不可用\"}").getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(status, body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        department.start();
        HubHome home = HubHome.create().connector("land",
                HubProcesses.landHttpTarget("http://127.0.0.1:" + department.getAddress().getPort() + "/api/cases", 1000));
        registry.add("cityhub.home", () -> home.root().toString());
        registry.add("cityhub.data-dir", () -> dir.resolve("hub").toString());
        registry.add("cityhub.demo.enabled", () -> "false");
        registry.add("spring.artemis.mode", () -> "native");
        registry.add("spring.artemis.broker-url", broker::url);
        registry.add("spring.artemis.user", () -> StandaloneArtemis.USER);
        registry.add("spring.artemis.password", () -> StandaloneArtemis.PASSWORD);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (department != null) {
            department.stop(0);
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Autowired
    TestRestTemplate http;
    @Autowired
    Dispatcher dispatcher;
    @Autowired
    DispatchStore dispatches;

    @Test
    @Order(1)
    void queueFiguresComeThroughTheStandaloneBrokersManagementAddress() throws IOException {
        JsonNode outbound = await().atMost(Duration.ofSeconds(20)).until(() -> get("/api/v1/ops/queues/hub.outbound.land", HttpStatus.OK),
                q -> q.get("consumers").asInt() == 1);
        OpenApiContract.assertMatchesComponent("QueueView", outbound);
        assertThat(outbound.get("exists").asBoolean()).isTrue();
        JsonNode overview = get("/api/v1/ops/queues", HttpStatus.OK);
        OpenApiContract.assertMatchesComponent("QueueOverview", overview);
        assertThat(overview.get("items")).anySatisfy(q -> assertThat(q.get("name").asText()).isEqualTo("hub.inbound.land"));
    }

    @Test
    @Order(2)
    void aRefusedCaseIsReplayedOntoTheOutboundQueueAndSent() throws IOException {
        refuse.set(1);
        String code = "500102202611210000000011A";
        dispatcher.enqueue("land", caseJson(code));
        JsonNode dead = await().atMost(Duration.ofSeconds(30)).until(() -> get("/api/v1/ops/dead-letters?department=land", HttpStatus.OK),
                p -> p.get("items").size() == 1);
        OpenApiContract.assertMatchesComponent("DeadLetterPage", dead);
        JsonNode letter = dead.at("/items/0");
        assertThat(letter.get("stage").asText()).isEqualTo("dispatch");
        assertThat(letter.get("supervisionCode").asText()).isEqualTo(code);
        assertThat(letter.get("error").asText()).contains("422");
        assertThat(letter.get("replayTo").asText()).isEqualTo("hub.outbound.land");

        ResponseEntity<String> replayed = post("/api/v1/ops/dead-letters/replay",
                Map.of("department", "land", "ids", List.of(letter.get("id").asText()), "reason", "department fixed its item codes"));
        assertThat(replayed.getStatusCode()).as(replayed.getBody()).isEqualTo(HttpStatus.OK);
        await().atMost(Duration.ofSeconds(30)).until(() -> dispatches.find(code, "land").map(d -> d.state() == State.SENT).orElse(false));
        assertThat(get("/api/v1/ops/dead-letters?department=land", HttpStatus.OK).get("items")).isEmpty();
    }

    @Test
    @Order(3)
    void aCaseTheBrokerDeadLetteredGoesBackToTheQueueTheBrokerRecorded() throws IOException {
        unavailable.set(2);
        String code = "500102202611210000000012B";
        dispatcher.enqueue("land", caseJson(code));
        JsonNode dead = await().atMost(Duration.ofSeconds(30)).until(() -> get("/api/v1/ops/dead-letters?queue=hub.dlq.broker", HttpStatus.OK),
                p -> p.get("items").size() == 1);
        JsonNode letter = dead.at("/items/0");
        // the broker keeps what it dead-lettered in a queue per original address on its dead-letter address
        assertThat(letter.get("queue").asText()).isEqualTo("DLQ.hub.outbound.land");
        assertThat(letter.get("replayTo").asText()).isEqualTo("hub.outbound.land");
        assertThat(letter.get("supervisionCode").asText()).isEqualTo(code);
        assertThat(get("/api/v1/ops/dead-letters?queue=DLQ.hub.outbound.land", HttpStatus.OK).get("items")).hasSize(1);
        JsonNode brokerDlq = get("/api/v1/ops/queues/DLQ.hub.outbound.land", HttpStatus.OK);
        OpenApiContract.assertMatchesComponent("QueueView", brokerDlq);
        assertThat(brokerDlq.get("depth").asLong()).isEqualTo(1);
        assertThat(brokerDlq.get("address").asText()).isEqualTo("hub.dlq.broker");
        assertThat(brokerDlq.get("kind").asText()).isEqualTo("BROKER_DEAD_LETTER");
        assertThat(brokerDlq.get("department").asText()).isEqualTo("land");
        assertThat(get("/api/v1/ops/queues/hub.outbound.land", HttpStatus.OK).get("messagesKilled").asLong()).isEqualTo(1);

        ResponseEntity<String> replayed = post("/api/v1/ops/dead-letters/replay",
                Map.of("queue", "hub.dlq.broker", "all", true, "reason", "department back up"));
        assertThat(replayed.getStatusCode()).as(replayed.getBody()).isEqualTo(HttpStatus.OK);
        JsonNode result = JSON.readTree(replayed.getBody());
        assertThat(result.get("affected").asInt()).isEqualTo(1);
        assertThat(result.get("targetQueues")).extracting(JsonNode::asText).containsExactly("hub.outbound.land");
        DispatchStore.Dispatch sent = await().atMost(Duration.ofSeconds(30)).until(() -> dispatches.find(code, "land").orElse(null),
                d -> d != null && d.state() == State.SENT);
        assertThat(sent.departmentCaseNo()).isEqualTo("GT-S-0001");
        assertThat(get("/api/v1/ops/dead-letters?queue=hub.dlq.broker", HttpStatus.OK).get("items")).isEmpty();
        assertThat(get("/api/v1/ops/dead-letters?queue=hub.inbound.land", HttpStatus.BAD_REQUEST).get("detail").asText())
                .contains("dead-letter queue");
        JsonNode audit = get("/api/v1/ops/audit?limit=1", HttpStatus.OK);
        assertThat(audit.at("/items/0/queue").asText()).isEqualTo("hub.dlq.broker");
        assertThat(audit.at("/items/0/department").isNull()).isTrue();
    }

    static ObjectNode caseJson(String code) throws IOException {
        ObjectNode c = (ObjectNode) JSON.readTree(Files.readString(Path.of("mappings/land/fixtures/case-out/platform-intake.in.json")));
        c.put("supervisionCode", code);
        return c;
    }

    private JsonNode get(String path, HttpStatus expected) throws IOException {
        ResponseEntity<String> r = http.getForEntity(path, String.class);
        assertThat(r.getStatusCode()).as(path + ": " + r.getBody()).isEqualTo(expected);
        return JSON.readTree(r.getBody());
    }

    private ResponseEntity<String> post(String path, Map<String, Object> body) throws IOException {
        HttpHeaders h = new HttpHeaders();
        h.setContentType(MediaType.APPLICATION_JSON);
        h.set("X-Cityhub-Caller", "ops.chen");
        return http.exchange(path, HttpMethod.POST, new HttpEntity<>(JSON.writeValueAsString(body), h), String.class);
    }
}
