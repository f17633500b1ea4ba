package org.cityhub.onboarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

import org.cityhub.demo.AgriculturalMachineryLegacyDb;
import org.cityhub.store.CaseStore;
import org.cityhub.support.HubHome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
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
 * A legacy system that does not answer when its migration starts (its table is gone: renamed behind the hub's back),
 * so every retry of the first page fails, in the stage that reads pages ahead of the one being stored. The run is
 * FAILED with the key it could not read past and the legacy system's own error, nothing is stored, and an alert says
 * so. Once the legacy system answers again, resume-migration reads it all and reconciles exactly. (A resume from a
 * checkpoint in the middle is MigrationAtScaleIT's.)
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "cityhub.demo.enabled=false", "cityhub.onboarding.read-retries=1", "cityhub.onboarding.retry-pause=PT0.1S"})
class MigrationUnreadableIT {

    static final int ROWS = 40;
    static HikariDataSource legacyDs;

    @DynamicPropertySource
    static void setUp(DynamicPropertyRegistry registry) throws Exception {
        Path data = Files.createTempDirectory("cityhub-unreadable");
        String url = "jdbc:h2:file:" + data.resolve("nj-legacy") + ";MODE=MySQL";
        legacyDs = new HikariDataSource();
        legacyDs.setJdbcUrl(url);
        legacyDs.setUsername("sa");
        AgriculturalMachineryLegacyDb.createSchema(legacyDs);
        new AgriculturalMachineryLegacyDb(legacyDs, new java.util.Random(5)).seed(ROWS);
        HubHome home = HubHome.create().agriculturalMachineryRetired("nj", url, "sa", 6);
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

    @Test
    void theRunFailsAtThePageItCannotReadWithThePagesBeforeItStoredAndResumesFromThere() throws Exception {
        rename(AgriculturalMachineryLegacyDb.TABLE, "NJ_AWAY");
        act("start-migration");

        JsonNode failed = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(this::run, r -> r.path("state").asText().equals("FAILED"));
        assertThat(failed.path("rowsRead").asLong()).isZero();
        assertThat(failed.path("pages").asLong()).isZero();
        assertThat(failed.path("lastError").asText()).contains("could not be read from its first page")
                .contains(AgriculturalMachineryLegacyDb.TABLE).contains("not found");
        assertThat(cases.countCases("nj")).isZero();
        JsonNode alerts = json.readTree(http.getForObject("/api/v1/alerts?department=nj", String.class));
        assertThat(alerts.get("items")).anySatisfy(a -> {
            assertThat(a.get("kind").asText()).isEqualTo("MIGRATION_FAILED");
            assertThat(a.get("message").asText()).contains("could not be read").contains("resume-migration");
        });

        rename("NJ_AWAY", AgriculturalMachineryLegacyDb.TABLE);
        act("resume-migration");

        JsonNode report = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> json.readTree(http.getForObject("/api/v1/departments/nj/migration/report", String.class)),
                        r -> r.at("/migration/state").asText().equals("COMPLETED") && r.path("pendingInbound").asLong(-1) == 0);
        assertThat(report.at("/migration/rowsRead").asLong()).isEqualTo(ROWS);
        assertThat(report.at("/totals/legacyCases").asLong()).isEqualTo(ROWS);
        assertThat(report.at("/totals/storeCases").asLong()).isEqualTo(ROWS);
        assertThat(report.get("reconciled").asBoolean()).as(report.toString()).isTrue();
        assertThat(cases.countCases("nj")).isEqualTo(ROWS);
    }

    private static void rename(String from, String to) throws java.sql.SQLException {
        try (Connection c = legacyDs.getConnection(); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE " + from + " RENAME TO " + to);
        }
    }

    private JsonNode run() throws Exception {
        return json.readTree(http.getForObject("/api/v1/departments/nj/migration", String.class));
    }

    private ResponseEntity<String> act(String action) throws Exception {
        HttpHeaders h = new HttpHeaders();
        h.setContentType(MediaType.APPLICATION_JSON);
        h.set("X-Cityhub-Caller", "ops.li");
        ResponseEntity<String> r = http.exchange("/api/v1/departments/nj/actions", HttpMethod.POST,
                new HttpEntity<>("{\"action\": \"" + action + "\", \"reason\": \"ticket NJ-2\"}", h), String.class);
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(HttpStatus.OK);
        return r;
    }
}
