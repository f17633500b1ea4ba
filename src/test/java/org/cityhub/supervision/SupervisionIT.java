package org.cityhub.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.cityhub.store.CaseStore;
import org.cityhub.store.IncomingCase;
import org.cityhub.support.HubHome;
import org.cityhub.support.MutableClock;
import org.cityhub.support.OpenApiContract;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Supervision on the real store (H2, Flyway V7) with the hub's scheduled feed reader and sweep running:
 * time is a mutable clock replacing the hub's Clock bean. A case turns YELLOW and then RED at its moment
 * with no new message; the alerts, the statistics and the case itself answer per openapi.yaml.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SupervisionIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final MutableClock CLOCK = new MutableClock(china("2026-03-10T12:00:00"));

    @TestConfiguration
    static class Time {
        @Bean
        @Primary
        Clock mutableClock() {
            return CLOCK;
        }
    }

    @DynamicPropertySource
    static void setUp(DynamicPropertyRegistry registry) throws IOException {
        HubHome home = HubHome.create();
        registry.add("cityhub.home", () -> home.root().toString());
        String data = Files.createTempDirectory("cityhub-supervision").toString();
        registry.add("cityhub.data-dir", () -> data);
        registry.add("cityhub.demo.enabled", () -> "false");
        registry.add("cityhub.supervision.feed-period", () -> "PT0.2S");
        registry.add("cityhub.supervision.sweep-period", () -> "PT0.2S");
    }

    static Instant china(String local) {
        return OffsetDateTime.parse(local + "+08:00").toInstant();
    }

    @Autowired
    CaseStore store;
    @Autowired
    TestRestTemplate http;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MeterRegistry meters;
    @Autowired
    SupervisionKeeper keeper;
    @Autowired
    LightStore lights;
    @Autowired
    LightCalculator calculator;
    @Autowired
    SupervisionProperties props;

    static String dueCase;
    static String suspendedCase;

    static ObjectNode caseDoc(String no, String status, String updatedAt, String channel) {
        ObjectNode c = JSON.createObjectNode();
        c.put("departmentCaseNo", no);
        c.put("status", status);
        c.put("updatedAt", updatedAt);
        ObjectNode app = c.putObject("application");
        app.put("itemName", "建设用地规划许可证核发");
        app.putObject("applicant").put("name", "重庆市涪陵区江东置业有限公司");
        app.put("submittedAt", "2026-03-01T16:00:00+08:00");
        if (channel != null) {
            app.put("channel", channel);
        }
        ObjectNode acc = c.putObject("acceptance");
        acc.put("acceptedAt", "2026-03-02T09:00:00+08:00");
        acc.putObject("promisedLimit").put("value", 10).put("unit", "WORKING_DAY");
        return c;
    }

    String store(ObjectNode doc) {
        return store.apply(List.of(new IncomingCase("land", "500102", "cases", null, doc))).get(0).supervisionCode();
    }

    String lightOf(String code) {
        List<String> l = jdbc.queryForList("select light from case_light where supervision_code = ?", String.class, code);
        return l.isEmpty() ? null : l.get(0);
    }

    JsonNode get(String url) throws IOException {
        ResponseEntity<String> r = http.getForEntity(url, String.class);
        assertThat(r.getStatusCode()).as(url + ": " + r.getBody()).isEqualTo(HttpStatus.OK);
        return JSON.readTree(r.getBody());
    }

    @Test
    @Order(1)
    void aCaseTurnsYellowAndThenRedAtItsMomentWithoutANewMessage() throws IOException {
        dueCase = store(caseDoc("GH-2026-0301", "IN_REVIEW", "2026-03-02T09:00:00+08:00", "2"));
        ObjectNode s = caseDoc("GH-2026-0302", "IN_REVIEW", "2026-03-03T10:00:00+08:00", "1");
        suspendedCase = store(s);
        store(s.deepCopy().put("status", "SUSPENDED").put("updatedAt", "2026-03-05T12:00:00+08:00"));

        await().atMost(Duration.ofSeconds(20)).until(() -> "GREEN".equals(lightOf(dueCase)) && lightOf(suspendedCase) != null);

        // 10 working days from Mon 2 Mar: Tue 3 is day 1, Mon 16 Mar day 10; 90% at 24:00 of Fri 13 Mar
        CLOCK.set(china("2026-03-14T00:00:00"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "YELLOW".equals(lightOf(dueCase)));

        CLOCK.set(china("2026-03-17T00:00:00"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "RED".equals(lightOf(dueCase)));
        assertThat(lightOf(suspendedCase)).as("its clock stands still since 5 Mar").isEqualTo("GREEN");

        JsonNode red = get("/api/v1/supervision/alerts?light=RED&department=land");
        OpenApiContract.assertMatchesComponent("SupervisionAlertPage", red);
        assertThat(red.get("items")).hasSize(1);
        JsonNode item = red.get("items").get(0);
        assertThat(item.get("supervisionCode").asText()).isEqualTo(dueCase);
        assertThat(item.get("deadline").asText()).isEqualTo("2026-03-17T00:00:00+08:00");
        assertThat(item.get("elapsedShare").asDouble()).isEqualTo(1.0);
        assertThat(item.get("clockStopped").asBoolean()).isFalse();

        keeper.refreshGauge();
        Gauge g = meters.find("cityhub.supervision.cases").tags("department", "land", "light", "RED").gauge();
        assertThat(g).isNotNull();
        assertThat(g.value()).isEqualTo(1.0);
    }

    @Test
    @Order(2)
    void theCaseShowsItsLightAndASuspendedCaseItsStoppedClock() throws IOException {
        JsonNode due = get("/api/v1/cases/" + dueCase);
        OpenApiContract.assertIsCase(due);
        assertThat(due.at("/supervision/light").asText()).isEqualTo("RED");
        assertThat(due.at("/supervision/deadline").asText()).isEqualTo("2026-03-17T00:00:00+08:00");

        JsonNode suspended = get("/api/v1/cases/" + suspendedCase);
        OpenApiContract.assertIsCase(suspended);
        assertThat(suspended.at("/supervision/clockStopped").asBoolean()).isTrue();
        // counted before the stop: Tue 3, Wed 4 and half of Thu 5 March
        assertThat(suspended.at("/supervision/elapsedShare").asDouble()).isEqualTo(0.25);

        JsonNode all = get("/api/v1/supervision/alerts?light=GREEN,YELLOW,RED&limit=1");
        OpenApiContract.assertMatchesComponent("SupervisionAlertPage", all);
        assertThat(all.get("items")).hasSize(1);
        assertThat(all.at("/items/0/supervisionCode").asText()).as("most overdue first").isEqualTo(dueCase);
        JsonNode next = get("/api/v1/supervision/alerts?light=GREEN,YELLOW,RED&limit=1&after=" + all.get("nextCursor").asText());
        assertThat(next.at("/items/0/supervisionCode").asText()).isEqualTo(suspendedCase);
    }

    @Test
    @Order(3)
    void statisticsCountOnTimeLateAndOnlineCasesAndSayWhatIsMissing() throws IOException {
        ObjectNode onTime = caseDoc("GH-2026-0303", "COMPLETED", "2026-03-16T18:00:00+08:00", "3");
        onTime.putObject("completion").put("completedAt", "2026-03-16T18:00:00+08:00").put("delivered", true);
        ObjectNode late = caseDoc("GH-2026-0304", "COMPLETED", "2026-03-18T10:00:00+08:00", "1");
        late.putObject("completion").put("completedAt", "2026-03-18T10:00:00+08:00");
        ObjectNode noLimit = caseDoc("GH-2026-0305", "IN_REVIEW", "2026-03-03T10:00:00+08:00", null);
        ((ObjectNode) noLimit.get("acceptance")).remove("promisedLimit");
        String a = store(onTime);
        String b = store(late);
        String c = store(noLimit);
        await().atMost(Duration.ofSeconds(20)).until(() -> lightOf(a) != null && lightOf(b) != null && lightOf(c) != null);
        assertThat(lightOf(a)).isEqualTo("CLOSED");
        assertThat(lightOf(c)).isEqualTo("NONE");

        JsonNode stats = get("/api/v1/supervision/statistics?department=land&from=2026-03-01&to=2026-03-31");
        OpenApiContract.assertMatchesComponent("SupervisionStatistics", stats);
        JsonNode land = stats.at("/departments/0");
        assertThat(land.get("received").asLong()).isEqualTo(5);
        assertThat(land.get("completed").asLong()).isEqualTo(2);
        assertThat(land.get("completedOnTime").asLong()).isEqualTo(1);
        assertThat(land.get("completedLate").asLong()).isEqualTo(1);
        // 9.75 working days (3-16 March, the day of acceptance not counted) and 11.4166 (to 18 March 10:00)
        assertThat(land.get("averageHandlingDays").asDouble()).isEqualTo(10.58);
        assertThat(land.at("/onlineShare/numerator").asLong()).isEqualTo(2);   // channel 2 and 3
        assertThat(land.at("/onlineShare/denominator").asLong()).isEqualTo(4); // one case without channel
        assertThat(land.at("/onlineShare/byChannel/unknown").asLong()).isEqualTo(1);
        assertThat(land.at("/rates/onlineCompletionRate/value").asDouble()).isEqualTo(0.5);
        assertThat(land.at("/rates/onlineFullProcessRate/value").asDouble()).isEqualTo(1.0);
        assertThat(land.at("/rates/onlineFullProcessRate/denominator").asLong()).isEqualTo(1);

        JsonNode empty = get("/api/v1/supervision/statistics?department=land&from=2025-01-01&to=2025-01-31");
        OpenApiContract.assertMatchesComponent("SupervisionStatistics", empty);
        assertThat(empty.at("/departments/0/rates/onlineHandlingRate/value").isNull()).isTrue();
        assertThat(empty.at("/departments/0/rates/onlineHandlingRate/missing").asText()).contains("no case was received");
    }

    @Test
    @Order(4)
    void recomputingAgainChangesNothingAndTheFeedPositionIsKept() {
        Long before = jdbc.queryForObject("select count(*) from case_light", Long.class);
        assertThat(keeper.catchUp()).as("nothing new in the feed").isZero();
        assertThat(keeper.sweep()).as("no light due to change").isZero();
        keeper.assess(dueCase);
        assertThat(jdbc.queryForObject("select count(*) from case_light", Long.class)).isEqualTo(before);
        assertThat(lightOf(dueCase)).isEqualTo("RED");
    }

    @Test
    @Order(5)
    void twoNodesReadingTheWholeFeedAgainAtOnceAgreeOnEveryLight() throws Exception {
        Map<String, String> before = new HashMap<>();
        jdbc.query("select supervision_code, light from case_light", rs -> {
            before.put(rs.getString(1), rs.getString(2));
        });
        SupervisionKeeper otherNode = new SupervisionKeeper(store, lights, calculator, JSON, CLOCK, props, new SimpleMeterRegistry());
        jdbc.update("update supervision_cursor set last_seq = 0");

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> a = pool.submit(keeper::catchUp);
            Future<Integer> b = pool.submit(otherNode::catchUp);
            // the hub's own scheduled keeper may read part of the feed too (a third node): the counts per node
            // vary, the lights and the cursor below must not
            a.get(30, TimeUnit.SECONDS);
            b.get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        Map<String, String> after = new HashMap<>();
        jdbc.query("select supervision_code, light from case_light", rs -> {
            after.put(rs.getString(1), rs.getString(2));
        });
        assertThat(after).isEqualTo(before).hasSize((int) store.countCases(null));
        assertThat(jdbc.queryForObject("select last_seq from supervision_cursor", Long.class))
                .isEqualTo(jdbc.queryForObject("select last_seq from feed_head", Long.class));
    }

    @Test
    @Order(6)
    void badParametersAreProblemsNamingTheParameter() throws IOException {
        for (String q : List.of("alerts?light=BLUE", "alerts?limit=0", "alerts?after=xyz", "statistics?from=2026-13-01",
                "statistics?from=2026-03-31&to=2026-03-01", "alerts?department=LAND")) {
            ResponseEntity<String> r = http.getForEntity("/api/v1/supervision/" + q, String.class);
            assertThat(r.getStatusCode()).as(q).isEqualTo(HttpStatus.BAD_REQUEST);
            JsonNode p = JSON.readTree(r.getBody());
            OpenApiContract.assertMatchesComponent("Problem", p);
            assertThat(p.get("detail").asText()).as(q).containsAnyOf("light:", "limit:", "after:", "from:", "to:", "department:");
        }
    }

    @Test
    @Order(7)
    void readingACaseComputesItsLightAsOfNowWithoutWritingIt() throws IOException {
        // accepted Mon 16 March, 10 calendar days: counting from Tue 17, YELLOW from 26 March 00:00, deadline 27 March 00:00
        ObjectNode d = caseDoc("GH-2026-0316", "IN_REVIEW", "2026-03-16T09:00:00+08:00", "2");
        ((ObjectNode) d.get("acceptance")).put("acceptedAt", "2026-03-16T09:00:00+08:00")
                .putObject("promisedLimit").put("value", 10).put("unit", "CALENDAR_DAY");
        String code = store(d);
        await().atMost(Duration.ofSeconds(20)).until(() -> "GREEN".equals(lightOf(code)));
        assertThat(jdbc.queryForObject("select clock from case_light where supervision_code = ?", String.class, code))
                .as("the clock is kept with the light").contains("2026-03-16T01:00:00Z");
        // the row as the keeper wrote it, then made never due: from here on only a read could change it
        jdbc.update("update case_light set next_check_at = null where supervision_code = ?", code);
        Map<String, Object> before = jdbc.queryForMap("select * from case_light where supervision_code = ?", code);

        JsonNode green = get("/api/v1/cases/" + code);
        assertThat(green.at("/supervision/light").asText()).isEqualTo("GREEN");
        assertThat(green.at("/supervision/deadline").asText()).isEqualTo("2026-03-27T00:00:00+08:00");

        // past the yellow point with no sweep for this row: the read is still right, and writes nothing
        CLOCK.set(china("2026-03-26T12:00:00"));
        JsonNode yellow = get("/api/v1/cases/" + code);
        assertThat(yellow.at("/supervision/light").asText()).isEqualTo("YELLOW");
        assertThat(yellow.at("/supervision/elapsedShare").asDouble()).isEqualTo(0.95);
        JsonNode alerts = get("/api/v1/supervision/alerts?light=YELLOW&department=land");
        assertThat(alerts.findValuesAsText("supervisionCode")).as("listed from the table, which still says GREEN").doesNotContain(code);
        assertThat(jdbc.queryForMap("select * from case_light where supervision_code = ?", code)).isEqualTo(before);

        // without a row (or with one older than the case) the read computes from the history, still writing nothing
        jdbc.update("delete from case_light where supervision_code = ?", code);
        assertThat(keeper.current(store.findByCode(code).orElseThrow()).light()).isEqualTo(Light.YELLOW);
        assertThat(get("/api/v1/cases/" + code).at("/supervision/light").asText()).isEqualTo("YELLOW");
        assertThat(lightOf(code)).isNull();
    }
}
