package org.cityhub.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.cityhub.store.CaseStore;
import org.cityhub.store.IncomingCase;
import org.cityhub.support.HubHome;
import org.cityhub.support.OpenApiContract;
import org.cityhub.support.TestClients;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The permission matrix of README ("Permissions"), tried cell by cell over real HTTP: every role's demo client
 * against every endpoint (allowed: anything but 401/403; refused: 403), every endpoint without credentials
 * (401, the console a redirect to its sign-in page), and department scope (a department's or a district's
 * client reading another department's case: 403, in the access log auditors read).
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityIT {

    /** A role's demo client: its API key (people use HTTP Basic). */
    enum Client {
        PLATFORM(TestClients.PLATFORM_KEY), OPS(TestClients.OPS_KEY), INTEGRATOR(TestClients.INTEGRATOR_KEY),
        AUDITOR(TestClients.AUDITOR_KEY), DEPARTMENT("demo-land-key");

        final String key;

        Client(String key) {
            this.key = key;
        }
    }

    /** One row of the matrix: an endpoint and the roles that reach it. */
    record Endpoint(String method, String path, String body, String contentType, Set<Client> allowed) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static final String SOAP_PUSH = """
            <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>
            <ch:reportCases xmlns:ch="http://cityhub.example/push/1"><messageId>matrix-1</messageId></ch:reportCases>
            </soap:Body></soap:Envelope>""";

    static String landCode;
    static String civilCode;

    static List<Endpoint> matrix() {
        Set<Client> read = EnumSet.of(Client.PLATFORM, Client.OPS, Client.AUDITOR);
        Set<Client> people = EnumSet.of(Client.OPS, Client.INTEGRATOR, Client.AUDITOR);
        Set<Client> departmentsRead = EnumSet.of(Client.PLATFORM, Client.OPS, Client.INTEGRATOR, Client.AUDITOR);
        return List.of(
                new Endpoint("GET", "/api/v1/cases", null, null, read),
                new Endpoint("GET", "/api/v1/cases/{land}", null, null, read),
                new Endpoint("GET", "/api/v1/cases/{land}/history", null, null, read),
                new Endpoint("POST", "/api/v1/cases", "{}", "application/json", EnumSet.of(Client.PLATFORM)),
                new Endpoint("POST", "/api/v1/callouts/land/no-such-operation", "{}", "application/json", EnumSet.of(Client.PLATFORM)),
                new Endpoint("GET", "/api/v1/callouts", null, null, read),
                new Endpoint("GET", "/api/v1/callouts/audit", null, null, EnumSet.of(Client.OPS, Client.AUDITOR)),
                new Endpoint("GET", "/api/v1/supervision/alerts", null, null, read),
                new Endpoint("GET", "/api/v1/supervision/statistics", null, null, read),
                new Endpoint("GET", "/api/v1/alerts", null, null, people),
                new Endpoint("GET", "/api/v1/departments", null, null, departmentsRead),
                new Endpoint("GET", "/api/v1/departments/land", null, null, departmentsRead),
                new Endpoint("GET", "/api/v1/departments/land/audit", null, null, people),
                new Endpoint("POST", "/api/v1/departments/land/actions", "{\"action\": \"no-such-action\"}", "application/json",
                        EnumSet.of(Client.INTEGRATOR)),
                new Endpoint("GET", "/api/v1/connectors", null, null, people),
                new Endpoint("GET", "/api/v1/connectors/land/exports", null, null, people),
                new Endpoint("POST", "/api/v1/connectors/land/exports/actions", "{\"action\": \"no-such-action\"}", "application/json",
                        EnumSet.of(Client.OPS)),
                new Endpoint("POST", "/api/v1/connectors/validate?department=land", "department: {}", "application/yaml",
                        EnumSet.of(Client.INTEGRATOR)),
                new Endpoint("GET", "/api/v1/ops/queues", null, null, EnumSet.of(Client.OPS)),
                new Endpoint("GET", "/api/v1/ops/throughput", null, null, EnumSet.of(Client.OPS)),
                new Endpoint("GET", "/api/v1/ops/dead-letters?department=land", null, null, EnumSet.of(Client.OPS)),
                new Endpoint("POST", "/api/v1/ops/dead-letters/replay", "{\"department\": \"land\", \"ids\": []}", "application/json",
                        EnumSet.of(Client.OPS)),
                new Endpoint("POST", "/api/v1/ops/replays", "{}", "application/json", EnumSet.of(Client.OPS)),
                new Endpoint("POST", "/api/v1/ops/mappings/reload", "{\"reason\": \"matrix\"}", "application/json",
                        EnumSet.of(Client.OPS, Client.INTEGRATOR)),
                new Endpoint("GET", "/api/v1/ops/audit", null, null, EnumSet.of(Client.OPS, Client.AUDITOR)),
                new Endpoint("GET", "/api/v1/audit", null, null, EnumSet.of(Client.AUDITOR)),
                new Endpoint("GET", "/actuator/prometheus", null, null, EnumSet.of(Client.OPS)),
                new Endpoint("GET", "/console", null, null, people),
                new Endpoint("POST", "/services/push/land", SOAP_PUSH, "text/xml; charset=utf-8", EnumSet.of(Client.DEPARTMENT)));
    }

    static Stream<Arguments> cells() {
        List<Arguments> cells = new ArrayList<>();
        for (Endpoint e : matrix()) {
            for (Client c : Client.values()) {
                cells.add(Arguments.of(e, c));
            }
        }
        return cells.stream();
    }

    @DynamicPropertySource
    static void setUp(DynamicPropertyRegistry registry) throws IOException {
        Path data = Files.createTempDirectory("cityhub-security");
        Path landInbox = Files.createDirectories(data.resolve("inbox/land"));
        Path civilInbox = Files.createDirectories(data.resolve("inbox/civil"));
        HubHome home = HubHome.create()
                .connector("land", fileDrop("land", "规划和自然资源局", "500102", landInbox))
                // another district: 500103, so that a district's client (fuling-ops, 500102) does not see it
                .connector("civil", fileDrop("civil", "民政局", "500103", civilInbox));
        registry.add("cityhub.home", () -> home.root().toString());
        registry.add("cityhub.data-dir", data::toString);
        registry.add("cityhub.demo.enabled", () -> "false");
    }

    private static String fileDrop(String code, String name, String region, Path inbox) {
        return """
                department:
                  code: %s
                  name: %s
                  region: "%s"
                sources:
                  - name: exports
                    template: file-drop
                    mapping: civil/case
                    parameters:
                      inbox: "%s"
                      format: json
                      filePattern: "*.json"
                """.formatted(code, name, region, inbox);
    }

    @LocalServerPort
    int port;
    @Autowired
    CaseStore cases;
    @Autowired
    ObjectMapper json;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void storeOneCaseEach() {
        landCode = store("land", "500102", "GH-SEC-1");
        civilCode = store("civil", "500103", "MZ-SEC-1");
    }

    private String store(String department, String region, String no) {
        ObjectNode c = json.createObjectNode();
        c.put("departmentCaseNo", no);
        c.put("status", "IN_REVIEW");
        c.put("updatedAt", "2026-11-20T09:00:00+08:00");
        ObjectNode app = c.putObject("application");
        app.put("itemName", "测试事项");
        app.putObject("applicant").put("name", "重庆市涪陵区某某有限公司");
        app.put("submittedAt", "2026-11-20T09:00:00+08:00");
        return cases.apply(List.of(new IncomingCase(department, region, "exports", null, c))).get(0).supervisionCode();
    }

    private HttpResponse<String> send(Endpoint e, Map<String, String> headers) throws Exception {
        String path = e.path().replace("{land}", landCode);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        headers.forEach(b::header);
        if (e.body() != null) {
            b.header("Content-Type", e.contentType()).method(e.method(), HttpRequest.BodyPublishers.ofString(e.body()));
        } else {
            b.method(e.method(), HttpRequest.BodyPublishers.noBody());
        }
        if (path.startsWith("/services/push")) {
            b.header("SOAPAction", "\"reportCases\"");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        return send(new Endpoint("GET", path, null, null, Set.of()), headers);
    }

    private static Map<String, String> key(String key) {
        return Map.of(TestClients.API_KEY_HEADER, key);
    }

    private static Map<String, String> person(String name) {
        return Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString((name + ":cityhub-demo").getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest(name = "{1} → {0}")
    @MethodSource("cells")
    void eachRoleReachesExactlyItsEndpoints(Endpoint e, Client c) throws Exception {
        HttpResponse<String> r = send(e, key(c.key));
        if (e.allowed().contains(c)) {
            assertThat(r.statusCode()).as("%s as %s: %s", e, c, r.body()).isNotIn(401, 403);
        } else {
            assertThat(r.statusCode()).as("%s as %s: %s", e, c, r.body()).isEqualTo(403);
            if (!e.path().startsWith("/console")) {
                assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
                assertThat(r.body()).contains("may not");
            }
        }
    }

    @ParameterizedTest(name = "anonymous → {0}")
    @MethodSource("matrix")
    void nothingButHealthAndTheContractIsOpenWithoutCredentials(Endpoint e) throws Exception {
        HttpResponse<String> r = send(e, Map.of());
        if (e.path().startsWith("/console")) {
            assertThat(r.statusCode()).isEqualTo(302);
            assertThat(r.headers().firstValue("Location").orElse("")).endsWith("/login");
        } else {
            assertThat(r.statusCode()).as("%s: %s", e, r.body()).isEqualTo(401);
            assertThat(r.body()).contains("X-Api-Key");
        }
    }

    /**
     * OneHandlerLookup: a request's handler is looked up once, by the DispatcherServlet, not a first time by a cache
     * filter in front of the security chain (which Spring Security 6.5 adds whenever Spring MVC is present).
     */
    @Test
    void aRequestsHandlerIsLookedUpOnce() throws Exception {
        CountingLookups.LOOKUPS.set(0);
        HttpResponse<String> r = get("/api/v1/cases/" + landCode, Map.of(TestClients.API_KEY_HEADER, Client.PLATFORM.key, CountingLookups.HEADER, "1"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(CountingLookups.LOOKUPS.get()).isEqualTo(1);
    }

    /** A handler mapping asked first, which answers nothing and counts how often it is asked for a marked request. */
    @TestConfiguration
    static class CountingLookups {
        static final String HEADER = "X-Count-Lookups";
        static final AtomicInteger LOOKUPS = new AtomicInteger();

        @Bean
        HandlerMapping countingHandlerMapping() {
            return new Mapping();
        }

        static final class Mapping implements HandlerMapping, Ordered {
            @Override
            public HandlerExecutionChain getHandler(HttpServletRequest request) {
                if (request.getHeader(HEADER) != null) {
                    LOOKUPS.incrementAndGet();
                }
                return null;
            }

            @Override
            public int getOrder() {
                return Ordered.HIGHEST_PRECEDENCE;
            }
        }
    }

    @Test
    void healthTheContractAndTheSignInPageAreOpen() throws Exception {
        // open: reachable without credentials (UP once every route has started)
        HttpResponse<String> health = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> get("/actuator/health", Map.of()), h -> h.statusCode() == 200 || h.statusCode() == 401 || h.statusCode() == 403);
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        assertThat(get("/contract/openapi.yaml", Map.of()).statusCode()).isEqualTo(200);
        assertThat(get("/login", Map.of()).statusCode()).isEqualTo(200);
        HttpResponse<String> wrongKey = get("/api/v1/cases", key("not-a-key-of-anyone"));
        assertThat(wrongKey.statusCode()).isEqualTo(401);
        assertThat(wrongKey.body()).contains("belongs to no client");
        HttpResponse<String> wrongPassword = get("/api/v1/cases", Map.of("Authorization", "Basic "
                + Base64.getEncoder().encodeToString("ops:wrong".getBytes(StandardCharsets.UTF_8))));
        assertThat(wrongPassword.statusCode()).isEqualTo(401);
    }

    @Test
    void aDepartmentsClientReadsItsOwnCasesOnlyAndAnotherDepartmentsReadIsRefusedAndAudited() throws Exception {
        // land-ops: a person, role ops, scope department:land
        assertThat(get("/api/v1/cases/" + landCode, person("land-ops")).statusCode()).isEqualTo(200);
        HttpResponse<String> other = get("/api/v1/cases/" + civilCode, person("land-ops"));
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(json.readTree(other.body()).get("detail").asText()).contains("civil").contains("department:land");
        // the feed holds only its department's cases; asking for another department is refused
        JsonNode feed = json.readTree(get("/api/v1/cases?limit=100", person("land-ops")).body());
        assertThat(feed.get("items")).isNotEmpty().allSatisfy(c -> assertThat(c.get("department").asText()).isEqualTo("land"));
        assertThat(get("/api/v1/cases?department=civil", person("land-ops")).statusCode()).isEqualTo(403);
        assertThat(get("/api/v1/ops/dead-letters?department=civil", person("land-ops")).statusCode()).isEqualTo(403);
        assertThat(get("/api/v1/ops/dead-letters?queue=hub.dlq.broker", person("land-ops")).statusCode()).isEqualTo(403);
        JsonNode departments = json.readTree(get("/api/v1/departments", person("land-ops")).body());
        assertThat(departments.get("items")).extracting(d -> d.get("code").asText()).containsExactly("land");
        JsonNode queues = json.readTree(get("/api/v1/ops/queues", person("land-ops")).body());
        assertThat(queues.get("items")).isNotEmpty().allSatisfy(q -> assertThat(q.get("department").asText()).isEqualTo("land"));

        // the auditor finds the refused read: who, from where, what, when
        HttpResponse<String> audit = get("/api/v1/audit?client=land-ops&outcome=DENIED", key(TestClients.AUDITOR_KEY));
        assertThat(audit.statusCode()).isEqualTo(200);
        JsonNode denied = json.readTree(audit.body()).get("items");
        assertThat(denied).anySatisfy(entry -> {
            assertThat(entry.get("path").asText()).isEqualTo("/api/v1/cases/" + civilCode);
            assertThat(entry.get("department").asText()).isEqualTo("civil");
            assertThat(entry.get("status").asInt()).isEqualTo(403);
            assertThat(entry.get("remoteAddr").asText()).isEqualTo("127.0.0.1");
            assertThat(entry.get("at").asText()).isNotBlank();
        });
        // and the allowed case read too
        JsonNode reads = json.readTree(get("/api/v1/audit?client=land-ops&outcome=ALLOWED", key(TestClients.AUDITOR_KEY)).body()).get("items");
        assertThat(reads).anySatisfy(entry -> assertThat(entry.get("path").asText()).isEqualTo("/api/v1/cases/" + landCode));
    }

    @Test
    void everyCaseReadIsInTheAccessLogWhenManyRunAtOnce() throws Exception {
        // entries are queued and inserted in batches (AccessLog): none may be missing
        String marker = "r" + System.nanoTime();
        int reads = 60;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(12);
        try {
            List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < reads; i++) {
                String path = "/api/v1/cases/" + landCode + "?" + marker + "=" + i;
                answers.add(pool.submit(() -> get(path, key(TestClients.PLATFORM_KEY)).statusCode()));
            }
            for (java.util.concurrent.Future<Integer> a : answers) {
                assertThat(a.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        // an entry is recorded once its request has answered (the filter sees the status only then), so a read of
        // the log just after the last answer may come a moment before the last entries: none may be missing
        java.util.Set<String> logged = new java.util.HashSet<>();
        await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode items = json.readTree(get("/api/v1/audit?client=demo-platform&limit=1000", key(TestClients.AUDITOR_KEY)).body())
                    .get("items");
            logged.clear();
            items.forEach(e -> {
                if (e.get("path").asText().contains("?" + marker + "=")) {
                    assertThat(e.get("outcome").asText()).isEqualTo("ALLOWED");
                    logged.add(e.get("path").asText());
                }
            });
            assertThat(logged).hasSize(reads);
        });
    }

    @Test
    void aDistrictsClientSeesTheDepartmentsOfItsDistrictOnly() throws Exception {
        // fuling-ops: role ops, scope district:500102 (land is in it, civil is in 500103)
        assertThat(get("/api/v1/cases/" + landCode, person("fuling-ops")).statusCode()).isEqualTo(200);
        assertThat(get("/api/v1/cases/" + civilCode, person("fuling-ops")).statusCode()).isEqualTo(403);
        JsonNode connectors = json.readTree(get("/api/v1/connectors", person("fuling-ops")).body());
        assertThat(connectors.get("items")).extracting(c -> c.get("department").asText()).containsOnly("land");
        // the city's clients see both
        assertThat(get("/api/v1/cases/" + civilCode, key(TestClients.OPS_KEY)).statusCode()).isEqualTo(200);
    }

    @Test
    void aTrustedMachineClientNamesItsUserAndTheAccessLogKeepsBoth() throws Exception {
        HttpResponse<String> r = send(new Endpoint("POST", "/api/v1/departments/land/actions", "{\"action\": \"activate\", \"reason\": \"go\"}",
                "application/json", Set.of()), Map.of(TestClients.API_KEY_HEADER, TestClients.INTEGRATOR_KEY, "X-Cityhub-Caller", "li.integrator"));
        assertThat(r.statusCode()).as(r.body()).isIn(200, 409);
        JsonNode entry = json.readTree(get("/api/v1/departments/land/audit", key(TestClients.INTEGRATOR_KEY)).body()).get("items").get(0);
        assertThat(entry.get("action").asText()).isEqualTo("activate");
        assertThat(entry.get("actor").asText()).isEqualTo("li.integrator");
        // (recorded once the POST has answered: see everyCaseReadIsInTheAccessLogWhenManyRunAtOnce)
        await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode logged = json.readTree(get("/api/v1/audit?client=demo-integrator&department=land", key(TestClients.AUDITOR_KEY)).body())
                    .get("items").get(0);
            assertThat(logged.get("actor").asText()).isEqualTo("li.integrator");
            assertThat(logged.get("method").asText()).isEqualTo("POST");
        });
        OpenApiContract.assertMatchesComponent("AccessLogPage", json.readTree(get("/api/v1/audit?limit=5", key(TestClients.AUDITOR_KEY)).body()));

        // an auditor names no one: its own id is the actor
        HttpResponse<String> auditorNames = get("/api/v1/audit?limit=1", Map.of(TestClients.API_KEY_HEADER, TestClients.AUDITOR_KEY,
                "X-Cityhub-Caller", "someone.else"));
        assertThat(auditorNames.statusCode()).isEqualTo(200);
        JsonNode self = json.readTree(get("/api/v1/audit?client=demo-auditor&limit=1", key(TestClients.AUDITOR_KEY)).body()).get("items").get(0);
        assertThat(self.get("actor").asText()).isEqualTo("demo-auditor");
    }

    @Test
    void personalDataIsClearForThePlatformAndMaskedForOtherRoles() throws Exception {
        ObjectNode c = json.createObjectNode();
        c.put("departmentCaseNo", "GH-SEC-PERSON");
        c.put("status", "IN_REVIEW");
        c.put("updatedAt", "2026-11-20T09:00:00+08:00");
        ObjectNode app = c.putObject("application");
        app.put("itemName", "测试事项");
        app.putObject("applicant").put("name", "张三丰").put("idType", "111").put("idNumber", "11010519491231002X")
                .put("phone", "13812345678");
        app.put("submittedAt", "2026-11-20T09:00:00+08:00");
        String code = cases.apply(List.of(new IncomingCase("land", "500102", "exports", null, c))).get(0).supervisionCode();

        JsonNode clear = json.readTree(get("/api/v1/cases/" + code, key(TestClients.PLATFORM_KEY)).body()).at("/application/applicant");
        assertThat(clear.get("idNumber").asText()).isEqualTo("11010519491231002X");
        assertThat(clear.get("phone").asText()).isEqualTo("13812345678");
        for (String path : List.of("/api/v1/cases/" + code, "/api/v1/cases/" + code + "/history", "/api/v1/cases?department=land&limit=500")) {
            String body = get(path, key(TestClients.OPS_KEY)).body();
            assertThat(body).as(path).doesNotContain("11010519491231002X").doesNotContain("13812345678").doesNotContain("张三丰")
                    .contains("110105").contains("002X");
        }
    }
}
