package org.cityhub.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.cityhub.demo.LandBureauLegacyDb;
import org.cityhub.store.CaseStore;
import org.cityhub.store.StoredCase;
import org.cityhub.store.Watermarks;
import org.cityhub.support.HubHome;
import org.cityhub.support.TestClients;
import org.cityhub.support.ThrowAwayDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * SQL injection on the real databases: the hub's store on PostgreSQL, a department's front database on
 * MariaDB. A legacy row whose texts (and whose key, which becomes the poll's watermark key) hold SQL is
 * read, archived, mapped and stored verbatim as data; the next poll binds that key and reads on; an
 * operator's re-sync watermark and API parameters holding SQL are refused. Afterwards every table on both
 * sides is still there and the values round-trip exactly. (A SQL call-out binds its parameters:
 * SqlCalloutMariaDbIT#bindsTheParameterSoThatQuotesInTheValueAreData.)
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SqlInjectionIT {

    static final String DROP_CASES = "x'); drop table exchange_case; --";
    static final String DROP_RAW = "冉德明'; DROP TABLE raw_message; --";
    static final String DROP_LEGACY = "同意。\"; drop table GT_SPJ_BJXX; -- ' or '1'='1";
    static final String KEY = "k';drop table case_version;--";

    static final ThrowAwayDatabase legacy = ThrowAwayDatabase.mariadb("sqlilegacy");
    static final ThrowAwayDatabase store = ThrowAwayDatabase.postgres("sqli");
    static LandBureauLegacyDb land;
    static DriverManagerDataSource legacyDs;

    @DynamicPropertySource
    static void setUp(DynamicPropertyRegistry registry) throws Exception {
        legacyDs = new DriverManagerDataSource(legacy.url(), legacy.user(), "");
        LandBureauLegacyDb.createSchema(legacyDs);
        land = new LandBureauLegacyDb(legacyDs, new Random(7), Clock.systemDefaultZone());
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
                      overlap: PT0S
                      pageSize: 1
                      period: 500
                """.formatted(legacy.url()));
        registry.add("spring.datasource.url", store::url);
        registry.add("spring.datasource.username", store::user);
        registry.add("spring.datasource.password", () -> "");
        registry.add("cityhub.home", () -> home.root().toString());
        String data = Files.createTempDirectory("cityhub-sqli").toString();
        registry.add("cityhub.data-dir", () -> data);
        registry.add("cityhub.demo.enabled", () -> "false");
    }

    @AfterAll
    static void drop() {
        legacy.close();
        store.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    CaseStore cases;
    @Autowired
    Watermarks watermarks;
    @Autowired
    JdbcTemplate jdbc;

    private final ObjectMapper json = new ObjectMapper();

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        TestClients.withKey(TestClients.ADMIN_KEY).forEach((k, vs) -> vs.forEach(v -> b.header(k, v)));
        return HttpClient.newHttpClient().send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private Map<String, Object> insert(String guid, String caseNo, String applicant, String opinion) throws Exception {
        Map<String, Object> row = land.newCaseRow("3");
        row.put("ROW_GUID", guid);
        row.put("YWLSH", caseNo);
        row.put("SQRMC", applicant);
        row.put("SXMC", DROP_CASES);
        row.put("BLYJ", opinion);
        row.put("HJMC", "初审");
        try (Connection c = legacyDs.getConnection()) {
            land.insert(c, row);
        }
        return row;
    }

    private void assertEveryTableSurvives() {
        for (String table : List.of("exchange_case", "case_version", "raw_message", "source_watermark", "feed_head")) {
            assertThat(jdbc.queryForObject("select count(*) from " + table, Long.class)).as(table).isNotNull();
        }
        JdbcTemplate legacyJdbc = new JdbcTemplate(legacyDs);
        assertThat(legacyJdbc.queryForObject("select count(*) from GT_SPJ_BJXX", Long.class)).isGreaterThanOrEqualTo(1);
    }

    @Test
    @Order(1)
    void aLegacyRowHoldingSqlIsStoredVerbatimAsDataOnPostgres() throws Exception {
        insert(KEY, "GT2026SQLI0001", DROP_RAW, DROP_LEGACY);

        StoredCase c = await().atMost(Duration.ofSeconds(60))
                .until(() -> cases.findByDepartmentCase("land", "GT2026SQLI0001").orElse(null), x -> x != null);
        JsonNode doc = json.readTree(c.content());
        assertThat(doc.at("/application/itemName").asText()).isEqualTo(DROP_CASES);
        assertThat(doc.at("/application/applicant/name").asText()).isEqualTo(DROP_RAW);
        assertThat(doc.at("/steps/0/opinion").asText()).isEqualTo(DROP_LEGACY);
        String raw = new String(jdbc.queryForObject("select payload from raw_message where department = 'land' and record_key = ?",
                byte[].class, KEY), StandardCharsets.UTF_8);
        assertThat(json.readTree(raw).path("SQRMC").asText()).isEqualTo(DROP_RAW);
        assertEveryTableSurvives();
    }

    @Test
    @Order(2)
    void theWatermarkKeyHoldingSqlIsBoundByTheNextPollWhichReadsOn() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> watermarks.get("land", "cases").map(Watermarks.Mark::key).orElse(""), KEY::equals);
        // a later row sorting after the stored key at the same sync time: found by "key > ?" with the key bound
        Map<String, Object> row = insert("l-after", "GT2026SQLI0002", "张三", "同意");

        await().atMost(Duration.ofSeconds(60)).until(() -> cases.findByDepartmentCase("land", "GT2026SQLI0002").isPresent());
        assertThat(cases.countCases("land")).isEqualTo(2);
        assertEveryTableSurvives();
    }

    @Test
    @Order(3)
    void aResyncWatermarkAndApiParametersHoldingSqlAreRefused() throws Exception {
        HttpResponse<String> resync = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/connectors/land/cases/actions"))
                .header("Content-Type", "application/json").header("X-Cityhub-Caller", "hostile.test")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("action", "resync", "reason", "test",
                        "watermark", "2026-11-01T00:00:00'; drop table source_watermark; --")))));
        assertThat(resync.statusCode()).as(resync.body()).isEqualTo(400);
        assertThat(json.readTree(resync.body()).path("detail").asText()).contains("watermark");

        for (String query : List.of("department=land%27%20or%20%271%27%3D%271", "status=COMPLETED%27%3B%20drop%20table%20case_version%3B--")) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/cases?" + query)).GET());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        }
        HttpResponse<String> feed = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/cases?department=land")).GET());
        assertThat(feed.statusCode()).isEqualTo(200);
        assertThat(feed.body()).contains("GT2026SQLI0001");
        assertEveryTableSurvives();
        assertThat(jdbc.queryForObject("select count(*) from exchange_case where department = 'land'", Long.class)).isEqualTo(2);
    }
}
