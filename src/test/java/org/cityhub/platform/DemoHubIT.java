package org.cityhub.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import org.cityhub.support.OpenApiContract;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The hub on its embedded defaults (H2 file store, embedded persistent Artemis, the demo land bureau),
 * as a newcomer starts it: demo cases flow in, health is UP, and every API answer matches the contract.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DemoHubIT {

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) throws IOException {
        Path dir = Files.createTempDirectory("cityhub-demo-it");
        registry.add("cityhub.data-dir", dir::toString);
        registry.add("cityhub.demo.write-period", () -> "1000");
        registry.add("cityhub.demo.push-period", () -> "1000");
    }

    @Autowired
    TestRestTemplate http;

    @Autowired
    ObjectMapper json;

    private JsonNode get(String url, HttpStatus expected) throws IOException {
        ResponseEntity<String> r = http.getForEntity(url, String.class);
        assertThat(r.getStatusCode()).as("GET %s: %s", url, r.getBody()).isEqualTo(expected);
        if (expected.isError()) {
            assertThat(r.getHeaders().getContentType()).isNotNull();
            assertThat(r.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        }
        return json.readTree(r.getBody());
    }

    private JsonNode firstPageWithCases() {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> get("/api/v1/cases?department=land&limit=50", HttpStatus.OK), page -> page.get("items").size() > 0);
    }

    /** Reads the whole feed from the start, checking each page against the contract and that no change repeats. */
    private Set<String> readWholeFeed(int limit) throws IOException {
        Set<String> seen = new HashSet<>();
        String cursor = null;
        JsonNode page;
        do {
            page = get("/api/v1/cases?limit=" + limit + (cursor == null ? "" : "&after=" + cursor), HttpStatus.OK);
            OpenApiContract.assertMatchesComponent("CasePage", page);
            for (JsonNode item : page.get("items")) {
                assertThat(seen.add(item.get("department").asText() + ":" + item.get("supervisionCode").asText() + "#" + item.get("version").asInt()))
                        .as("change seen twice").isTrue();
            }
            cursor = page.get("nextCursor").asText();
        } while (page.get("items").size() == limit);
        return seen;
    }

    @Test
    void theSeededHistoryFlowsInWithinAMinuteAndTheFeedPagesThroughEveryChangeOnce() {
        // the demo seeds 300 legacy cases; all must arrive, each a distinct supervision code
        Set<String> seen = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> readWholeFeed(100), s -> s.stream().filter(k -> k.startsWith("land:"))
                        .map(k -> k.substring(0, k.indexOf('#'))).distinct().count() >= 300);
        assertThat(seen).allSatisfy(k -> assertThat(k).matches("[a-z]+:[0-9A-Z]{25}#\\d+"));
    }

    @Test
    void oneCaseAndItsHistoryMatchTheContract() throws IOException {
        JsonNode item = firstPageWithCases().get("items").get(0);
        String code = item.get("supervisionCode").asText();

        JsonNode one = get("/api/v1/cases/" + code, HttpStatus.OK);
        OpenApiContract.assertIsCase(one);
        assertThat(one.get("department").asText()).isEqualTo("land");
        assertThat(one.get("steps").isArray()).isTrue();

        JsonNode typedByACitizen = get("/api/v1/cases/" + code.toLowerCase().substring(0, 6) + " " + code.substring(6).toLowerCase(), HttpStatus.OK);
        assertThat(typedByACitizen.get("supervisionCode").asText()).isEqualTo(code);

        JsonNode history = get("/api/v1/cases/" + code + "/history", HttpStatus.OK);
        OpenApiContract.assertMatchesComponent("CaseHistory", history);
        JsonNode first = history.get("versions").get(0);
        assertThat(first.get("version").asInt()).isEqualTo(1);
        assertThat(first.at("/source/connector").asText()).isEqualTo("cases");
        assertThat(first.at("/source/sha256").asText()).hasSize(64);
        assertThat(first.at("/source/rawMessageId").asLong()).isPositive();
    }

    @Test
    void malformedCodeIs400BeforeAnyLookupAndUnknownCodeIs404() throws IOException {
        String code = firstPageWithCases().get("items").get(0).get("supervisionCode").asText();
        char last = code.charAt(code.length() - 1);
        String mistyped = code.substring(0, code.length() - 1) + (last == '0' ? '1' : '0');

        JsonNode bad = get("/api/v1/cases/" + mistyped, HttpStatus.BAD_REQUEST);
        assertThat(bad.get("detail").asText()).contains("check character");
        OpenApiContract.assertMatchesComponent("Problem", bad);

        JsonNode tooShort = get("/api/v1/cases/500102", HttpStatus.BAD_REQUEST);
        assertThat(tooShort.get("detail").asText()).contains("25");

        String unknown = org.cityhub.caseflow.SupervisionCode.derive("500102", java.time.LocalDate.of(2020, 1, 1), "nobody", "X1", 0).value();
        JsonNode notFound = get("/api/v1/cases/" + unknown, HttpStatus.NOT_FOUND);
        assertThat(notFound.get("detail").asText()).contains(unknown);
    }

    @Test
    void badFeedParametersAre400WithAPreciseDetail() throws IOException {
        assertThat(get("/api/v1/cases?limit=0", HttpStatus.BAD_REQUEST).get("detail").asText()).contains("limit").contains("500");
        assertThat(get("/api/v1/cases?limit=501", HttpStatus.BAD_REQUEST).get("detail").asText()).contains("limit");
        assertThat(get("/api/v1/cases?limit=abc", HttpStatus.BAD_REQUEST).get("detail").asText()).contains("limit");
        assertThat(get("/api/v1/cases?after=not-a-cursor", HttpStatus.BAD_REQUEST).get("detail").asText()).contains("after");
        assertThat(get("/api/v1/cases?after=' or 1=1 --", HttpStatus.BAD_REQUEST).get("detail").asText()).contains("after");
        assertThat(get("/api/v1/cases?status=DONE", HttpStatus.BAD_REQUEST).get("detail").asText()).contains("status").contains("COMPLETED");
        assertThat(get("/api/v1/cases?department=LAND;drop", HttpStatus.BAD_REQUEST).get("detail").asText()).contains("department");
    }

    @Test
    void feedFiltersByDepartmentAndStatus() throws IOException {
        firstPageWithCases();
        // the seeded history holds completed cases; under load they may take a moment to be stored
        JsonNode completed = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .until(() -> get("/api/v1/cases?department=land&status=COMPLETED&limit=500", HttpStatus.OK),
                        page -> !page.get("items").isEmpty());
        completed.get("items").forEach(c -> assertThat(c.get("status").asText()).isEqualTo("COMPLETED"));
        assertThat(get("/api/v1/cases?department=water", HttpStatus.OK).get("items")).isEmpty();
    }

    @Test
    void theCivilAffairsBureausGbkExportsArriveFromItsInbox() {
        JsonNode page = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> get("/api/v1/cases?department=civil&limit=500", HttpStatus.OK), p -> p.get("items").size() >= 60);
        assertThat(page.get("items")).allSatisfy(c -> {
            assertThat(c.get("department").asText()).isEqualTo("civil");
            assertThat(c.get("departmentCaseNo").asText()).startsWith("MZ");
        });
    }

    @Test
    void theMarketSupervisionSystemPushesCasesOverSoap() {
        JsonNode page = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> get("/api/v1/cases?department=market&limit=100", HttpStatus.OK), p -> p.get("items").size() >= 4);
        assertThat(page.get("items")).allSatisfy(c -> assertThat(c.get("departmentCaseNo").asText()).startsWith("SJ"));
    }

    @Test
    void departmentsListTheDemoLandBureau() throws IOException {
        JsonNode departments = get("/api/v1/departments", HttpStatus.OK);
        OpenApiContract.assertMatchesComponent("DepartmentList", departments);
        assertThat(departments.get("items")).anySatisfy(d -> {
            assertThat(d.get("code").asText()).isEqualTo("land");
            assertThat(d.get("state").asText()).isEqualTo("ACTIVE");
            assertThat(d.get("mode").asText()).isEqualTo("callout");
        });
    }

    private ResponseEntity<String> callOut(String path, String body) {
        org.springframework.http.HttpHeaders h = new org.springframework.http.HttpHeaders();
        h.setContentType(MediaType.APPLICATION_JSON);
        h.add("X-Cityhub-Caller", "fgw-xmsp");
        return http.postForEntity(path, new org.springframework.http.HttpEntity<>(body, h), String.class);
    }

    @Test
    void theLandBureauAnswersAPreReviewOpinionAndTheCallIsAudited() throws IOException {
        ResponseEntity<String> r = callOut("/api/v1/callouts/land/pre-review-opinion", "{\"projectCode\": \"2025-500102-47-01-100356\"}");

        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(HttpStatus.OK);
        JsonNode answer = json.readTree(r.getBody());
        assertThat(answer.get("found").asBoolean()).isTrue();
        assertThat(answer.at("/opinion/documentNo").asText()).isEqualTo("涪规资预审〔2025〕6号");
        assertThat(answer.at("/opinion/conclusion").asText()).isEqualTo("APPROVED");
        assertThat(answer.at("/opinion/projectName").asText()).isEqualTo("涪陵区第十九中学校迁建工程");

        JsonNode operations = get("/api/v1/callouts", HttpStatus.OK);
        OpenApiContract.assertMatchesComponent("CalloutList", operations);
        assertThat(operations.get("items")).anySatisfy(o -> {
            assertThat(o.get("department").asText()).isEqualTo("land");
            assertThat(o.get("operation").asText()).isEqualTo("pre-review-opinion");
            assertThat(o.get("template").asText()).isEqualTo("sql-callout");
            assertThat(o.get("breakerState").asText()).isEqualTo("CLOSED");
        });

        JsonNode audit = get("/api/v1/callouts/audit?department=land&operation=pre-review-opinion&limit=1", HttpStatus.OK);
        OpenApiContract.assertMatchesComponent("CalloutAuditList", audit);
        JsonNode row = audit.get("items").get(0);
        assertThat(row.get("caller").asText()).isEqualTo("fgw-xmsp");
        assertThat(row.get("outcome").asText()).isEqualTo("OK");
        assertThat(row.at("/request/projectCode").asText()).isEqualTo("2025-500102-47-01-100356");
        assertThat(row.at("/response/opinion/documentNo").asText()).isEqualTo("涪规资预审〔2025〕6号");
    }

    @Test
    void aMalformedProjectCodeIsA400NamingTheFieldAndBadAuditParametersAre400() throws IOException {
        ResponseEntity<String> r = callOut("/api/v1/callouts/land/pre-review-opinion", "{\"projectCode\": \"47-01-100356\"}");

        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        JsonNode problem = json.readTree(r.getBody());
        OpenApiContract.assertMatchesComponent("CalloutProblem", problem);
        assertThat(problem.get("fieldPath").asText()).isEqualTo("projectCode");
        assertThat(problem.get("detail").asText()).contains("yyyy-xxxxxx-xx-xx-xxxxxx").contains("47-01-100356");

        assertThat(get("/api/v1/callouts/audit?limit=0", HttpStatus.BAD_REQUEST).get("detail").asText()).contains("limit");
        assertThat(get("/api/v1/callouts/audit?department=LAND;drop", HttpStatus.BAD_REQUEST).get("detail").asText()).contains("department");
    }

    @Test
    void theRetiringAgriculturalMachineryBureauIsMigratedAndReconciledAtStartUp() throws IOException {
        JsonNode agri = get("/api/v1/departments/agri", HttpStatus.OK);
        OpenApiContract.assertMatchesComponent("Department", agri);
        assertThat(agri.get("mode").asText()).isEqualTo("retire");
        assertThat(agri.get("state").asText()).isEqualTo("MIGRATING");
        JsonNode report = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(90))
                .pollInterval(java.time.Duration.ofSeconds(1))
                .until(() -> get("/api/v1/departments/agri/migration/report", HttpStatus.OK), r -> r.get("reconciled").asBoolean());
        OpenApiContract.assertMatchesComponent("ReconciliationReport", report);
        assertThat(report.at("/totals/legacyCases").asLong()).isEqualTo(2400);
        assertThat(report.at("/totals/storeCases").asLong()).isEqualTo(2400);
        JsonNode audit = get("/api/v1/departments/agri/audit", HttpStatus.OK);
        assertThat(audit.at("/items/0/action").asText()).isEqualTo("start-migration");
        assertThat(audit.at("/items/0/actor").asText()).isEqualTo("demo");
    }

    @Test
    void healthIsUpWithStoreBrokerAndRoutes() throws IOException {
        firstPageWithCases();
        JsonNode health = get("/actuator/health", HttpStatus.OK);
        assertThat(health.get("status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/db/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/jms/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/routes/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/routes/details/routes/land-cases-poll").asText()).isEqualTo("Started");
    }

    @Test
    void contractIsServed() {
        ResponseEntity<String> openapi = http.getForEntity("/contract/openapi.yaml", String.class);
        assertThat(openapi.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(openapi.getBody()).contains("openapi: 3.1.0");
        assertThat(http.getForEntity("/contract/case.schema.json", String.class).getBody()).contains("\"title\": \"Case\"");
    }
}
