package org.cityhub.connector;

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
import java.util.concurrent.atomic.AtomicInteger;

import org.cityhub.control.ConnectorControl;
import org.cityhub.store.DispatchStore;
import org.cityhub.store.DispatchStore.State;
import org.cityhub.support.HubHome;
import org.cityhub.support.HubProcesses;
import org.cityhub.support.Queues;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;

import jakarta.jms.Message;

/**
 * Durable dispatch to a department (hub.outbound.&lt;dept&gt; on the real embedded broker, to an http-call
 * target on a loopback HTTP server): taken, redelivered with back-off while the department answers 503,
 * dead-lettered at once when it refuses; each step visible per case, and the target DEGRADED in the
 * department's connector list while its dispatches are being redelivered.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DispatchIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final AtomicInteger unavailable = new AtomicInteger();
    static final AtomicInteger refuse = new AtomicInteger();
    static final AtomicInteger requests = new AtomicInteger();
    static HttpServer http;

    @DynamicPropertySource
    static void setUp(DynamicPropertyRegistry registry) throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/api/cases", ex -> {
            try (ex) {
                requests.incrementAndGet();
                ex.getRequestBody().readAllBytes();
                int status = unavailable.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 503
                        : refuse.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 422 : 201;
                byte[] body = (status == 201 ? "{\"data\":{\"ywlsh\":\"GT-D-0042\"}}" : "{\"error\":\"事项编码不存在\"}")
                        .getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(status, body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        http.start();
        HubHome home = HubHome.create().connector("land", HubProcesses.landHttpTarget("http://127.0.0.1:" + http.getAddress().getPort() + "/api/cases", 1000));
        registry.add("cityhub.home", () -> home.root().toString());
        String data = Files.createTempDirectory("cityhub-dispatch").toString();
        registry.add("cityhub.data-dir", () -> data);
        registry.add("cityhub.demo.enabled", () -> "false");
    }

    @AfterAll
    static void stop() {
        http.stop(0);
    }

    @Autowired
    Dispatcher dispatcher;
    @Autowired
    DispatchStore dispatches;
    @Autowired
    JmsTemplate jms;
    @Autowired
    ConnectorControl connectors;

    static ObjectNode caseJson(String code) throws IOException {
        ObjectNode c = (ObjectNode) JSON.readTree(Files.readString(Path.of("mappings/land/fixtures/case-out/platform-intake.in.json")));
        c.put("supervisionCode", code);
        return c;
    }

    private DispatchStore.Dispatch awaitState(String code, State state) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> dispatches.find(code, "land").orElse(null),
                d -> d != null && d.state() == state);
    }

    @Test
    void aCaseIsHandedToTheDepartmentAndItsCaseNumberRecorded() throws IOException {
        dispatcher.enqueue("land", caseJson("500102202611210000000001A"));

        DispatchStore.Dispatch d = awaitState("500102202611210000000001A", State.SENT);
        assertThat(d.departmentCaseNo()).isEqualTo("GT-D-0042");
        assertThat(d.target()).isEqualTo("rest");
    }

    @Test
    void whileTheDepartmentIsDownTheBrokerRedeliversWithBackOffAndNothingIsLost() throws IOException {
        unavailable.set(2);
        dispatcher.enqueue("land", caseJson("500102202611210000000002B"));

        DispatchStore.Dispatch retrying = awaitState("500102202611210000000002B", State.RETRYING);
        assertThat(retrying.lastError()).contains("HTTP 503");
        DispatchStore.Dispatch sent = awaitState("500102202611210000000002B", State.SENT);
        assertThat(sent.attempts()).isEqualTo(3);
    }

    @Test
    void whileDispatchesAreRedeliveredTheTargetShowsDegradedWithTheReasonAndRunningOnceTheDepartmentAnswers() throws IOException {
        assertThat(target().state()).isEqualTo("RUNNING");
        // four deliveries refused with 503 take the broker's back-off 1 + 2 + 4 s: time enough to see it
        unavailable.set(4);
        dispatcher.enqueue("land", caseJson("500102202611210000000004D"));

        ConnectorControl.Status degraded = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(this::target, t -> t.state().equals("DEGRADED"));
        assertThat(degraded.lastError()).contains("land-rest", "HTTP 503");
        assertThat(degraded.template()).isEqualTo("http-call");
        assertThat(degraded.actions()).isEmpty();
        assertThat(connectors.all()).as("listed among the department's connectors")
                .anySatisfy(c -> assertThat(c.department() + "/" + c.connector()).isEqualTo("land/rest"));

        awaitState("500102202611210000000004D", State.SENT);
        ConnectorControl.Status back = target();
        assertThat(back.state()).isEqualTo("RUNNING");
        assertThat(back.lastError()).isNull();
        assertThat(back.lastSuccess()).isNotNull();
    }

    private ConnectorControl.Status target() {
        return connectors.one("land", "rest");
    }

    @Test
    void aRefusalIsDeadLetteredAtOnceWithTheDepartmentsReason() throws IOException {
        refuse.set(1);
        int before = requests.get();
        dispatcher.enqueue("land", caseJson("500102202611210000000003C"));

        DispatchStore.Dispatch rejected = awaitState("500102202611210000000003C", State.REJECTED);
        assertThat(rejected.lastError()).contains("HTTP 422", "事项编码不存在");
        List<Message> dead = await().atMost(Duration.ofSeconds(10)).until(() -> Queues.browse(jms, "hub.dlq.land"),
                l -> !l.isEmpty());
        assertThat(dead).anySatisfy(m -> {
            assertThat(m.getStringProperty("CityhubStage")).isEqualTo("dispatch");
            assertThat(m.getStringProperty(Dispatcher.SUPERVISION_CODE)).isEqualTo("500102202611210000000003C");
            assertThat(m.getStringProperty("CityhubError")).contains("HTTP 422");
        });
        assertThat(requests.get() - before).as("a refusal is not retried").isEqualTo(1);
    }
}
