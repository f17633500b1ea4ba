package org.cityhub.onboarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

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
 * Retire mode end to end on a small legacy system (H2 file, the agricultural-machinery bureau's table
 * with two records its mapping rejects), through the API as an admin would drive it: migration,
 * reconciliation report (JSON and CSV), verify refused until the differences are resolved or accepted,
 * re-migration after the legacy system changed, retirement, then what the retired system still sends
 * refused with an alert (a file drop and rows written to its table), and the cases still queryable.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "cityhub.demo.enabled=false", "cityhub.onboarding.retired-check-period=PT1S"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RetireModeIT {

    static final int GOOD = 60;
    static HikariDataSource legacyDs;
    static AgriculturalMachineryLegacyDb legacy;
    static Path inbox;

    @DynamicPropertySource
    static void setUp(DynamicPropertyRegistry registry) throws Exception {
        Path data = Files.createTempDirectory("cityhub-retire");
        inbox = data.resolve("inbox/nj");
        String url = "jdbc:h2:file:" + data.resolve("nj-legacy") + ";MODE=MySQL";
        legacyDs = new HikariDataSource();
        legacyDs.setJdbcUrl(url);
        legacyDs.setUsername("sa");
        AgriculturalMachineryLegacyDb.createSchema(legacyDs);
        legacy = new AgriculturalMachineryLegacyDb(legacyDs, new java.util.Random(11));
        legacy.seed(GOOD);
        try (Connection c = legacyDs.getConnection(); Statement st = c.createStatement()) {
            // two records the mapping rejects: a status code of its own, and a resident id with a wrong check digit
            st.execute("UPDATE NJ_XZXK_BJ SET ZT = '99' WHERE ID = 7");
            st.execute("UPDATE NJ_XZXK_BJ SET ZJLX = '1', ZJHM = '110105194912310021' WHERE ID = 23");
        }
        HubHome home = HubHome.create().connector("nj", """
                department:
                  code: nj
                  name: 重庆市涪陵区农业机械管理局
                  region: "500102"
                mode: retire
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
                      pageSize: 7
                  - name: drops
                    template: file-drop
                    mapping: agri/case
                    parameters:
                      inbox: "%s"
                      format: json
                      filePattern: "*.json"
                      charset: UTF-8
                      readLockMinAge: 200
                      period: 200
                  - name: pushed
                    template: soap-push
                    mapping: agri/case
                    parameters: {}
                """.formatted(url, inbox)).connector("market", """
                department:
                  code: market
                  name: 市场监督管理局
                  region: "500102"
                mode: retire
                sources:
                  - name: pushed
                    template: soap-push
                    mapping: market/case
                    parameters: {}
                """);
        registry.add("cityhub.home", () -> home.root().toString());
        registry.add("cityhub.data-dir", data::toString);
        registry.add("cityhub.onboarding.report-reuse", () -> "PT2S");
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
    @Autowired
    Reconciliation reconciliation;
    @Autowired
    org.springframework.jdbc.core.JdbcTemplate store;
    @org.springframework.boot.test.web.server.LocalServerPort
    int port;

    private JsonNode get(String path, HttpStatus expected) throws IOException {
        ResponseEntity<String> r = http.getForEntity(path, String.class);
        assertThat(r.getStatusCode()).as(path + ": " + r.getBody()).isEqualTo(expected);
        return json.readTree(r.getBody());
    }

    private ResponseEntity<String> act(String department, String caller, Map<String, Object> body) throws IOException {
        HttpHeaders h = new HttpHeaders();
        h.setContentType(MediaType.APPLICATION_JSON);
        if (caller != null) {
            h.set("X-Cityhub-Caller", caller);
        } else {
            org.cityhub.support.TestClients.anonymous(h); // no credentials at all
        }
        return http.exchange("/api/v1/departments/" + department + "/actions", HttpMethod.POST,
                new HttpEntity<>(json.writeValueAsString(body), h), String.class);
    }

    private JsonNode report() throws IOException {
        JsonNode r = get("/api/v1/departments/nj/migration/report", HttpStatus.OK);
        OpenApiContract.assertMatchesComponent("ReconciliationReport", r);
        return r;
    }

    /** Waits until the migration has read everything and the ingest flow has stored what it queued. */
    private JsonNode settledReport() {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(this::report,
                r -> r.at("/migration/state").asText().equals("COMPLETED") && r.path("pendingInbound").asLong(-1) == 0);
    }

    @Test
    @Order(1)
    void aRetireDepartmentStartsOnboardingAndIsNotPolled() throws IOException {
        JsonNode d = get("/api/v1/departments/nj", HttpStatus.OK);
        OpenApiContract.assertMatchesComponent("Department", d);
        assertThat(d.get("state").asText()).isEqualTo("ONBOARDING");
        assertThat(d.get("mode").asText()).isEqualTo("retire");
        assertThat(d.get("connector").asText()).isEqualTo("RUNNING");
        assertThat(d.get("actions")).extracting(JsonNode::asText).containsExactly("start-migration");
        // the legacy system is read only by the migration: nothing has been read on its own
        assertThat(cases.countCases("nj")).isZero();
        assertThat(get("/api/v1/departments/nj/migration", HttpStatus.NOT_FOUND).get("detail").asText())
                .contains("start-migration");
    }

    @Test
    @Order(2)
    void aRetireDepartmentNeedsASourceThatReadsTheWholeHistory() throws IOException {
        JsonNode d = get("/api/v1/departments/market", HttpStatus.OK);
        assertThat(d.get("connector").asText()).isEqualTo("INVALID");
        assertThat(d.get("connectorProblem").asText()).contains("mode: retire").contains("jdbc-poll").contains("soap-push");
    }

    @Test
    @Order(3)
    void actionsAreCheckedAndRefusalsAudited() throws IOException {
        ResponseEntity<String> noCaller = act("nj", null, Map.of("action", "start-migration"));
        assertThat(noCaller.getStatusCode()).as("no credentials").isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(noCaller.getBody()).contains("X-Api-Key");

        ResponseEntity<String> unknown = act("nj", "ops.li", Map.of("action", "switch-off"));
        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(unknown.getBody()).contains("start-migration").contains("switch-off");

        ResponseEntity<String> wrongMode = act("nj", "ops.li", Map.of("action", "activate", "reason", "try"));
        assertThat(wrongMode.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(json.readTree(wrongMode.getBody()).get("detail").asText()).contains("callout/fusion").contains("retire");

        ResponseEntity<String> tooEarly = act("nj", "ops.li", Map.of("action", "retire"));
        assertThat(tooEarly.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(json.readTree(tooEarly.getBody()).get("detail").asText()).contains("VERIFIED").contains("ONBOARDING");

        assertThat(act("nope", "ops.li", Map.of("action", "retire")).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);

        JsonNode audit = get("/api/v1/departments/nj/audit", HttpStatus.OK);
        OpenApiContract.assertMatchesComponent("AuditList", audit);
        assertThat(audit.get("items")).hasSize(2).allSatisfy(e -> {
            assertThat(e.get("outcome").asText()).isEqualTo("REFUSED");
            assertThat(e.get("actor").asText()).isEqualTo("ops.li");
            assertThat(e.get("toState").asText()).isEqualTo("ONBOARDING");
        });
        assertThat(audit.at("/items/1/reason").asText()).isEqualTo("try");
    }

    @Test
    @Order(4)
    void theMigrationReadsEveryPageAndReportsTheRejectedRecords() throws IOException {
        ResponseEntity<String> started = act("nj", "ops.li", Map.of("action", "start-migration", "reason", "ticket NJ-1"));
        assertThat(started.getStatusCode()).as(started.getBody()).isEqualTo(HttpStatus.OK);
        JsonNode result = json.readTree(started.getBody());
        OpenApiContract.assertMatchesComponent("ActionResult", result);
        assertThat(result.at("/department/state").asText()).isEqualTo("MIGRATING");
        assertThat(result.at("/audit/outcome").asText()).isEqualTo("DONE");

        JsonNode report = settledReport();
        assertThat(report.at("/migration/rowsRead").asLong()).isEqualTo(GOOD);
        assertThat(report.at("/migration/legacyRows").asLong()).isEqualTo(GOOD);
        assertThat(report.at("/migration/pages").asLong()).isEqualTo((GOOD + 6) / 7);
        assertThat(report.at("/totals/legacyCases").asLong()).isEqualTo(GOOD - 2);
        assertThat(report.at("/totals/storeCases").asLong()).isEqualTo(GOOD - 2);
        assertThat(cases.countCases("nj")).isEqualTo(GOOD - 2);
        assertThat(report.at("/checksum/equal").asBoolean()).isTrue();
        assertThat(report.get("mismatchCount").asLong()).isZero();
        assertThat(report.get("byMonth")).allSatisfy(b -> assertThat(b.get("legacy").asLong()).isEqualTo(b.get("store").asLong()));
        assertThat(report.get("byStatus")).extracting(b -> b.get("key").asText()).contains("COMPLETED");
        assertThat(report.get("reconciled").asBoolean()).isFalse();
        assertThat(report.get("differences")).hasSize(1);
        assertThat(report.at("/differences/0/kind").asText()).isEqualTo("REJECTED");
        assertThat(report.get("rejected")).hasSize(2);
        assertThat(report.at("/rejected/0/legacyKey").asText()).isEqualTo("23");
        assertThat(report.at("/rejected/0/reason").asText()).contains("application.applicant.idNumber").contains("GB 11643");
        assertThat(report.at("/rejected/1/legacyKey").asText()).isEqualTo("7");
        assertThat(report.at("/rejected/1/reason").asText()).contains("'99'");
    }

    @Test
    @Order(5)
    void aStoredCaseThatNoLongerMatchesItsLegacyRecordIsListedAndTheChecksumsDiffer() throws IOException {
        // a key field of one stored case changed behind the hub's back, then put back
        String caseNo = store.queryForObject("select min(department_case_no) from exchange_case where department = 'nj'", String.class);
        String content = store.queryForObject("select content from exchange_case where department = 'nj' and department_case_no = ?",
                String.class, caseNo);
        com.fasterxml.jackson.databind.node.ObjectNode changed = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(content);
        ((com.fasterxml.jackson.databind.node.ObjectNode) changed.get("application")).put("itemName", "changed behind the hub's back");
        store.update("update exchange_case set content = ? where department = 'nj' and department_case_no = ?",
                json.writeValueAsString(changed), caseNo);
        try {
            JsonNode r = report();
            assertThat(r.at("/checksum/equal").asBoolean()).isFalse();
            assertThat(r.get("mismatchCount").asLong()).isEqualTo(1);
            assertThat(r.get("mismatches")).hasSize(1);
            assertThat(r.at("/mismatches/0/departmentCaseNo").asText()).isEqualTo(caseNo);
            assertThat(r.get("differences")).extracting(d -> d.get("kind").asText()).contains("CASES").doesNotContain("CHECKSUM");
            assertThat(r.get("reconciled").asBoolean()).isFalse();
        } finally {
            store.update("update exchange_case set content = ? where department = 'nj' and department_case_no = ?", content, caseNo);
        }
        JsonNode again = report();
        assertThat(again.at("/checksum/equal").asBoolean()).isTrue();
        assertThat(again.get("mismatchCount").asLong()).isZero();
        assertThat(again.get("mismatches")).isEmpty();
        assertThat(again.get("differences")).extracting(d -> d.get("kind").asText()).containsExactly("REJECTED");
    }

    @Test
    @Order(5)
    void theReportReadsAsCsv() {
        ResponseEntity<String> csv = http.getForEntity("/api/v1/departments/nj/migration/report?format=csv", String.class);
        assertThat(csv.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(csv.getHeaders().getContentType().toString()).startsWith("text/csv");
        assertThat(csv.getHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION)).contains("reconciliation-nj.csv");
        List<String> lines = csv.getBody().lines().toList();
        assertThat(lines.get(0)).isEqualTo("\ufeffsection,key,legacy,store,detail");
        assertThat(lines).contains("summary,reconciled,,,no", "total,cases," + (GOOD - 2) + "," + (GOOD - 2) + ",0");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("rejected,7,,,").contains("'99'"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("checksum,sha-256,").endsWith(",equal"));
        assertThat(http.getForEntity("/api/v1/departments/nj/migration/report?format=xls", String.class).getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
    }

    @Test
    @Order(6)
    void verifyIsRefusedUntilTheRejectedRecordsAreAcceptedWithAReason() throws IOException {
        ResponseEntity<String> refused = act("nj", "ops.li", Map.of("action", "verify"));
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(json.readTree(refused.getBody()).get("detail").asText()).contains("not reconciled")
                .contains("2 legacy record(s) could not be mapped").contains("/api/v1/departments/nj/migration/report");

        ResponseEntity<String> noReason = act("nj", "ops.li", Map.of("action", "verify", "acceptRejected", true));
        assertThat(noReason.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(noReason.getBody()).contains("reason");
    }

    @Test
    @Order(5)
    void theConsoleReusesAReportWhileNothingMovedAndNoLongerThanItsWindow() {
        ReconciliationReport made = reconciliation.report("nj").orElseThrow();
        assertThat(reconciliation.recent("nj")).containsSame(made);
        // report-reuse is 2 s here: after it, the console's report is made anew even though nothing moved
        ReconciliationReport later = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> reconciliation.recent("nj").orElseThrow(), r -> r != made);
        assertThat(later.generatedAt()).isAfter(made.generatedAt());
        assertThat(later.checksum()).isEqualTo(made.checksum());
    }

    @Test
    @Order(7)
    void aLegacyChangeAfterTheReadingBlocksVerifyUntilMigratedAgain() throws IOException {
        ReconciliationReport before = reconciliation.report("nj").orElseThrow();
        legacy.correctResult(3, "（更正）" + LocalDateTime.now(), LocalDateTime.now());
        JsonNode stale = report();
        assertThat(stale.get("differences")).anySatisfy(d -> {
            assertThat(d.get("kind").asText()).isEqualTo("LEGACY_CHANGED");
            assertThat(d.get("detail").asText()).contains("1 legacy record(s)");
        });
        ResponseEntity<String> refused = act("nj", "ops.wang", Map.of("action", "verify", "acceptRejected", true,
                "reason", "the two records are test entries of 2013"));
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(refused.getBody()).contains("after the migration read them");

        ResponseEntity<String> again = act("nj", "ops.wang", Map.of("action", "start-migration", "reason", "legacy changed"));
        assertThat(again.getStatusCode()).as(again.getBody()).isEqualTo(HttpStatus.OK);
        JsonNode report = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(this::report,
                r -> r.at("/migration/state").asText().equals("COMPLETED") && r.path("pendingInbound").asLong(-1) == 0
                        && r.at("/migration/rowsStored").asLong() == 1);
        assertThat(report.get("differences")).extracting(d -> d.get("kind").asText()).containsExactly("REJECTED");
        assertThat(cases.countCases("nj")).isEqualTo(GOOD - 2);
        // the migration ran again and the corrected case was stored: the console's report is never the one before
        ReconciliationReport seen = reconciliation.recent("nj").orElseThrow();
        assertThat(seen).isNotSameAs(before);
        assertThat(seen.migration().rowsStored()).isEqualTo(1);
    }

    @Test
    @Order(8)
    void verifiedWithTheRejectedRecordsAcceptedThenRetired() throws IOException {
        ResponseEntity<String> verified = act("nj", "ops.wang", Map.of("action", "verify", "acceptRejected", true,
                "reason", "the two records are test entries of 2013"));
        assertThat(verified.getStatusCode()).as(verified.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(json.readTree(verified.getBody()).at("/audit/detail").asText()).contains((GOOD - 2) + " cases")
                .contains("2 rejected legacy record(s) accepted");
        assertThat(get("/api/v1/departments/nj/migration", HttpStatus.OK).get("verifiedReport").asText()).contains("\"reconciled\":false");

        ResponseEntity<String> retired = act("nj", "ops.zhao", Map.of("action", "retire", "reason", "switch-off 2026-11-22"));
        assertThat(retired.getStatusCode()).as(retired.getBody()).isEqualTo(HttpStatus.OK);
        JsonNode d = get("/api/v1/departments/nj", HttpStatus.OK);
        assertThat(d.get("state").asText()).isEqualTo("RETIRED");
        assertThat(d.get("actions")).isEmpty();

        JsonNode audit = get("/api/v1/departments/nj/audit", HttpStatus.OK).get("items");
        assertThat(audit.get(0).get("action").asText()).isEqualTo("retire");
        assertThat(audit.get(0).get("actor").asText()).isEqualTo("ops.zhao");
        assertThat(audit.get(0).get("fromState").asText()).isEqualTo("VERIFIED");
        assertThat(audit.get(0).get("toState").asText()).isEqualTo("RETIRED");
        assertThat(audit.get(1).get("action").asText()).isEqualTo("verify");
        assertThat(audit.get(1).get("outcome").asText()).isEqualTo("DONE");
    }

    @Test
    @Order(9)
    void whatTheRetiredSystemStillSendsIsRefusedWithAnAlert() throws Exception {
        Files.writeString(inbox.resolve("late.json"), """
                {"ID": 9001, "BJBH": "NJ2026-0009001", "SXBM": "500102-NJ-001", "SXMC": "拖拉机和联合收割机登记", "SQR": "王建国", "ZJLX": "1", "ZJHM": "11010519491231002X", "SQSJ": "2026-11-20 09:30:00", "ZT": "03", "BJSJ": "2026-11-21 09:00:00", "BJJG": "准予许可", "ZHXGSJ": "2026-11-21T09:10:00"}
                """, StandardCharsets.UTF_8);
        Path reason = await().atMost(Duration.ofSeconds(20)).until(() -> reasonFile(inbox.resolve(".error")), p -> p != null);
        assertThat(Files.readString(reason)).contains("late.json").contains("department nj is retired").contains("nothing stored");
        assertThat(cases.findByDepartmentCase("nj", "NJ2026-0009001")).isEmpty();

        java.net.http.HttpResponse<String> pushed = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/services/push/nj"))
                        .header(org.cityhub.support.TestClients.API_KEY_HEADER, org.cityhub.support.TestClients.ADMIN_KEY)
                        .header("Content-Type", "text/xml; charset=utf-8").header("SOAPAction", "\"reportCases\"")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("""
                                <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>
                                <ch:reportCases xmlns:ch="http://cityhub.example/push/1"><messageId>late-1</messageId>
                                <record><ID>9002</ID><BJBH>NJ2026-0009002</BJBH><SXBM>500102-NJ-001</SXBM><SXMC>拖拉机和联合收割机登记</SXMC>
                                <SQR>王建国</SQR><ZJLX>1</ZJLX><ZJHM>11010519491231002X</ZJHM><SQSJ>2026-11-20 09:30:00</SQSJ><ZT>03</ZT>
                                <BJSJ>2026-11-21 09:00:00</BJSJ><BJJG>准予许可</BJJG><ZHXGSJ>2026-11-21T09:10:00</ZHXGSJ></record></ch:reportCases>
                                </soap:Body></soap:Envelope>""")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(pushed.statusCode()).isEqualTo(500);
        assertThat(pushed.body()).contains("Client").contains("department nj is retired").contains("nothing stored");

        legacy.seed(3);
        JsonNode alerts = await().atMost(Duration.ofSeconds(20)).until(() -> get("/api/v1/alerts?department=nj", HttpStatus.OK),
                a -> a.get("items").size() == 3);
        OpenApiContract.assertMatchesComponent("AlertList", alerts);
        assertThat(alerts.get("items")).allSatisfy(a -> assertThat(a.get("kind").asText()).isEqualTo("RETIRED_SYSTEM_SENDS"));
        assertThat(alerts.get("items")).anySatisfy(a -> assertThat(a.get("message").asText()).contains("3 record(s) added or changed"));
        assertThat(alerts.get("items")).anySatisfy(a -> assertThat(a.get("message").asText()).contains("connector drops"));
        assertThat(alerts.get("items")).anySatisfy(a -> assertThat(a.get("message").asText()).contains("connector pushed"));
        assertThat(cases.countCases("nj")).isEqualTo(GOOD - 2);
    }

    @Test
    @Order(10)
    void theRetiredDepartmentsCasesStayQueryable() throws IOException {
        JsonNode page = get("/api/v1/cases?department=nj&limit=500", HttpStatus.OK);
        assertThat(page.get("items").size()).isGreaterThanOrEqualTo(GOOD - 2);
        String code = page.at("/items/0/supervisionCode").asText();
        assertThat(get("/api/v1/cases/" + code, HttpStatus.OK).get("department").asText()).isEqualTo("nj");
    }

    private static Path reasonFile(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".reason.txt")).findFirst().orElse(null);
        }
    }
}
