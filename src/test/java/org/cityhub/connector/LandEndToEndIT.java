package org.cityhub.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.cityhub.demo.LandBureauLegacyDb;
import org.cityhub.store.CaseStore;
import org.cityhub.store.RawArchive;
import org.cityhub.store.Watermarks;
import org.cityhub.support.HubHome;
import org.cityhub.support.Queues;
import org.cityhub.support.ThrowAwayDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.Mockito;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;

import jakarta.jms.Message;

/**
 * The first connector path end to end on real services: a land bureau front database on this
 * machine's MariaDB, polled by {@code jdbc-poll}, archived and queued on the embedded Artemis broker,
 * mapped, stored in PostgreSQL (profile {@code postgres}) and served by the platform API.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.profiles.active=postgres")
class LandEndToEndIT {

    static final ThrowAwayDatabase legacy = ThrowAwayDatabase.mariadb("legacy");
    static final ThrowAwayDatabase store = ThrowAwayDatabase.postgres("e2e");
    static final HikariDataSource legacyDs = new HikariDataSource();
    static LandBureauLegacyDb land;

    @DynamicPropertySource
    static void setUp(DynamicPropertyRegistry registry) throws IOException {
        legacyDs.setJdbcUrl(legacy.url());
        legacyDs.setUsername(legacy.user());
        legacyDs.setMaximumPoolSize(4);
        LandBureauLegacyDb.createSchema(legacyDs);
        land = new LandBureauLegacyDb(legacyDs, new java.util.Random(7), java.time.Clock.systemDefaultZone());
        HubHome home = HubHome.create().connector("land", """
                department:
                  code: land
                  name: 重庆市涪陵区规划和自然资源局
                  region: "500102"
                sources:
                  - name: cases
                    template: jdbc-poll
                    mapping: land/case
                    parameters:
                      jdbcUrl: "%s"
                      username: root
                      table: GT_SPJ_BJXX
                      watermarkColumn: TBSJ
                      keyColumn: ROW_GUID
                      overlap: PT10M
                      pageSize: 7
                      period: 300
                """.formatted(legacy.url()))
                .connector("forestry", """
                department:
                  code: forestry
                  name: 林业局
                  region: "5001"
                sources:
                  - name: cases
                    template: jdbc-poll
                    mapping: forestry/case
                    parameters:
                      jdbcUrl: "jdbc:h2:mem:nowhere"
                      table: LY_BJXX
                      watermarkColumn: TBSJ
                      keyColumn: ROW_GUID
                """);
        registry.add("cityhub.home", () -> home.root().toString());
        registry.add("cityhub.data-dir", () -> tempDir());
        registry.add("cityhub.demo.enabled", () -> "false");
        registry.add("spring.datasource.url", store::url);
        registry.add("spring.datasource.username", store::user);
    }

    private static String tempDir() {
        try {
            return Files.createTempDirectory("cityhub-e2e").toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void dropDatabases() {
        legacyDs.close();
        legacy.close();
        store.close();
    }

    @Autowired
    TestRestTemplate http;
    @Autowired
    ObjectMapper json;
    @Autowired
    CaseStore cases;
    @Autowired
    RawArchive archive;
    @Autowired
    JmsTemplate jms;
    @Autowired
    CamelContext camel;
    /** The real watermarks, every move of them recorded. */
    @MockitoSpyBean
    Watermarks watermarks;

    /** The simulated bureau writes its sync times in China time, as such systems do. */
    private static LocalDateTime chinaNow() {
        return LocalDateTime.now(LandBureauLegacyDb.ZONE);
    }

    private Map<String, Object> row(String status) {
        return land.newCaseRow(status);
    }

    private void insertCommitted(Map<String, Object> row) throws Exception {
        try (Connection c = legacyDs.getConnection()) {
            land.insert(c, row);
        }
    }

    private JsonNode caseOf(Map<String, Object> row) {
        return cases.findByDepartmentCase("land", (String) row.get("YWLSH"))
                .map(c -> {
                    try {
                        return json.readTree(http.getForObject("/api/v1/cases/" + c.supervisionCode(), String.class));
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }).orElse(null);
    }

    private void awaitServed(Map<String, Object> row) {
        await().atMost(Duration.ofSeconds(30)).until(() -> caseOf(row) != null);
    }

    @Test
    void rowsArePolledMappedStoredAndServed() throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            rows.add(row(i % 2 == 0 ? "1" : "7"));
        }
        for (Map<String, Object> r : rows) {
            insertCommitted(r);
        }
        rows.forEach(this::awaitServed);

        JsonNode completed = caseOf(rows.get(1));
        assertThat(completed.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(completed.at("/application/applicant/idType").asText()).isIn("111", "001", "414");
        assertThat(completed.at("/application/submittedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+08:00");
        assertThat(completed.at("/completion/completedAt").isTextual()).isTrue();
        assertThat(caseOf(rows.get(0)).get("status").asText()).isEqualTo("ACCEPTED");
    }

    @Test
    void rowCommittedOutOfOrderWithAnOlderWatermarkIsNotMissed() throws Exception {
        Map<String, Object> late = row("1");
        late.put("TBSJ", chinaNow().minusMinutes(2));
        Map<String, Object> early = row("1");
        early.put("TBSJ", chinaNow());
        try (Connection slow = legacyDs.getConnection()) {
            slow.setAutoCommit(false);
            land.insert(slow, late);                // older sync time, not yet committed
            insertCommitted(early);                 // newer sync time, committed first
            awaitServed(early);                     // the watermark has now passed the late row's time
            slow.commit();
        }
        awaitServed(late);
        assertThat(caseOf(late).get("version").asInt()).isEqualTo(1);
    }

    @Test
    void repollingTheOverlapCreatesNoDuplicates() throws Exception {
        Map<String, Object> r = row("2");
        insertCommitted(r);
        awaitServed(r);
        long archived = archive.count("land");
        long versions = countVersions();

        NotifyBuilder polls = new NotifyBuilder(camel).fromRoute("land-cases-poll").whenCompleted(4).create();
        assertThat(polls.matches(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        assertThat(archive.count("land")).isEqualTo(archived);
        assertThat(countVersions()).isEqualTo(versions);
        assertThat(caseOf(r).get("version").asInt()).isEqualTo(1);
    }

    @Test
    void theWatermarkNeverGoesBackWhileTheOverlapIsReadAgain() throws Exception {
        // 20 rows sharing one sync time, committed together: pages of 7 end inside the tie, at earlier keys
        LocalDateTime syncTime = chinaNow().withNano(0);
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection c = legacyDs.getConnection()) {
            c.setAutoCommit(false);
            for (int i = 0; i < 20; i++) {
                Map<String, Object> r = row("1");
                r.put("TBSJ", syncTime);
                land.insert(c, r);
                rows.add(r);
            }
            c.commit();
        }
        rows.forEach(this::awaitServed);
        String lastKey;
        try (Connection c = legacyDs.getConnection(); var rs = c.createStatement()
                .executeQuery("select ROW_GUID from GT_SPJ_BJXX order by TBSJ desc, ROW_GUID desc limit 1")) {
            rs.next();
            lastKey = rs.getString(1);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> lastKey.equals(watermarks.get("land", "cases").orElseThrow().key()));
        Watermarks.Mark reached = watermarks.get("land", "cases").orElseThrow();

        Mockito.clearInvocations(watermarks);
        NotifyBuilder polls = new NotifyBuilder(camel).fromRoute("land-cases-poll").whenCompleted(4).create();
        assertThat(polls.matches(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        ArgumentCaptor<Watermarks.Mark> moves = ArgumentCaptor.forClass(Watermarks.Mark.class);
        Mockito.verify(watermarks, Mockito.atLeastOnce()).put(Mockito.eq("land"), Mockito.eq("cases"), moves.capture());
        assertThat(moves.getAllValues()).as("every re-read of the overlap leaves the mark where it was")
                .allSatisfy(m -> {
                    assertThat(m.value()).isEqualTo(reached.value());
                    assertThat(m.key()).isEqualTo(reached.key());
                });
        assertThat(watermarks.get("land", "cases").orElseThrow()).isEqualTo(reached);
    }

    @Test
    void changedRowBecomesOneNewVersion() throws Exception {
        Map<String, Object> r = row("1");
        insertCommitted(r);
        awaitServed(r);
        try (Connection c = legacyDs.getConnection(); var ps = c.prepareStatement(
                "update GT_SPJ_BJXX set BLZT = '2', HJMC = '初审', CZBS = 'U', TBSJ = ? where ROW_GUID = ?")) {
            ps.setTimestamp(1, Timestamp.valueOf(chinaNow()));
            ps.setString(2, (String) r.get("ROW_GUID"));
            ps.executeUpdate();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> caseOf(r).get("version").asInt() == 2);
        assertThat(caseOf(r).get("status").asText()).isEqualTo("IN_REVIEW");
        String code = caseOf(r).get("supervisionCode").asText();
        JsonNode history = json.readTree(http.getForObject("/api/v1/cases/" + code + "/history", String.class));
        assertThat(history.get("versions")).hasSize(2);
        assertThat(history.at("/versions/0/source/rawMessageId").asLong())
                .isNotEqualTo(history.at("/versions/1/source/rawMessageId").asLong());
    }

    @Test
    void badRowsGoToTheDeadLetterQueueWithTheirReasonWhileGoodRowsPass() throws Exception {
        Map<String, Object> badId = row("1");
        String id = (String) badId.get("ZJHM");
        badId.put("ZJLX", "SFZ");
        badId.put("ZJHM", "11010519491231002" + (id.endsWith("1") ? "2" : "1"));
        Map<String, Object> badStatus = row("1");
        badStatus.put("BLZT", "12");
        Map<String, Object> badDate = row("1");
        badDate.put("SQSJ", "2016-02-30 09:00");
        Map<String, Object> good = row("1");
        for (Map<String, Object> r : List.of(badId, badStatus, good, badDate)) {
            insertCommitted(r);
        }
        awaitServed(good);

        List<Message> dead = await().atMost(Duration.ofSeconds(30))
                .until(() -> Queues.browse(jms, "hub.dlq.land"), l -> l.size() >= 3);
        assertThat(dead).anySatisfy(m -> {
            assertThat(m.getStringProperty("CityhubFieldPath")).isEqualTo("application.applicant.idNumber");
            assertThat(m.getStringProperty("CityhubExpected")).contains("GB 11643");
            assertThat(m.getStringProperty("CityhubActual")).doesNotContain(badId.get("ZJHM").toString());
            assertThat(m.getStringProperty("CityhubStage")).isEqualTo("mapping");
        });
        assertThat(dead).anySatisfy(m -> {
            assertThat(m.getStringProperty("CityhubFieldPath")).contains("code table 'status'");
            assertThat(m.getStringProperty("CityhubActual")).contains("12");
        });
        assertThat(dead).anySatisfy(m -> {
            assertThat(m.getStringProperty("CityhubFieldPath")).isEqualTo("application.submittedAt");
            assertThat(m.getBody(String.class)).contains("2016-02-30");
            assertThat(m.getLongProperty("CityhubRawId")).isPositive();
        });
        assertThat(cases.findByDepartmentCase("land", (String) badId.get("YWLSH"))).isEmpty();
    }

    @Test
    void aBrokenConnectorFileIsReportedPreciselyAndTheOtherDepartmentsRun() throws Exception {
        JsonNode departments = json.readTree(http.getForObject("/api/v1/departments", String.class)).get("items");
        assertThat(departments).anySatisfy(d -> {
            assertThat(d.get("code").asText()).isEqualTo("forestry");
            assertThat(d.get("connector").asText()).isEqualTo("INVALID");
            assertThat(d.get("state").asText()).isEqualTo("ONBOARDING");
            assertThat(d.get("connectorProblem").asText()).contains("forestry.yaml").contains("department.region")
                    .contains("^[0-9]{6}$");
        });
        assertThat(departments).anySatisfy(d -> {
            assertThat(d.get("code").asText()).isEqualTo("land");
            assertThat(d.get("connector").asText()).isEqualTo("RUNNING");
            assertThat(d.get("state").asText()).isEqualTo("ONBOARDING");
            assertThat(d.get("actions")).extracting(JsonNode::asText).containsExactly("activate");
        });
        JsonNode health = json.readTree(http.getForEntity("/actuator/health", String.class).getBody());
        assertThat(health.at("/components/routes/details/invalid:forestry").asText()).contains("department.region");
    }

    @Test
    void healthIsDownWhileARouteIsStopped() throws Exception {
        assertThat(http.getForEntity("/actuator/health", String.class).getStatusCode().value()).isEqualTo(200);
        camel.getRouteController().stopRoute("land-cases-poll");
        try {
            var down = http.getForEntity("/actuator/health", String.class);
            assertThat(down.getStatusCode().value()).isEqualTo(503);
            assertThat(json.readTree(down.getBody()).at("/components/routes/details/routes/land-cases-poll").asText())
                    .isEqualTo("Stopped");
        } finally {
            camel.getRouteController().startRoute("land-cases-poll");
        }
        assertThat(http.getForEntity("/actuator/health", String.class).getStatusCode().value()).isEqualTo(200);
    }


    private long countVersions() {
        return cases.feed(0, 100_000, "land", null).size();
    }
}
