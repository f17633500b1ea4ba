package org.cityhub.callout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.xml.namespace.QName;
import javax.xml.transform.Source;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.stream.StreamResult;
import javax.xml.transform.stream.StreamSource;

import org.apache.cxf.Bus;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.jaxws.EndpointImpl;
import org.cityhub.support.HubHome;
import org.cityhub.support.OpenApiContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import jakarta.xml.ws.Provider;
import jakarta.xml.ws.Service;
import jakarta.xml.ws.ServiceMode;
import jakarta.xml.ws.WebServiceProvider;

/**
 * Call-outs against real departments: the water bureau's permit register as a CXF SOAP service published on
 * the hub's own (random) web port, once per operation so that each has its own behaviour and call counter,
 * and its river-level service as an HTTP server on loopback. Every answer is checked against the contract.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SoapCalloutIT {

    static final String NS = "http://qsxk.sl.fl.cq.gov.cn/";
    static final ObjectMapper JSON = new ObjectMapper();
    static HttpServer http;
    static final AtomicInteger httpStatus = new AtomicInteger(200);
    static final AtomicInteger httpCalls = new AtomicInteger();

    /** The water bureau's permit register (取水许可查询), as a department would run it: CXF, PAYLOAD mode. */
    @WebServiceProvider(serviceName = "QsxkService", portName = "QsxkServicePort", targetNamespace = NS)
    @ServiceMode(Service.Mode.PAYLOAD)
    public static class PermitRegister implements Provider<Source> {
        final AtomicInteger calls = new AtomicInteger();
        final List<String> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile String fault;          // null, "Client" or "Server"
        volatile long delayMillis;
        volatile CountDownLatch arrived;
        volatile CountDownLatch release;

        @Override
        public Source invoke(Source request) {
            calls.incrementAndGet();
            try {
                StringWriter w = new StringWriter();
                TransformerFactory.newInstance().newTransformer().transform(request, new StreamResult(w));
                requests.add(w.toString());
                if (arrived != null) {
                    arrived.countDown();
                    release.await(20, TimeUnit.SECONDS);
                }
                if (delayMillis > 0) {
                    Thread.sleep(delayMillis);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            if ("Client".equals(fault)) {
                throw new SoapFault("许可证号不存在: QS-000", Fault.FAULT_CODE_CLIENT);
            }
            if ("Server".equals(fault)) {
                throw new SoapFault("数据库连接失败", Fault.FAULT_CODE_SERVER);
            }
            String no = requests.get(requests.size() - 1).replaceAll("(?s).*<xkzh>(.*)</xkzh>.*", "$1");
            return new StreamSource(new StringReader("<ns2:cxQsxkResponse xmlns:ns2=\"" + NS + "\"><xkz>"
                    + "<xkzh>" + no + "</xkzh><qsrmc>重庆市涪陵区自来水有限公司</qsrmc><nqsl> 1250.5 </nqsl>"
                    + "<yxq>20290630</yxq><qsd>乌江涪陵段李渡取水口</qsd></xkz></ns2:cxQsxkResponse>"));
        }
    }

    static final PermitRegister plain = new PermitRegister();
    static final PermitRegister slow = new PermitRegister();
    static final PermitRegister failing = new PermitRegister();
    static final PermitRegister narrow = new PermitRegister();
    static volatile boolean published;

    @DynamicPropertySource
    static void setUp(DynamicPropertyRegistry registry) throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/api/level", ex -> {
            try (ex) {
                httpCalls.incrementAndGet();
                String query = ex.getRequestURI().getQuery();
                int status = httpStatus.get();
                byte[] body = (status == 200
                        ? "{\"code\":0,\"data\":{\"zdbm\":\"" + query.replaceAll(".*zdbm=([^&]*).*", "$1") + "\",\"sw\":139.42,\"jjsw\":175.0}}"
                        : "{\"code\":404,\"msg\":\"测站不存在\"}").getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(status, body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        http.start();
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        HubHome home = HubHome.create();
        Path mappings = Files.createDirectories(home.root().resolve("mappings/water"));
        Files.writeString(mappings.resolve("permit-request.jsonata"), """
                { "xkzh": $require(permitNo, 'permitNo', 'the water permit number (取水许可证号)') }
                """);
        Files.writeString(mappings.resolve("permit-response.jsonata"), """
                { "permitNo": xkz.xkzh, "holder": xkz.qsrmc, "annualVolume": $number(xkz.nqsl), "validUntil": $date(xkz.yxq) }
                """);
        Files.writeString(mappings.resolve("level-request.jsonata"), """
                { "zdbm": $require(station, 'station', 'a gauging station code') }
                """);
        Files.writeString(mappings.resolve("level-response.jsonata"), """
                { "station": data.zdbm, "level": data.sw, "warningLevel": data.jjsw }
                """);
        String soap = """
                  - name: %s
                    template: soap-callout
                    requestMapping: water/permit-request
                    responseMapping: water/permit-response
                    timeout: %d
                    maxConcurrent: %d
                    breaker: %s
                    logBodies: %s
                    parameters:
                      address: "http://127.0.0.1:%s/services/demo/test/water-%s"
                      namespace: "%s"
                      operation: cxQsxk
                      service: QsxkService
                      port: QsxkServicePort
                """;
        home.connector("water", """
                department:
                  code: water
                  name: 重庆市涪陵区水利局
                  region: "500102"
                mode: callout
                callouts:
                """
                + soap.formatted("permit", 3000, 10, "{minimumCalls: 100, slidingWindow: 100}", "true", "${local.server.port}", "plain", NS)
                + soap.formatted("permit-slow", 500, 10, "{}", "false", "${local.server.port}", "slow", NS)
                + soap.formatted("permit-breaker", 2000, 10, "{failureRate: 50, minimumCalls: 4, slidingWindow: 4, waitInOpen: 1, halfOpenCalls: 1}",
                        "false", "${local.server.port}", "failing", NS)
                + soap.formatted("permit-narrow", 10000, 2, "{}", "false", "${local.server.port}", "narrow", NS)
                + soap.formatted("permit-gone", 1000, 10, "{}", "false", String.valueOf(closedPort), "gone", NS)
                + """
                  - name: river-level
                    template: http-callout
                    requestMapping: water/level-request
                    responseMapping: water/level-response
                    timeout: 2000
                    parameters:
                      url: "http://127.0.0.1:%d/api/level"
                      method: GET
                      headers: {X-Caller-System: cityhub}
                """.formatted(http.getAddress().getPort()));
        // a department configured but not yet put in service by an admin
        home.connector("dam", """
                department:
                  code: dam
                  name: 重庆市涪陵区水库管理处
                  region: "500102"
                mode: callout
                callouts:
                """ + soap.formatted("permit", 3000, 10, "{}", "false", "${local.server.port}", "plain", NS));
        // a department whose call-out names a mapping that does not exist: only it is refused
        home.connector("forest", """
                department:
                  code: forest
                  name: 重庆市涪陵区林业局
                  region: "500102"
                mode: callout
                callouts:
                  - name: felling-permit
                    template: http-callout
                    requestMapping: forest/felling-request
                    responseMapping: forest/felling-response
                    parameters:
                      url: "http://127.0.0.1:1/api/felling"
                """);
        registry.add("cityhub.home", () -> home.root().toString());
        String data = Files.createTempDirectory("cityhub-callout").toString();
        registry.add("cityhub.data-dir", () -> data);
        registry.add("cityhub.demo.enabled", () -> "false");
    }

    @AfterAll
    static void tearDown() {
        http.stop(0);
    }

    @Autowired
    TestRestTemplate rest;
    @Autowired
    Bus bus;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @Autowired
    org.cityhub.store.DepartmentStore departments;
    @Autowired
    org.cityhub.onboarding.Onboarding onboarding;

    @BeforeEach
    void publishTheDepartment() {
        if ("ONBOARDING".equals(departments.find("water").orElseThrow().lifecycle())) {
            onboarding.act("water", new org.cityhub.onboarding.Onboarding.Request("activate", "ops.test", "call-out go-live", false));
        }
        if (!published) {
            publish(plain, "plain");
            publish(slow, "slow");
            publish(failing, "failing");
            publish(narrow, "narrow");
            published = true;
        }
    }

    private void publish(PermitRegister register, String name) {
        EndpointImpl endpoint = new EndpointImpl(bus, register);
        endpoint.setServiceName(new QName(NS, "QsxkService"));
        endpoint.publish("/demo/test/water-" + name);
    }

    private ResponseEntity<String> post(String operation, String body) {
        HttpHeaders h = new HttpHeaders();
        h.setContentType(MediaType.APPLICATION_JSON);
        h.add("X-Cityhub-Caller", "fgw-xmsp");
        return rest.postForEntity("/api/v1/callouts/water/" + operation, new HttpEntity<>(body, h), String.class);
    }

    private static JsonNode problem(ResponseEntity<String> r, HttpStatus status, String outcome) throws IOException {
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(status);
        assertThat(r.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        JsonNode p = JSON.readTree(r.getBody());
        OpenApiContract.assertMatchesComponent("CalloutProblem", p);
        assertThat(p.get("outcome").asText()).isEqualTo(outcome);
        return p;
    }

    private JsonNode audit(String operation, int limit) throws IOException {
        ResponseEntity<String> r = rest.getForEntity("/api/v1/callouts/audit?department=water&operation=" + operation + "&limit=" + limit,
                String.class);
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode list = JSON.readTree(r.getBody());
        OpenApiContract.assertMatchesComponent("CalloutAuditList", list);
        return list.get("items");
    }

    @Test
    void mapsTheRequestToTheDepartmentAndItsAnswerBack() throws IOException {
        ResponseEntity<String> r = post("permit", "{\"permitNo\": \"QS-2019-0117\", \"purpose\": \"项目审批\"}");

        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(HttpStatus.OK);
        JsonNode answer = JSON.readTree(r.getBody());
        assertThat(answer).isEqualTo(JSON.readTree("""
                {"permitNo": "QS-2019-0117", "holder": "重庆市涪陵区自来水有限公司", "annualVolume": 1250.5,
                 "validUntil": "2029-06-30T00:00:00+08:00"}"""));
        String sent = plain.requests.get(plain.requests.size() - 1);
        assertThat(sent).contains("cxQsxk").contains(NS).contains("<xkzh>QS-2019-0117</xkzh>").doesNotContain("purpose");
        JsonNode row = audit("permit", 1).get(0);
        assertThat(row.get("outcome").asText()).isEqualTo("OK");
        assertThat(row.get("httpStatus").asInt()).isEqualTo(200);
        assertThat(row.get("caller").asText()).isEqualTo("fgw-xmsp");
        assertThat(row.get("request").get("permitNo").asText()).isEqualTo("QS-2019-0117");
        assertThat(row.get("response").get("holder").asText()).isEqualTo("重庆市涪陵区自来水有限公司");
        assertThat(meters.find("cityhub.callout").tags("department", "water", "operation", "permit", "outcome", "OK").timer())
                .isNotNull().satisfies(t -> assertThat(t.count()).isPositive());
    }

    @Test
    void theHubsBusRunsItsSoapClientsAndEndpointsWithoutTheWsPolicyEngine() {
        assertThat(bus.getExtension(org.apache.cxf.ws.policy.PolicyEngine.class).isEnabled()).isFalse();
        java.util.List<Object> interceptors = new java.util.ArrayList<>();
        interceptors.addAll(bus.getOutInterceptors());
        interceptors.addAll(bus.getInInterceptors());
        interceptors.addAll(bus.getInFaultInterceptors());
        interceptors.addAll(bus.getOutFaultInterceptors());
        assertThat(interceptors).noneMatch(i -> i.getClass().getName().startsWith("org.apache.cxf.ws.policy."));
    }

    @Test
    void aCalloutWithAMissingMappingMakesOnlyItsDepartmentInvalid() throws IOException {
        JsonNode departments = JSON.readTree(rest.getForEntity("/api/v1/departments", String.class).getBody());

        assertThat(departments.get("items")).anySatisfy(d -> {
            assertThat(d.get("code").asText()).isEqualTo("forest");
            assertThat(d.get("connector").asText()).isEqualTo("INVALID");
            assertThat(d.get("actions")).isEmpty();
            assertThat(d.get("connectorProblem").asText()).startsWith("forest.yaml: callouts[0].requestMapping: mapping file")
                    .contains("felling-request.jsonata does not exist");
        });
        assertThat(departments.get("items")).anySatisfy(d -> {
            assertThat(d.get("code").asText()).isEqualTo("water");
            assertThat(d.get("state").asText()).isEqualTo("ACTIVE");
        });
        ResponseEntity<String> r = rest.postForEntity("/api/v1/callouts/forest/felling-permit", new HttpEntity<>("{}", jsonHeaders()), String.class);
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void aBodyThatIsNotJsonIsA400AndTheDepartmentIsNotCalled() throws IOException {
        int before = plain.calls.get();

        JsonNode p = problem(post("permit", "permitNo=QS-1"), HttpStatus.BAD_REQUEST, "BAD_REQUEST");

        assertThat(p.get("fieldPath").asText()).isEqualTo("(body)");
        assertThat(p.get("detail").asText()).contains("not JSON");
        assertThat(plain.calls.get()).isEqualTo(before);
        assertThat(audit("permit", 1).get(0).get("outcome").asText()).isEqualTo("BAD_REQUEST");
    }

    @Test
    void aRequestTheMappingRefusesIsA400NamingTheField() throws IOException {
        int before = plain.calls.get();

        JsonNode p = problem(post("permit", "{\"permit\": \"QS-1\"}"), HttpStatus.BAD_REQUEST, "BAD_REQUEST");

        assertThat(p.get("fieldPath").asText()).isEqualTo("permitNo");
        assertThat(p.get("detail").asText()).isEqualTo("permitNo: expected the water permit number (取水许可证号), got nothing");
        assertThat(plain.calls.get()).isEqualTo(before);
    }

    @Test
    void aClientFaultIsA502WithTheDepartmentsReason() throws IOException {
        plain.fault = "Client";
        try {
            JsonNode p = problem(post("permit", "{\"permitNo\": \"QS-000\"}"), HttpStatus.BAD_GATEWAY, "FAULT");
            assertThat(p.get("detail").asText()).contains("water refused the request").contains("许可证号不存在");
        } finally {
            plain.fault = null;
        }
        assertThat(audit("permit", 1).get(0).get("outcome").asText()).isEqualTo("FAULT");
    }

    @Test
    void aServerFaultIsA502() throws IOException {
        plain.fault = "Server";
        try {
            JsonNode p = problem(post("permit", "{\"permitNo\": \"QS-001\"}"), HttpStatus.BAD_GATEWAY, "FAULT");
            assertThat(p.get("detail").asText()).contains("SOAP fault").contains("数据库连接失败");
        } finally {
            plain.fault = null;
        }
    }

    @Test
    void aSlowDepartmentIsA504WithinTheTimeoutAndTheAuditKeepsNoBodies() throws IOException {
        slow.delayMillis = 5000;
        long started = System.nanoTime();

        ResponseEntity<String> r = post("permit-slow", "{\"permitNo\": \"QS-2019-0117\"}");

        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        JsonNode p = problem(r, HttpStatus.GATEWAY_TIMEOUT, "TIMEOUT");
        assertThat(p.get("detail").asText()).contains("500 ms");
        // the department takes 5 s; the caller is answered after the 500 ms limit, not after the department
        assertThat(millis).isLessThan(4000);
        JsonNode row = audit("permit-slow", 1).get(0);
        assertThat(row.get("outcome").asText()).isEqualTo("TIMEOUT");
        assertThat(row.get("httpStatus").asInt()).isEqualTo(504);
        assertThat(row.has("request")).isFalse();
        assertThat(row.has("response")).isFalse();
    }

    @Test
    void aFailingDepartmentOpensTheBreakerAndIsSparedUntilItRecovers() throws IOException {
        failing.fault = "Server";
        for (int i = 0; i < 4; i++) {
            problem(post("permit-breaker", "{\"permitNo\": \"QS-" + i + "\"}"), HttpStatus.BAD_GATEWAY, "FAULT");
        }
        assertThat(failing.calls.get()).isEqualTo(4);

        ResponseEntity<String> refused = post("permit-breaker", "{\"permitNo\": \"QS-5\"}");

        JsonNode p = problem(refused, HttpStatus.SERVICE_UNAVAILABLE, "BREAKER_OPEN");
        assertThat(p.get("detail").asText()).contains("circuit breaker is open");
        assertThat(refused.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
        assertThat(failing.calls.get()).as("the department is not called while the breaker is open").isEqualTo(4);
        assertThat(breakerState("permit-breaker")).isEqualTo("OPEN");

        failing.fault = null;
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> post("permit-breaker", "{\"permitNo\": \"QS-6\"}").getStatusCode() == HttpStatus.OK);

        assertThat(breakerState("permit-breaker")).isEqualTo("CLOSED");
        assertThat(failing.calls.get()).isEqualTo(5);
        List<String> outcomes = audit("permit-breaker", 50).findValues("outcome").stream().map(JsonNode::asText).toList();
        assertThat(outcomes.get(0)).isEqualTo("OK");
        assertThat(outcomes).filteredOn("FAULT"::equals).hasSize(4);
        assertThat(outcomes).contains("BREAKER_OPEN").doesNotContain("TIMEOUT", "REJECTED");
    }

    @Test
    void callsBeyondTheConcurrencyLimitAreRefusedAtOnce() throws Exception {
        narrow.arrived = new CountDownLatch(2);
        narrow.release = new CountDownLatch(1);
        CompletableFuture<ResponseEntity<String>> first = CompletableFuture.supplyAsync(() -> post("permit-narrow", "{\"permitNo\": \"QS-A\"}"));
        CompletableFuture<ResponseEntity<String>> second = CompletableFuture.supplyAsync(() -> post("permit-narrow", "{\"permitNo\": \"QS-B\"}"));
        try {
            assertThat(narrow.arrived.await(10, TimeUnit.SECONDS)).as("two calls in flight at the department").isTrue();

            ResponseEntity<String> third = post("permit-narrow", "{\"permitNo\": \"QS-C\"}");

            JsonNode p = problem(third, HttpStatus.SERVICE_UNAVAILABLE, "REJECTED");
            assertThat(p.get("detail").asText()).contains("2 calls are already in flight");
            assertThat(third.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
            assertThat(narrow.calls.get()).isEqualTo(2);
        } finally {
            narrow.release.countDown();
        }
        assertThat(first.get(20, TimeUnit.SECONDS).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(second.get(20, TimeUnit.SECONDS).getStatusCode()).isEqualTo(HttpStatus.OK);
        narrow.arrived = null;
        // rejections say nothing about the department: they do not count towards opening the breaker
        assertThat(breakerState("permit-narrow")).isEqualTo("CLOSED");
    }

    @Test
    void anUnreachableDepartmentIsA503WithRetryAfter() throws IOException {
        ResponseEntity<String> r = post("permit-gone", "{\"permitNo\": \"QS-1\"}");

        JsonNode p = problem(r, HttpStatus.SERVICE_UNAVAILABLE, "UNAVAILABLE");
        assertThat(p.get("detail").asText()).contains("no answer from the service");
        assertThat(r.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
    }

    @Test
    void anUnknownDepartmentOrOperationIsA404() throws IOException {
        ResponseEntity<String> noOp = post("permit-history", "{}");
        assertThat(noOp.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(JSON.readTree(noOp.getBody()).get("detail").asText()).contains("water has no call-out operation 'permit-history'")
                .contains("permit-slow");

        ResponseEntity<String> noDept = rest.postForEntity("/api/v1/callouts/forest/permit", new HttpEntity<>("{}", jsonHeaders()), String.class);
        assertThat(noDept.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        OpenApiContract.assertMatchesComponent("Problem", JSON.readTree(noDept.getBody()));
    }

    @Test
    void anHttpDepartmentIsCalledWithTheMappedQueryAndItsRefusalIsA502() throws IOException {
        ResponseEntity<String> ok = rest.postForEntity("/api/v1/callouts/water/river-level", new HttpEntity<>("{\"station\": \"60803400\"}",
                jsonHeaders()), String.class);
        assertThat(ok.getStatusCode()).as(ok.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(JSON.readTree(ok.getBody())).isEqualTo(JSON.readTree("{\"station\":\"60803400\",\"level\":139.42,\"warningLevel\":175.0}"));

        httpStatus.set(404);
        try {
            JsonNode p = problem(rest.postForEntity("/api/v1/callouts/water/river-level", new HttpEntity<>("{\"station\": \"1\"}",
                    jsonHeaders()), String.class), HttpStatus.BAD_GATEWAY, "FAULT");
            assertThat(p.get("detail").asText()).contains("HTTP 404").contains("测站不存在");
        } finally {
            httpStatus.set(200);
        }
        JsonNode row = audit("river-level", 1).get(0);
        // no X-Cityhub-Caller: the authenticated client itself is the caller
        assertThat(row.get("caller").asText()).isEqualTo("demo-admin");
    }

    @Test
    void listsTheOperationsWithTheirGuardsAndBreakerState() throws IOException {
        ResponseEntity<String> r = rest.getForEntity("/api/v1/callouts", String.class);

        JsonNode list = JSON.readTree(r.getBody());
        OpenApiContract.assertMatchesComponent("CalloutList", list);
        JsonNode slowOp = find(list, "permit-slow");
        assertThat(slowOp.get("template").asText()).isEqualTo("soap-callout");
        assertThat(slowOp.get("timeoutMillis").asInt()).isEqualTo(500);
        assertThat(slowOp.get("maxConcurrent").asInt()).isEqualTo(10);
        assertThat(slowOp.get("logBodies").asBoolean()).isFalse();
        assertThat(find(list, "river-level").get("template").asText()).isEqualTo("http-callout");
    }

    private String breakerState(String operation) throws IOException {
        return find(JSON.readTree(rest.getForEntity("/api/v1/callouts", String.class).getBody()), operation).get("breakerState").asText();
    }

    private static JsonNode find(JsonNode list, String operation) {
        for (JsonNode item : list.get("items")) {
            if (item.get("operation").asText().equals(operation)) {
                return item;
            }
        }
        throw new AssertionError("no operation " + operation + " in " + list);
    }

    private static HttpHeaders jsonHeaders() {
        HttpHeaders h = new HttpHeaders();
        h.setContentType(MediaType.APPLICATION_JSON);
        return h;
    }

    @Test
    void aDepartmentNotYetInServiceAnswersNothing() throws IOException {
        int before = plain.calls.get();
        ResponseEntity<String> r = rest.postForEntity("/api/v1/callouts/dam/permit",
                new HttpEntity<>("{\"permitNo\": \"QS-1\"}", jsonHeaders()), String.class);
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(JSON.readTree(r.getBody()).get("detail").asText())
                .isEqualTo("department dam does not take work from the platform now: it is ONBOARDING;"
                        + " an admin puts it in service with the action activate");
        assertThat(plain.calls.get()).as("the department is not called").isEqualTo(before);
    }
}
