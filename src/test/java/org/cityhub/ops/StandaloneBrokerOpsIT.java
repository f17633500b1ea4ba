package org.cityhub.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.cityhub.connector.Dispatcher;
import org.cityhub.store.DispatchStore;
import org.cityhub.store.DispatchStore.State;
import org.cityhub.support.HubHome;
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
    static Process broker;
    static HttpServer department;

    @DynamicPropertySource
    static void setUp(DynamicPropertyRegistry registry) throws Exception {
        Path dir = Files.createTempDirectory("cityhub-artemis");
        int port = freePort();
        Path dist = unpack(dir);
        run(dir, List.of("sh", dist.resolve("bin/artemis").toString(), "create", dir.resolve("instance").toString(), "--silent",
                "--host", "127.0.0.1", "--default-port", String.valueOf(port), "--no-web", "--no-amqp-acceptor", "--no-mqtt-acceptor",
                "--no-stomp-acceptor", "--no-hornetq-acceptor", "--require-login", "--user", "hub", "--password", "hub-secret", "--no-fsync"));
        // the hub's dispatch settings as a standalone broker carries them, with a small delivery budget for the test
        Path brokerXml = dir.resolve("instance/etc/broker.xml");
        Files.writeString(brokerXml, Files.readString(brokerXml).replaceFirst("<address-settings>", """
                <address-settings>
                         <address-setting match="hub.outbound.#">
                            <dead-letter-address>hub.dlq.broker</dead-letter-address>
                            <auto-create-dead-letter-resources>true</auto-create-dead-letter-resources>
                            <redelivery-delay>100</redelivery-delay>
                            <max-delivery-attempts>2</max-delivery-attempts>
                         </address-setting>"""));
        broker = new ProcessBuilder("sh", dir.resolve("instance/bin/artemis").toString(), "run")
                .redirectErrorStream(true).redirectOutput(dir.resolve("broker.log").toFile()).start();
        await().atMost(Duration.ofSeconds(60)).until(() -> listening(port));

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
        HubHome home = HubHome.create().connector("land", """
                department:
                  code: land
                  name: 重庆市涪陵区规划和自然资源局
                  region: "500102"
                targets:
                  - name: rest
                    template: http-call
                    mapping: land/case-out
                    parameters:
                      url: "http://127.0.0.1:%d/api/cases"
                      caseNoPointer: /data/ywlsh
                      timeout: 1000
                      retries: 0
                """.formatted(department.getAddress().getPort()));
        registry.add("cityhub.home", () -> home.root().toString());
        registry.add("cityhub.data-dir", () -> dir.resolve("hub").toString());
        registry.add("cityhub.demo.enabled", () -> "false");
        registry.add("spring.artemis.mode", () -> "native");
        registry.add("spring.artemis.broker-url", () -> "tcp://127.0.0.1:" + port);
        registry.add("spring.artemis.user", () -> "hub");
        registry.add("spring.artemis.password", () -> "hub-secret");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (department != null) {
            department.stop(0);
        }
        if (broker != null) {
            broker.descendants().forEach(ProcessHandle::destroy);
            broker.destroy();
            broker.waitFor(30, TimeUnit.SECONDS);
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

    /** The distribution copied by the build (maven-dependency-plugin, see pom.xml), unpacked with its file modes. */
    private static Path unpack(Path dir) throws Exception {
        Path archive = Path.of("target/standalone-artemis/apache-artemis-bin.tar.gz");
        assertThat(archive).as("run the build's generate-test-resources phase (mvn test does)").exists();
        run(dir, List.of("tar", "xzf", archive.toAbsolutePath().toString(), "-C", dir.toString()));
        try (var entries = Files.list(dir)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("apache-artemis-")).findFirst().orElseThrow();
        }
    }

    private static void run(Path dir, List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("setup.log").toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + Files.readString(dir.resolve("setup.log"))).isZero();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
