package org.cityhub.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.cityhub.demo.AgriculturalMachineryLegacyDb;
import org.cityhub.store.CaseStore;
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
import com.zaxxer.hikari.HikariDataSource;

/**
 * Connector control as an operator drives it: a polled department database is paused (its new rows wait,
 * health stays UP), resumed (they arrive), re-synced to an earlier watermark (re-read, nothing stored
 * twice), every action audited; a connector file and its mappings' fixtures validated without applying.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "cityhub.demo.enabled=false")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConnectorControlIT {

    static HikariDataSource legacyDs;
    static AgriculturalMachineryLegacyDb legacy;
    static HubHome home;

    static final String NJ = """
            department:
              code: nj
              name: 重庆市涪陵区农业机械管理局
              region: "500102"
            sources:
              - name: cases
                template: jdbc-poll
                mapping: agri/case
                parameters:
                  jdbcUrl: "%s"
                  username: sa
                  table: NJ_XZXK_BJ
                  watermarkColumn: ZHXGSJ
                  keyColumn: ID
                  overlap: PT1M
                  period: 300
            """;

    @DynamicPropertySource
    static void setUp(DynamicPropertyRegistry registry) throws Exception {
        Path data = Files.createTempDirectory("cityhub-control");
        String url = "jdbc:h2:file:" + data.resolve("nj-legacy") + ";MODE=MySQL";
        legacyDs = new HikariDataSource();
        legacyDs.setJdbcUrl(url);
        legacyDs.setUsername("sa");
        AgriculturalMachineryLegacyDb.createSchema(legacyDs);
        legacy = new AgriculturalMachineryLegacyDb(legacyDs, new java.util.Random(3));
        legacy.seed(10);
        home = HubHome.create().connector("nj", NJ.formatted(url)).connector("broken", """
                department:
                  code: broken
                  name: 林业局
                  region: "5001"
                sources: []
                """);
        registry.add("cityhub.home", () -> home.root().toString());
        registry.add("cityhub.data-dir", data::toString);
    }

    @AfterAll
    static void close() {
        legacyDs.close();
    }

    @Autowired
    TestRestTemplate http;
    @Autowired
    ObjectMapper json;
    @Autowired
    CaseStore cases;

    private JsonNode get(String path) throws IOException {
        ResponseEntity<String> r = http.getForEntity(path, String.class);
        assertThat(r.getStatusCode()).as(path + ": " + r.getBody()).isEqualTo(HttpStatus.OK);
        return json.readTree(r.getBody());
    }

    private ResponseEntity<String> act(String caller, Map<String, Object> body) throws IOException {
        HttpHeaders h = new HttpHeaders();
        h.setContentType(MediaType.APPLICATION_JSON);
        if (caller != null) {
            h.set("X-Cityhub-Caller", caller);
        } else {
            org.cityhub.support.TestClients.anonymous(h); // no credentials at all
        }
        return http.exchange("/api/v1/connectors/nj/cases/actions", HttpMethod.POST, new HttpEntity<>(json.writeValueAsString(body), h),
                String.class);
    }

    @Test
    @Order(1)
    void everyConnectorShowsItsStateLastPollWatermarkAndLag() throws IOException {
        await().atMost(Duration.ofSeconds(30)).until(() -> cases.countCases("nj") == 10);
        JsonNode list = get("/api/v1/connectors");
        OpenApiContract.assertMatchesComponent("ConnectorList", list);
        assertThat(list.get("items")).anySatisfy(c -> {
            assertThat(c.get("department").asText()).isEqualTo("nj");
            assertThat(c.get("state").asText()).isEqualTo("RUNNING");
            assertThat(c.get("template").asText()).isEqualTo("jdbc-poll");
            assertThat(c.get("lastSuccess").isNull()).isFalse();
            assertThat(c.get("watermark").asText()).startsWith("20");
            assertThat(c.get("lagSeconds").asLong()).isPositive();
            assertThat(c.get("actions")).extracting(JsonNode::asText).containsExactly("pause", "resync");
        });
        assertThat(list.get("items")).anySatisfy(c -> {
            assertThat(c.get("department").asText()).isEqualTo("broken");
            assertThat(c.get("state").asText()).isEqualTo("INVALID");
            assertThat(c.get("lastError").asText()).contains("department.region");
        });
    }

    @Test
    @Order(2)
    void pauseStopsReadingWithoutTakingHealthDownAndResumeCatchesUp() throws Exception {
        assertThat(act(null, Map.of("action", "pause")).getStatusCode()).as("no credentials").isEqualTo(HttpStatus.UNAUTHORIZED);
        ResponseEntity<String> wrong = act("ops.li", Map.of("action", "resume"));
        assertThat(wrong.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json.readTree(wrong.getBody()).get("detail").asText()).contains("[pause, resync]").contains("RUNNING");

        ResponseEntity<String> paused = act("ops.li", Map.of("action", "pause", "reason", "bureau database maintenance"));
        assertThat(paused.getStatusCode()).as(paused.getBody()).isEqualTo(HttpStatus.OK);
        JsonNode status = json.readTree(paused.getBody());
        OpenApiContract.assertMatchesComponent("ConnectorStatus", status);
        assertThat(status.get("state").asText()).isEqualTo("PAUSED");
        assertThat(status.get("pausedBy").asText()).isEqualTo("ops.li");

        legacy.seed(2);
        // the bureau writes them now: their sync time is after the watermark
        legacy.correctResult(11, "准予许可，已发证", java.time.LocalDateTime.now());
        legacy.correctResult(12, "准予许可，已发证", java.time.LocalDateTime.now());
        Thread.sleep(1500); // five poll periods: a running connector would have read the rows
        assertThat(cases.countCases("nj")).isEqualTo(10);
        JsonNode health = get("/actuator/health/connectors");
        assertThat(health.get("status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/routes/details/routes/nj-cases-poll").asText()).isEqualTo("Paused");

        ResponseEntity<String> resumed = act("ops.li", Map.of("action", "resume", "reason", "maintenance over"));
        assertThat(json.readTree(resumed.getBody()).get("state").asText()).isEqualTo("RUNNING");
        await().atMost(Duration.ofSeconds(30)).until(() -> cases.countCases("nj") == 12);
    }

    @Test
    @Order(3)
    void resyncReadsAgainFromTheGivenWatermarkAndStoresNothingTwice() throws Exception {
        ResponseEntity<String> bad = act("ops.wang", Map.of("action", "resync", "watermark", "2019/1/1"));
        assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json.readTree(bad.getBody()).get("detail").asText()).contains("ISO local date-time").contains("2019/1/1");

        ResponseEntity<String> r = act("ops.wang", Map.of("action", "resync", "watermark", "2010-01-01T00:00:00",
                "reason", "re-read the whole table"));
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(HttpStatus.OK);
        await().atMost(Duration.ofSeconds(30)).until(() -> !get("/api/v1/connectors/nj/cases").get("watermark").asText()
                .startsWith("2010"));
        assertThat(cases.countCases("nj")).isEqualTo(12);

        JsonNode audit = get("/api/v1/departments/nj/audit").get("items");
        assertThat(audit.get(0).get("action").asText()).isEqualTo("resync cases");
        assertThat(audit.get(0).get("outcome").asText()).isEqualTo("DONE");
        assertThat(audit.get(0).get("detail").asText()).contains("→ 2010-01-01T00:00");
        assertThat(audit.get(1).get("outcome").asText()).isEqualTo("REFUSED");
        assertThat(audit).anySatisfy(e -> {
            assertThat(e.get("action").asText()).isEqualTo("pause cases");
            assertThat(e.get("actor").asText()).isEqualTo("ops.li");
            assertThat(e.get("reason").asText()).isEqualTo("bureau database maintenance");
        });
    }

    private JsonNode validate(String department, String yaml) throws IOException {
        HttpHeaders h = new HttpHeaders();
        h.setContentType(MediaType.parseMediaType("application/yaml"));
        ResponseEntity<String> r = http.postForEntity("/api/v1/connectors/validate?department=" + department, new HttpEntity<>(yaml, h),
                String.class);
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(HttpStatus.OK);
        JsonNode report = json.readTree(r.getBody());
        OpenApiContract.assertMatchesComponent("ConnectorValidation", report);
        return report;
    }

    @Test
    @Order(4)
    void aConnectorFileIsValidatedWithItsMappingsFixturesWithoutBeingApplied() throws IOException {
        JsonNode good = validate("water", NJ.replace("code: nj", "code: water").formatted("jdbc:h2:mem:water"));
        assertThat(good.get("valid").asBoolean()).as(good.toString()).isTrue();
        assertThat(good.get("fixtures")).isNotEmpty().allSatisfy(f -> assertThat(f.get("passed").asBoolean()).isTrue());
        assertThat(get("/api/v1/connectors").get("items")).noneSatisfy(c -> assertThat(c.get("department").asText()).isEqualTo("water"));

        JsonNode badFile = validate("water", NJ.replace("code: nj", "code: water").replace("region: \"500102\"", "region: \"51\"")
                .formatted("jdbc:h2:mem:water"));
        assertThat(badFile.get("valid").asBoolean()).isFalse();
        assertThat(badFile.get("errors").get(0).asText()).startsWith("water.yaml: department.region").contains("^[0-9]{6}$");

        JsonNode noMapping = validate("water", NJ.replace("code: nj", "code: water").replace("agri/case", "water/case")
                .formatted("jdbc:h2:mem:water"));
        assertThat(noMapping.get("valid").asBoolean()).isFalse();
        assertThat(noMapping.get("errors").get(0).asText()).startsWith("mapping water/case:").contains("does not exist");

        // a golden fixture the mapping no longer meets (someone edited the mapping)
        Path out = home.root().resolve("mappings/agri/fixtures/case/completed-person.out.json");
        Files.writeString(out, Files.readString(out).replace("准予许可，已发证", "准予许可"));
        JsonNode broken = validate("water", NJ.replace("code: nj", "code: water").formatted("jdbc:h2:mem:water"));
        assertThat(broken.get("valid").asBoolean()).isFalse();
        assertThat(broken.get("errors")).anySatisfy(e -> assertThat(e.asText()).startsWith("fixture agri/case/completed-person: expected"));

        HttpHeaders text = new HttpHeaders();
        text.setContentType(MediaType.TEXT_PLAIN);
        assertThat(http.postForEntity("/api/v1/connectors/validate?department=Water", new HttpEntity<>("x", text), String.class)
                .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    }
}
