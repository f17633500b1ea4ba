package org.cityhub.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.cityhub.support.OpenApiContract;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The demo drug administration as a newcomer meets it: the hub on its embedded defaults (random port, so
 * {@code server.port} is 0) serves the simulated legacy SOAP service at {@code /services/demo/drug}, polls it
 * through its own port with {@code connectors/drug.yaml}, and the drug cases appear in the feed.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DrugDemoIT {

    private static final Set<String> DRUG_STATUSES = Set.of("ACCEPTED", "IN_REVIEW", "CORRECTION_REQUESTED", "APPROVED",
            "DENIED", "COMPLETED");

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) throws IOException {
        Path dir = Files.createTempDirectory("cityhub-drug-demo-it");
        registry.add("cityhub.data-dir", dir::toString);
        registry.add("cityhub.demo.write-period", () -> "1000");
        registry.add("cityhub.demo.intake-period", () -> "2000");
    }

    @Autowired
    TestRestTemplate http;
    @Autowired
    ObjectMapper json;
    @LocalServerPort
    int port;

    private JsonNode get(String url) throws IOException {
        ResponseEntity<String> r = http.getForEntity(url, String.class);
        assertThat(r.getStatusCode()).as("GET %s: %s", url, r.getBody()).isEqualTo(HttpStatus.OK);
        return json.readTree(r.getBody());
    }

    /** Every drug case in the feed, by case number, with its latest status. */
    private Map<String, String> drugCases() throws IOException {
        Map<String, String> seen = new HashMap<>();
        String cursor = null;
        JsonNode page;
        do {
            page = get("/api/v1/cases?department=drug&limit=500" + (cursor == null ? "" : "&after=" + cursor));
            for (JsonNode c : page.get("items")) {
                seen.put(c.get("departmentCaseNo").asText(), c.get("status").asText());
            }
            cursor = page.get("nextCursor").asText();
        } while (page.get("items").size() == 500);
        return seen;
    }

    @Test
    void drugCasesArriveFromTheSimulatedSoapServiceWithinAMinute() throws IOException {
        Map<String, String> cases = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(this::drugCases, m -> m.size() >= 150);

        assertThat(cases.keySet()).allSatisfy(no -> assertThat(no).matches("YJ\\d{8}\\d{5}"));
        assertThat(cases.values()).allSatisfy(s -> assertThat(s).isIn(DRUG_STATUSES)).contains("COMPLETED", "IN_REVIEW");

        JsonNode one = get("/api/v1/cases?department=drug&status=COMPLETED&limit=1").get("items").get(0);
        assertThat(one.get("department").asText()).isEqualTo("drug");
        assertThat(one.get("supervisionCode").asText()).startsWith("500102");
        assertThat(one.at("/completion/certificateName").asText()).isNotBlank();

        // the simulated clerks keep working: new and changed cases keep coming
        int before = cases.size();
        await().atMost(Duration.ofSeconds(30)).until(() -> drugCases().size() > before);
    }

    /** The demo's full fusion loop: platform intake → the bureau's sbBjxx → its clerks → progress on the same case. */
    @Test
    void aCaseTakenInAtThePlatformReachesTheBureauAndItsProgressComesBackOnTheSameCase() throws IOException {
        JsonNode progressed = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(this::platformCaseTheBureauWorksOn, c -> c != null);

        OpenApiContract.assertIsCase(progressed);
        assertThat(progressed.get("department").asText()).isEqualTo("platform");
        assertThat(progressed.get("departmentCaseNo").asText()).startsWith("CQPT");
        JsonNode drug = progressed.get("dispatch").get(0);
        assertThat(drug.get("department").asText()).isEqualTo("drug");
        assertThat(drug.get("state").asText()).isEqualTo("SENT");
        assertThat(drug.get("departmentCaseNo").asText()).matches("YJ\\d{8}\\d{5}");
        assertThat(progressed.get("status").asText()).as("one department: its status is the case's").isEqualTo(drug.get("status").asText());
        assertThat(progressed.get("steps")).isNotEmpty();
        assertThat(progressed.at("/steps/0/unitName").asText()).isEqualTo("重庆市涪陵区食品药品监督管理局");
        // linked, not a second case of the bureau's
        assertThat(drugCases()).doesNotContainKey(drug.get("departmentCaseNo").asText());
    }

    /** A platform case the bureau has accepted or decided on, as GET /api/v1/cases/{code} shows it; else null. */
    private JsonNode platformCaseTheBureauWorksOn() throws IOException {
        for (JsonNode item : get("/api/v1/cases?department=platform&limit=500").get("items")) {
            if (item.get("status").asText().equals("SUBMITTED")) {
                continue;
            }
            JsonNode c = get("/api/v1/cases/" + item.get("supervisionCode").asText());
            JsonNode d = c.path("dispatch").path(0);
            if (d.path("state").asText().equals("SENT") && d.has("status") && !d.get("status").asText().equals("SUBMITTED")) {
                return c;
            }
        }
        return null;
    }

    @Test
    void departmentsListTheDrugAdministrationActive() throws IOException {
        JsonNode departments = get("/api/v1/departments");
        assertThat(departments.get("items")).anySatisfy(d -> {
            assertThat(d.get("code").asText()).isEqualTo("drug");
            assertThat(d.get("state").asText()).isEqualTo("ACTIVE");
            assertThat(d.get("name").asText()).isEqualTo("重庆市涪陵区食品药品监督管理局");
        });
        // only this department's route: the overall status depends on every department of the demo
        JsonNode health = json.readTree(http.getForEntity("/actuator/health", String.class).getBody());
        assertThat(health.at("/components/routes/details/routes/drug-cases-poll").asText()).isEqualTo("Started");
    }

    @Test
    void theLegacyServiceAndItsWsdlAreServedOnTheHubsOwnPort() {
        ResponseEntity<String> wsdl = http.getForEntity("/services/demo/drug?wsdl", String.class);

        assertThat(wsdl.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(wsdl.getBody()).contains("cxBjxxByGxsj").contains("YpjgSpService")
                .contains(":" + port + "/services/demo/drug");
    }
}
