package org.cityhub.fusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.cityhub.support.PlatformIntakes.intakeBody;
import static org.cityhub.support.PlatformIntakes.platformCase;

import java.io.IOException;
import java.io.StringReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import javax.xml.transform.Source;
import javax.xml.transform.dom.DOMResult;
import javax.xml.transform.stream.StreamSource;

import org.apache.cxf.Bus;
import org.apache.cxf.jaxws.EndpointImpl;
import org.cityhub.connector.Dispatcher;
import org.cityhub.store.CaseStore;
import org.cityhub.store.DispatchStore;
import org.cityhub.store.DispatchStore.State;
import org.cityhub.support.HubHome;
import org.cityhub.support.LandIntakeServer;
import org.cityhub.support.OpenApiContract;
import org.cityhub.support.Queues;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.w3c.dom.Document;
import org.w3c.dom.Node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.jms.Message;
import jakarta.xml.ws.Provider;
import jakarta.xml.ws.Service;
import jakarta.xml.ws.ServiceMode;
import jakarta.xml.ws.WebServiceProvider;

/**
 * Full fusion end to end with real parts: the platform's intake over HTTP, the embedded broker, two
 * departments' real targets (the drug administration's CXF SOAP service on the hub's loopback port, the
 * land bureau's HTTP endpoint on a JDK server that is down at first) and their progress coming back
 * through their own sources (soap-push endpoints of the hub), linked to the one case. Every API answer is
 * checked against openapi.yaml.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FullFusionIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String DRUG_NS = "http://ws.ypjgsp.fl.cq.gov.cn/";
    static final String PUSH_NS = "http://cityhub.example/push/1";
    /** What each department system received, by supervision code. */
    static final Map<String, AtomicInteger> drugReceived = new ConcurrentHashMap<>();
    static final AtomicInteger drugNumbers = new AtomicInteger();
    static int landPort;
    static volatile LandIntakeServer land;

    @DynamicPropertySource
    static void setUp(DynamicPropertyRegistry registry) throws IOException {
        try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            landPort = s.getLocalPort(); // the land bureau's server is down until landComesUp()
        }
        HubHome home = HubHome.create()
                .connector("drug", """
                        department:
                          code: drug
                          name: 重庆市涪陵区食品药品监督管理局
                          region: "500102"
                        sources:
                          - name: push
                            template: soap-push
                            mapping: drug/case
                            parameters:
                              recordElement: bjxx
                              keyField: ywlsh
                        targets:
                          - name: intake
                            template: soap-call
                            mapping: drug/case-out
                            parameters:
                              address: "http://127.0.0.1:${local.server.port}/services/demo/test/drug-intake"
                              namespace: "http://ws.ypjgsp.fl.cq.gov.cn/"
                              operation: sbBjxx
                              service: YpjgSpService
                              port: YpjgSpServicePort
                              caseNoElement: ywlsh
                              timeout: 2000
                              retries: 0
                        """)
                .connector("land", """
                        department:
                          code: land
                          name: 重庆市涪陵区规划和自然资源局
                          region: "500102"
                        sources:
                          - name: push
                            template: soap-push
                            mapping: land/case
                            parameters:
                              keyField: YWLSH
                        targets:
                          - name: rest
                            template: http-call
                            mapping: land/case-out
                            parameters:
                              url: "http://127.0.0.1:%d/api/cases"
                              caseNoPointer: /data/ywlsh
                              timeout: 1000
                              retries: 0
                        """.formatted(landPort))
                .connector("civil", """
                        department:
                          code: civil
                          name: 重庆市涪陵区民政局
                          region: "500102"
                        sources:
                          - name: push
                            template: soap-push
                            mapping: civil/case
                            parameters:
                              keyField: 办件编号
                        """);
        registry.add("cityhub.home", () -> home.root().toString());
        String data = Files.createTempDirectory("cityhub-fusion").toString();
        registry.add("cityhub.data-dir", () -> data);
        registry.add("cityhub.demo.enabled", () -> "false");
    }

    static synchronized void landComesUp() throws IOException {
        if (land != null) {
            return;
        }
        land = LandIntakeServer.start(landPort);
    }

    @AfterAll
    static void stop() {
        if (land != null) {
            land.close();
        }
    }

    /** The drug administration's intake operation sbBjxx, as the bureau's system answers it: its own ywlsh. */
    @WebServiceProvider(serviceName = "YpjgSpService", portName = "YpjgSpServicePort", targetNamespace = DRUG_NS)
    @ServiceMode(Service.Mode.PAYLOAD)
    public static class DrugIntakeService implements Provider<Source> {
        @Override
        public Source invoke(Source request) {
            try {
                DOMResult dom = new DOMResult();
                javax.xml.transform.TransformerFactory.newInstance().newTransformer().transform(request, dom);
                Node root = ((Document) dom.getNode()).getDocumentElement();
                String jgm = "";
                for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
                    if ("jgm".equals(n.getLocalName() == null ? n.getNodeName() : n.getLocalName())) {
                        jgm = n.getTextContent();
                    }
                }
                drugReceived.computeIfAbsent(jgm, k -> new AtomicInteger()).incrementAndGet();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return new StreamSource(new StringReader("<ns:sbBjxxResponse xmlns:ns=\"" + DRUG_NS + "\"><ywlsh>YJ2026112299"
                    + String.format("%03d", drugNumbers.incrementAndGet()) + "</ywlsh></ns:sbBjxxResponse>"));
        }
    }

    @Autowired
    TestRestTemplate http;
    @Autowired
    DispatchStore dispatches;
    @Autowired
    CaseStore cases;
    @Autowired
    JmsTemplate jms;
    @Autowired
    Bus bus;
    @Autowired
    Intake intake;
    @Autowired
    Dispatcher dispatcher;
    @Autowired
    org.cityhub.store.IntakeStore intakes;
    @LocalServerPort
    int port;

    static volatile EndpointImpl drugEndpoint;

    @BeforeEach
    void publishDrugService() {
        if (drugEndpoint == null) {
            drugEndpoint = new EndpointImpl(bus, new DrugIntakeService());
            drugEndpoint.publish("/demo/test/drug-intake");
        }
    }

    // ---------------------------------------------------------------- helpers

    ResponseEntity<String> post(String key, String body) {
        HttpHeaders h = new HttpHeaders();
        h.setContentType(MediaType.APPLICATION_JSON);
        if (key != null) {
            h.set("Idempotency-Key", key);
        }
        return http.postForEntity("/api/v1/cases", new HttpEntity<>(body, h), String.class);
    }

    JsonNode accepted(ResponseEntity<String> r) throws IOException {
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(HttpStatus.ACCEPTED);
        JsonNode body = JSON.readTree(r.getBody());
        OpenApiContract.assertMatchesComponent("IntakeAccepted", body);
        assertThat(r.getHeaders().getLocation()).hasToString("/api/v1/cases/" + body.get("supervisionCode").asText());
        return body;
    }

    JsonNode problem(ResponseEntity<String> r, HttpStatus status) throws IOException {
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(status);
        assertThat(r.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        JsonNode body = JSON.readTree(r.getBody());
        OpenApiContract.assertMatchesComponent("Problem", body);
        return body;
    }

    JsonNode getCase(String code) throws IOException {
        ResponseEntity<String> r = http.getForEntity("/api/v1/cases/" + code, String.class);
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(HttpStatus.OK);
        JsonNode c = JSON.readTree(r.getBody());
        OpenApiContract.assertIsCase(c);
        return c;
    }

    DispatchStore.Dispatch awaitState(String code, String department, State state) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> dispatches.find(code, department).orElse(null),
                d -> d != null && d.state() == state);
    }

    static int landReceived(String code) {
        return land == null ? 0 : land.received(code);
    }

    static int received(Map<String, AtomicInteger> counts, String code) {
        AtomicInteger n = counts.get(code);
        return n == null ? 0 : n.get();
    }

    static JsonNode dispatchOf(JsonNode caseJson, String department) {
        for (JsonNode d : caseJson.path("dispatch")) {
            if (d.get("department").asText().equals(department)) {
                return d;
            }
        }
        throw new AssertionError("no dispatch to " + department + " in " + caseJson);
    }

    /** A department's system reports through its soap-push source (its normal inbound connector here). */
    void push(String department, String recordElement, JsonNode record) throws Exception {
        StringBuilder xml = new StringBuilder("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
                + "<ch:reportCases xmlns:ch=\"" + PUSH_NS + "\"><messageId>" + UUID.randomUUID() + "</messageId><" + recordElement + ">");
        for (Iterator<Map.Entry<String, JsonNode>> it = record.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            List<JsonNode> values = f.getValue().isArray() ? List.copyOf(JSON.convertValue(f.getValue(), List.class).stream()
                    .map(JSON::valueToTree).map(JsonNode.class::cast).toList()) : List.of(f.getValue());
            for (JsonNode v : values) {
                if (f.getKey().startsWith("@") || v.isNull()) {
                    continue;
                }
                xml.append('<').append(f.getKey()).append('>');
                if (v.isObject()) {
                    v.fields().forEachRemaining(g -> xml.append('<').append(g.getKey()).append('>').append(g.getValue().asText())
                            .append("</").append(g.getKey()).append('>'));
                } else {
                    xml.append(v.asText());
                }
                xml.append("</").append(f.getKey()).append('>');
            }
        }
        xml.append("</").append(recordElement).append("></ch:reportCases></soap:Body></soap:Envelope>");
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/services/push/" + department))
                .header(org.cityhub.support.TestClients.API_KEY_HEADER, org.cityhub.support.TestClients.ADMIN_KEY)
                .header("Content-Type", "text/xml; charset=utf-8").header("SOAPAction", "\"reportCases\"")
                .POST(HttpRequest.BodyPublishers.ofString(xml.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    static ObjectNode drugRecord(String ywlsh, String jgm, String blzt, String gxsj) throws IOException {
        ObjectNode r = (ObjectNode) JSON.readTree(Files.readString(
                Path.of("mappings/drug/fixtures/case/platform-case-accepted-carries-the-supervision-code.in.json")));
        r.put("ywlsh", ywlsh).put("blzt", blzt).put("gxsj", gxsj);
        if (jgm == null) {
            r.remove("jgm");
        } else {
            r.put("jgm", jgm);
        }
        if (blzt.equals("4") || blzt.equals("6")) {
            r.put("hjmc", blzt.equals("4") ? "制证" : "发证").put("blr", "蒋莉").put("blyj", "准予执业药师注册。");
        }
        if (blzt.equals("6")) {
            r.put("bjsj", gxsj).put("bjjg", "准予执业药师注册，核发《执业药师注册证》。").put("zsmc", "执业药师注册证")
                    .put("zsbh", "500102202600931");
        }
        return r;
    }

    static ObjectNode landRecord(String ywlsh, String blzt, String tbsj, String batch) throws IOException {
        ObjectNode r = (ObjectNode) JSON.readTree(Files.readString(Path.of("mappings/land/fixtures/case/accepted-person-mixed-dates.in.json")));
        r.put("YWLSH", ywlsh).put("BLZT", blzt).put("TBSJ", tbsj).put("PCH", batch);
        if (blzt.equals("7")) {
            r.put("HJMC", "办结").put("BJSJ", tbsj).put("BJJG", "准予许可").put("ZZMC", "乡村建设规划许可证").put("ZZBH", "建字第500102202600077号");
        }
        return r;
    }

    // ---------------------------------------------------------------- tests

    @Test
    @Order(0)
    void aDepartmentTakesNoCasesUntilAnAdminActivatesIt() throws Exception {
        String body = intakeBody(platformCase("CQPT2026112200100"), "drug");
        assertThat(problem(post(UUID.randomUUID().toString(), body), HttpStatus.CONFLICT).get("detail").asText())
                .isEqualTo("departments[0]: department drug does not take work from the platform now: it is ONBOARDING;"
                        + " an admin puts it in service with the action activate");
        for (String department : List.of("drug", "land")) {
            org.springframework.http.HttpHeaders h = new org.springframework.http.HttpHeaders();
            h.setContentType(MediaType.APPLICATION_JSON);
            h.set("X-Cityhub-Caller", "ops.chen");
            ResponseEntity<String> r = http.exchange("/api/v1/departments/" + department + "/actions", org.springframework.http.HttpMethod.POST,
                    new org.springframework.http.HttpEntity<>("{\"action\": \"activate\", \"reason\": \"fusion go-live\"}", h), String.class);
            assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(HttpStatus.OK);
            assertThat(JSON.readTree(r.getBody()).at("/department/state").asText()).isEqualTo("ACTIVE");
        }
        assertThat(cases.findByDepartmentCase("platform", "CQPT2026112200100")).as("nothing of a refused request is kept").isEmpty();
    }

    @Test
    @Order(1)
    void aCaseGoesToBothDepartmentsAtOnceAndTheOneThatIsDownGetsItWhenItReturnsNothingSentTwice() throws Exception {
        String key = UUID.randomUUID().toString();
        String body = intakeBody(platformCase("CQPT2026112200101"), "drug", "land");

        JsonNode answer = accepted(post(key, body));
        String code = answer.get("supervisionCode").asText();
        assertThat(code).startsWith("500102");
        assertThat(answer.get("dispatch")).extracting(d -> d.get("department").asText()).containsExactly("drug", "land");

        DispatchStore.Dispatch drug = awaitState(code, "drug", State.SENT);
        assertThat(drug.departmentCaseNo()).startsWith("YJ2026112299");
        DispatchStore.Dispatch retrying = awaitState(code, "land", State.RETRYING);
        assertThat(retrying.lastError()).contains("land-rest");
        await().atMost(Duration.ofSeconds(30)).until(() -> dispatches.find(code, "land").orElseThrow().attempts() >= 2);
        assertThat(landReceived(code)).isZero();

        landComesUp();
        DispatchStore.Dispatch sent = awaitState(code, "land", State.SENT);
        assertThat(sent.departmentCaseNo()).startsWith("GT-H-");

        JsonNode again = accepted(post(key, body));
        assertThat(again.get("supervisionCode").asText()).isEqualTo(code);
        assertThat(again.get("dispatch")).allSatisfy(d -> assertThat(d.get("state").asText()).isEqualTo("SENT"));

        JsonNode c = getCase(code);
        assertThat(c.get("department").asText()).isEqualTo("platform");
        assertThat(c.get("status").asText()).isEqualTo("SUBMITTED");
        assertThat(dispatchOf(c, "drug").get("departmentCaseNo").asText()).isEqualTo(drug.departmentCaseNo());
        assertThat(dispatchOf(c, "land").get("departmentCaseNo").asText()).isEqualTo(sent.departmentCaseNo());
        assertThat(dispatchOf(c, "land").get("attempts").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(received(drugReceived, code)).as("drug received it once").isEqualTo(1);
        assertThat(landReceived(code)).as("land received it once").isEqualTo(1);
        assertThat(Queues.browse(jms, Dispatcher.outbound("land"))).as("nothing left to send").isEmpty();
    }

    @Test
    @Order(2)
    void theSameRequestTwiceIsOneCaseAndOneDeliveryEach() throws Exception {
        landComesUp();
        String key = UUID.randomUUID().toString();
        String body = intakeBody(platformCase("CQPT2026112200102"), "land", "drug");
        long before = cases.countCases("platform");

        String code = accepted(post(key, body)).get("supervisionCode").asText();
        ResponseEntity<String> second = post(key, body);
        assertThat(accepted(second).get("supervisionCode").asText()).isEqualTo(code);
        assertThat(second.getHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");

        awaitState(code, "drug", State.SENT);
        awaitState(code, "land", State.SENT);
        assertThat(cases.countCases("platform")).isEqualTo(before + 1);
        assertThat(received(drugReceived, code)).isEqualTo(1);
        assertThat(landReceived(code)).isEqualTo(1);
    }

    @Test
    @Order(3)
    void theSameKeyWithAnotherBodyIsRefused() throws Exception {
        String key = UUID.randomUUID().toString();
        String code = accepted(post(key, intakeBody(platformCase("CQPT2026112200103"), "drug"))).get("supervisionCode").asText();

        JsonNode p = problem(post(key, intakeBody(platformCase("CQPT2026112200104"), "drug")), HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(p.get("detail").asText()).contains("Idempotency-Key", key, code, "another request");
        assertThat(cases.findByDepartmentCase("platform", "CQPT2026112200104")).isEmpty();
    }

    @Test
    @Order(4)
    void badRequestsAreRefusedWithTheFieldAndWhatWasExpected() throws Exception {
        String good = intakeBody(platformCase("CQPT2026112200105"), "drug");
        assertThat(problem(post(null, good), HttpStatus.BAD_REQUEST).get("detail").asText())
                .startsWith("Idempotency-Key: expected a header");

        ObjectNode badId = platformCase("CQPT2026112200106");
        ((ObjectNode) badId.at("/application/applicant")).put("idNumber", "500102199203157420");
        assertThat(problem(post(UUID.randomUUID().toString(), intakeBody(badId, "drug")), HttpStatus.BAD_REQUEST)
                .get("detail").asText()).startsWith("case.application.applicant.idNumber: expected a resident identity number");

        ObjectNode noItem = platformCase("CQPT2026112200107");
        ((ObjectNode) noItem.get("application")).remove("itemName");
        assertThat(problem(post(UUID.randomUUID().toString(), intakeBody(noItem, "drug")), HttpStatus.BAD_REQUEST)
                .get("detail").asText()).startsWith("case.application: expected valid per case.schema.json").contains("itemName");

        ObjectNode badDate = platformCase("CQPT2026112200108");
        ((ObjectNode) badDate.get("application")).put("submittedAt", "2026-02-30 09:00");
        assertThat(problem(post(UUID.randomUUID().toString(), intakeBody(badDate, "drug")), HttpStatus.BAD_REQUEST)
                .get("detail").asText()).startsWith("case.application.submittedAt: expected a date/time");

        ObjectNode decided = platformCase("CQPT2026112200109").put("status", "APPROVED");
        assertThat(problem(post(UUID.randomUUID().toString(), intakeBody(decided, "drug")), HttpStatus.BAD_REQUEST)
                .get("detail").asText()).isEqualTo("case.status: expected SUBMITTED (the departments decide from here), got 'APPROVED'");

        ObjectNode withCode = platformCase("CQPT2026112200110").put("supervisionCode", "50010220261122NC55B4TGF0Q");
        assertThat(problem(post(UUID.randomUUID().toString(), intakeBody(withCode, "drug")), HttpStatus.BAD_REQUEST)
                .get("detail").asText()).startsWith("case.supervisionCode: expected nothing");

        assertThat(problem(post(UUID.randomUUID().toString(), intakeBody(platformCase("CQPT2026112200111"))), HttpStatus.BAD_REQUEST)
                .get("detail").asText()).startsWith("departments: expected a non-empty array");
        assertThat(problem(post(UUID.randomUUID().toString(), "{\"departments\": [\"drug\"], \"case\": "), HttpStatus.BAD_REQUEST)
                .get("detail").asText()).startsWith("(body): expected JSON, got unparsable JSON at line 1");
        assertThat(problem(post(UUID.randomUUID().toString(), intakeBody(platformCase("CQPT2026112200112"), "drug", "drug")),
                HttpStatus.BAD_REQUEST).get("detail").asText()).startsWith("departments[1]: expected each department once");

        assertThat(problem(post(UUID.randomUUID().toString(), intakeBody(platformCase("CQPT2026112200113"), "drug", "water")),
                HttpStatus.UNPROCESSABLE_ENTITY).get("detail").asText())
                .isEqualTo("departments[1]: expected a department the hub knows [civil, drug, land], got 'water'");
        assertThat(problem(post(UUID.randomUUID().toString(), intakeBody(platformCase("CQPT2026112200114"), "civil")),
                HttpStatus.CONFLICT).get("detail").asText()).startsWith("departments[0]: department 'civil' has no target");

        assertThat(cases.findByDepartmentCase("platform", "CQPT2026112200106")).isEmpty();
        assertThat(cases.findByDepartmentCase("platform", "CQPT2026112200113")).as("nothing of a refused request is kept").isEmpty();
    }

    @Test
    @Order(5)
    void progressFromBothDepartmentsBuildsTheOneCaseByCodeAndByAcknowledgedNumber() throws Exception {
        landComesUp();
        String code = accepted(post(UUID.randomUUID().toString(), intakeBody(platformCase("CQPT2026112200120"), "drug", "land")))
                .get("supervisionCode").asText();
        String yj = awaitState(code, "drug", State.SENT).departmentCaseNo();
        String gt = awaitState(code, "land", State.SENT).departmentCaseNo();

        // the drug administration keeps the platform's code (jgm): linked by supervision code
        push("drug", "bjxx", drugRecord(yj, code, "2", "20261122110000"));
        JsonNode c = await().atMost(Duration.ofSeconds(30)).until(() -> getCase(code), x -> x.get("version").asInt() == 2);
        assertThat(c.get("status").asText()).as("land has not reported: still SUBMITTED").isEqualTo("SUBMITTED");
        assertThat(dispatchOf(c, "drug").get("status").asText()).isEqualTo("IN_REVIEW");
        assertThat(dispatchOf(c, "land").has("status")).isFalse();
        assertThat(c.get("steps")).extracting(s -> s.get("name").asText()).containsExactly("受理");

        // the land bureau's record has no code, only its own number it answered the dispatch with
        push("land", "record", landRecord(gt, "2", "2026-11-22 11:30:00", "b1"));
        c = await().atMost(Duration.ofSeconds(30)).until(() -> getCase(code), x -> x.get("version").asInt() == 3);
        assertThat(c.get("status").asText()).isEqualTo("IN_REVIEW");
        assertThat(dispatchOf(c, "land").get("status").asText()).isEqualTo("IN_REVIEW");
        assertThat(c.get("steps")).hasSize(2);
        assertThat(c.get("departmentCaseNo").asText()).as("still the platform's case").isEqualTo("CQPT2026112200120");

        // the same progress again (another export batch, same content) writes no version
        push("land", "record", landRecord(gt, "2", "2026-11-22 11:30:00", "b2"));
        push("drug", "bjxx", drugRecord(yj, code, "4", "20261122120000"));
        c = await().atMost(Duration.ofSeconds(30)).until(() -> getCase(code), x -> x.get("version").asInt() >= 4);
        assertThat(c.get("status").asText()).as("drug approved, land still reviewing").isEqualTo("IN_REVIEW");
        push("land", "record", landRecord(gt, "7", "2026-11-22 14:00:00", "b3"));
        c = await().atMost(Duration.ofSeconds(30)).until(() -> getCase(code), x -> x.get("status").asText().equals("APPROVED"));
        push("drug", "bjxx", drugRecord(yj, code, "6", "20261122150000"));
        c = await().atMost(Duration.ofSeconds(30)).until(() -> getCase(code), x -> x.get("status").asText().equals("COMPLETED"));
        assertThat(c.at("/completion/certificateNo").asText()).as("the latest completion").isEqualTo("500102202600931");
        assertThat(dispatchOf(c, "drug").get("status").asText()).isEqualTo("COMPLETED");
        assertThat(dispatchOf(c, "land").get("status").asText()).isEqualTo("COMPLETED");

        JsonNode history = JSON.readTree(http.getForEntity("/api/v1/cases/" + code + "/history", String.class).getBody());
        OpenApiContract.assertMatchesComponent("CaseHistory", history);
        assertThat(history.get("versions")).extracting(v -> v.get("status").asText())
                .as("one version per change, none for the repeated land record")
                .containsExactly("SUBMITTED", "SUBMITTED", "IN_REVIEW", "IN_REVIEW", "APPROVED", "COMPLETED");
        assertThat(history.get("versions")).extracting(v -> v.at("/source/connector").asText())
                .as("each version's source: the intake, then the department record that made it")
                .containsExactly("intake", "drug/push", "land/push", "drug/push", "land/push", "drug/push");
        assertThat(history.at("/versions/1/source/rawMessageId").asLong()).isPositive();
        assertThat(cases.countCases("drug")).as("no separate department case").isZero();
        assertThat(cases.countCases("land")).isZero();
    }

    @Test
    @Order(6)
    void aRecordNamingACodeNeverSentToTheDepartmentIsDeadLetteredNotStored() throws Exception {
        String foreign = "50010220261122NC55B4TGF0Q";
        push("drug", "bjxx", drugRecord("YJ2026112288001", foreign, "1", "20261122100000"));

        List<Message> dead = await().atMost(Duration.ofSeconds(30)).until(() -> Queues.browse(jms, "hub.dlq.drug"), l -> !l.isEmpty());
        assertThat(dead).anySatisfy(m -> {
            assertThat(m.getStringProperty("CityhubStage")).isEqualTo("store-link");
            assertThat(m.getStringProperty("CityhubError")).contains(foreign, "YJ2026112288001");
        });
        assertThat(cases.findByDepartmentCase("drug", "YJ2026112288001")).isEmpty();
    }

    @Test
    @Order(7)
    void aHubStoppedBetweenStoreAndQueueSendsTheCaseWhenResumedAndStillOnlyOnce() throws Exception {
        landComesUp();
        String key = UUID.randomUUID().toString();
        String body = intakeBody(platformCase("CQPT2026112200130"), "drug", "land");

        String code = intake.accept(key, body).taken().supervisionCode(); // stored; the hub stops before queueing
        assertThat(dispatches.find(code, "drug").orElseThrow().state()).isEqualTo(State.QUEUED);
        JsonNode retry = accepted(post(key, body));
        assertThat(retry.get("supervisionCode").asText()).isEqualTo(code);
        assertThat(retry.get("dispatch")).allSatisfy(d -> assertThat(d.get("state").asText()).isEqualTo("QUEUED"));
        assertThat(received(drugReceived, code) + landReceived(code)).as("nothing sent yet").isZero();

        intake.resumeUnqueued(java.time.OffsetDateTime.now().plusMinutes(1)); // the sweep, once the hub runs again
        awaitState(code, "drug", State.SENT);
        awaitState(code, "land", State.SENT);
        assertThat(received(drugReceived, code)).isEqualTo(1);
        assertThat(landReceived(code)).isEqualTo(1);

        // queued a second time, as a resume after a stop just after queueing would: taken off without a call
        dispatcher.enqueue("drug", JSON.readTree(cases.findByCode(code).orElseThrow().content()));
        await().atMost(Duration.ofSeconds(30)).until(() -> Queues.browse(jms, Dispatcher.outbound("drug")).isEmpty());
        assertThat(dispatches.find(code, "drug").orElseThrow().state()).isEqualTo(State.SENT);
        assertThat(received(drugReceived, code)).as("sent once").isEqualTo(1);
        assertThat(intakes.unqueued(java.time.OffsetDateTime.now().plusMinutes(1)))
                .as("a resumed request is marked queued: not resumed again").noneMatch(r -> r.idempotencyKey().equals(key));
    }
}
