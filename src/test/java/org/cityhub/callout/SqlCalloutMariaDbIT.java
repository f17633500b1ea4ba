package org.cityhub.callout;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.cityhub.demo.LandPreReviewOpinions;
import org.cityhub.support.HubHome;
import org.cityhub.support.OpenApiContract;
import org.cityhub.support.ThrowAwayDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The land bureau's pre-review opinion register on this machine's real MariaDB, asked through the
 * sql-callout with the bureau's own mappings: named parameters are bound, never pasted into the SQL.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SqlCalloutMariaDbIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final ThrowAwayDatabase gtsp = ThrowAwayDatabase.mariadb("ydys");

    @DynamicPropertySource
    static void setUp(DynamicPropertyRegistry registry) throws IOException {
        DriverManagerDataSource ds = new DriverManagerDataSource(gtsp.url(), gtsp.user(), "");
        LandPreReviewOpinions.createSchema(ds);
        LandPreReviewOpinions.seed(ds);
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        HubHome home = HubHome.create();
        Path mappings = home.root().resolve("mappings/land");
        Files.writeString(mappings.resolve("by-name-request.jsonata"), """
                { "name": $require(projectName, 'projectName', 'a project name') }
                """);
        Files.writeString(mappings.resolve("by-name-response.jsonata"), """
                { "documents": [rows.WH] }
                """);
        home.connector("land", """
                department:
                  code: land
                  name: 重庆市涪陵区规划和自然资源局
                  region: "500102"
                mode: callout
                callouts:
                  - name: pre-review-opinion
                    template: sql-callout
                    requestMapping: land/pre-review-request
                    responseMapping: land/pre-review-response
                    timeout: 5000
                    logBodies: true
                    parameters:
                      jdbcUrl: "%1$s"
                      username: root
                      query: >-
                        select XMDM, XMMC, JSDW, XMWZ, YDMJ, GDMJ, YSJL, YSYJ, WH, QFRQ, YXQZ
                        from GT_YDYS_YJ where XMDM = :projectCode and ZF = '0' order by QFRQ desc
                      maxRows: 1
                  - name: opinions-by-name
                    template: sql-callout
                    requestMapping: land/by-name-request
                    responseMapping: land/by-name-response
                    parameters:
                      jdbcUrl: "%1$s"
                      username: root
                      query: "select WH from GT_YDYS_YJ where XMMC = :name order by ID"
                  - name: register-down
                    template: sql-callout
                    requestMapping: land/pre-review-request
                    responseMapping: land/pre-review-response
                    timeout: 4000
                    parameters:
                      jdbcUrl: "jdbc:mariadb://127.0.0.1:%2$d/gtsp"
                      username: root
                      query: "select WH from GT_YDYS_YJ where XMDM = :projectCode"
                """.formatted(gtsp.url(), closedPort));
        registry.add("cityhub.home", () -> home.root().toString());
        String data = Files.createTempDirectory("cityhub-sql-callout").toString();
        registry.add("cityhub.data-dir", () -> data);
        registry.add("cityhub.demo.enabled", () -> "false");
    }

    @AfterAll
    static void dropDatabase() {
        gtsp.close();
    }

    @Autowired
    TestRestTemplate rest;
    @Autowired
    org.cityhub.store.DepartmentStore departments;
    @Autowired
    org.cityhub.onboarding.Onboarding onboarding;

    @org.junit.jupiter.api.BeforeEach
    void inService() {
        if ("ONBOARDING".equals(departments.find("land").orElseThrow().lifecycle())) {
            onboarding.act("land", new org.cityhub.onboarding.Onboarding.Request("activate", "ops.test", "call-out go-live", false));
        }
    }

    private ResponseEntity<String> post(String operation, String body) {
        HttpHeaders h = new HttpHeaders();
        h.setContentType(MediaType.APPLICATION_JSON);
        return rest.postForEntity("/api/v1/callouts/land/" + operation, new HttpEntity<>(body, h), String.class);
    }

    private static JsonNode ok(ResponseEntity<String> r) throws IOException {
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(HttpStatus.OK);
        return JSON.readTree(r.getBody());
    }

    @Test
    void answersTheOpinionOfAProjectFromTheRegister() throws IOException {
        JsonNode answer = ok(post("pre-review-opinion", "{\"projectCode\": \"2024-500102-48-01-204118\"}"));

        assertThat(answer.get("found").asBoolean()).isTrue();
        JsonNode opinion = answer.get("opinion");
        assertThat(opinion.get("documentNo").asText()).isEqualTo("涪规资预审〔2024〕37号");
        assertThat(opinion.get("conclusion").asText()).isEqualTo("APPROVED_WITH_CONDITIONS");
        assertThat(opinion.get("landAreaHectares").decimalValue()).isEqualByComparingTo("6.4213");
        assertThat(opinion.get("issuedOn").asText()).isEqualTo("2024-09-12");
        assertThat(opinion.get("validUntil").asText()).isEqualTo("2027-09-11");
        assertThat(opinion.get("text").asText()).contains("耕地占补平衡");
    }

    @Test
    void answersTheOpinionInForceNotTheRevokedOne() throws IOException {
        JsonNode answer = ok(post("pre-review-opinion", "{\"projectCode\": \"2025-500102-44-02-152007\"}"));

        assertThat(answer.get("opinion").get("documentNo").asText()).isEqualTo("涪规资预审〔2025〕44号");
    }

    @Test
    void aProjectWithoutOpinionIsAnAnswerNotAnError() throws IOException {
        JsonNode answer = ok(post("pre-review-opinion", "{\"projectCode\": \"2026-500102-99-01-000001\"}"));

        assertThat(answer).isEqualTo(JSON.readTree("{\"projectCode\": \"2026-500102-99-01-000001\", \"found\": false}"));
    }

    @Test
    void aMalformedProjectCodeIsA400NamingTheField() throws IOException {
        ResponseEntity<String> r = post("pre-review-opinion", "{\"projectCode\": \"2024-500102' or '1'='1\"}");

        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        JsonNode p = JSON.readTree(r.getBody());
        OpenApiContract.assertMatchesComponent("CalloutProblem", p);
        assertThat(p.get("fieldPath").asText()).isEqualTo("projectCode");
    }

    @Test
    void bindsTheParameterSoThatQuotesInTheValueAreData() throws IOException {
        assertThat(ok(post("opinions-by-name", "{\"projectName\": \"涪陵区第十九中学校迁建工程\"}")).get("documents"))
                .isEqualTo(JSON.readTree("[\"涪规资预审〔2025〕6号\"]"));

        JsonNode injected = ok(post("opinions-by-name", "{\"projectName\": \"x' or '1'='1\"}"));

        assertThat(injected.get("documents")).isEmpty();
    }

    @Test
    void anUnreachableDatabaseIsA503() throws IOException {
        ResponseEntity<String> r = post("register-down", "{\"projectCode\": \"2024-500102-48-01-204118\"}");

        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        JsonNode p = JSON.readTree(r.getBody());
        OpenApiContract.assertMatchesComponent("CalloutProblem", p);
        assertThat(p.get("outcome").asText()).isEqualTo("UNAVAILABLE");
        assertThat(p.get("detail").asText()).contains("cannot reach the department database");
        assertThat(r.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
    }
}
