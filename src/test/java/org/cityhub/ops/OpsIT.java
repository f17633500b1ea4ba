package org.cityhub.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.cityhub.connector.RecordIntake;
import org.cityhub.store.CaseStore;
import org.cityhub.store.RawArchive;
import org.cityhub.support.HubHome;
import org.cityhub.support.OpenApiContract;
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

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The ops API on the real embedded broker and store: queue figures from Artemis' management API move with
 * the flow; a record the mapping cannot map is dead-lettered, browsed with its reason, and after the
 * mapping is fixed and reloaded replayed (one, a selection, all) into a case, or discarded with a reason;
 * every action is audited; a replay from the raw archive makes new case versions only where the mapping
 * now gives something different.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpsIT {

    static HubHome home;

    @DynamicPropertySource
    static void setUp(DynamicPropertyRegistry registry) throws IOException {
        Path data = Files.createTempDirectory("cityhub-ops");
        Path inbox = Files.createDirectories(data.resolve("inbox/civil"));
        home = HubHome.create().connector("civil", """
                department:
                  code: civil
                  name: 民政局
                  region: "500102"
                sources:
                  - name: exports
                    template: file-drop
                    mapping: civil/case
                    parameters:
                      inbox: "%s"
                      format: json
                      filePattern: "*.json"
                      readLockMinAge: 500
                      period: 500
                """.formatted(inbox));
        registry.add("cityhub.home", () -> home.root().toString());
        registry.add("cityhub.data-dir", data::toString);
        registry.add("cityhub.demo.enabled", () -> "false");
        registry.add("cityhub.ops.sample-period", () -> "PT1S");
    }

    @Autowired
    TestRestTemplate http;
    @Autowired
    ObjectMapper json;
    @Autowired
    RecordIntake intake;
    @Autowired
    CaseStore cases;
    @Autowired
    CamelContext camel;
    @Autowired
    MeterRegistry meters;

    @Test
    @Order(1)
    void queueFiguresComeFromTheBrokerAndMoveWithTheFlow() throws Exception {
        JsonNode overview = get("/api/v1/ops/queues", HttpStatus.OK);
        OpenApiContract.assertMatchesComponent("QueueOverview", overview);
        assertThat(names(overview)).contains("hub.inbound.civil", "hub.outbound.civil", "hub.dlq.civil", "hub.dlq.broker");
        JsonNode inbound = get("/api/v1/ops/queues/hub.inbound.civil", HttpStatus.OK);
        OpenApiContract.assertMatchesComponent("QueueView", inbound);
        // the ingest route's parallel consumers (cityhub.ingest.concurrent-consumers, default 4)
        assertThat(inbound.get("consumers").asInt()).as("the ingest route consumes").isEqualTo(4);
        assertThat(inbound.get("kind").asText()).isEqualTo("INBOUND");
        assertThat(inbound.get("department").asText()).isEqualTo("civil");
        long ackedBefore = inbound.get("messagesAcknowledged").asLong();

        camel.getRouteController().stopRoute("civil-ingest-map");
        try {
            intake.accept("civil", "exports", List.of(record("MZOPS0001", "待受理", "养老机构备案"), record("MZOPS0002", "待受理", "养老机构备案")));
            JsonNode waiting = get("/api/v1/ops/queues/hub.inbound.civil", HttpStatus.OK);
            OpenApiContract.assertMatchesComponent("QueueView", waiting);
            assertThat(waiting.get("depth").asLong()).isEqualTo(2);
            assertThat(waiting.get("consumers").asInt()).isZero();
            assertThat(waiting.get("oldestMessageAt").isTextual()).isTrue();
            assertThat(waiting.get("oldestAgeSeconds").asLong()).isGreaterThanOrEqualTo(0);
            // the gauge follows within a sample period, without a broker call per scrape
            await().atMost(Duration.ofSeconds(10)).until(() -> depthGauge("hub.inbound.civil") == 2.0);
        } finally {
            camel.getRouteController().startRoute("civil-ingest-map");
        }
        JsonNode drained = await().atMost(Duration.ofSeconds(20)).until(() -> get("/api/v1/ops/queues/hub.inbound.civil", HttpStatus.OK),
                q -> q.get("depth").asLong() == 0 && q.get("consumers").asInt() == 4);
        assertThat(drained.get("messagesAcknowledged").asLong() - ackedBefore).isEqualTo(2);
        assertThat(drained.get("oldestMessageAt").isNull()).isTrue();
        assertThat(cases.findByDepartmentCase("civil", "MZOPS0002")).isPresent();
        await().atMost(Duration.ofSeconds(10)).until(() -> depthGauge("hub.inbound.civil") == 0.0);
        // the throughput history (the console's chart) counts the two records in and out, from the broker's counters
        JsonNode throughput = await().atMost(Duration.ofSeconds(10)).until(() -> get("/api/v1/ops/throughput", HttpStatus.OK),
                t -> Math.round(sum(t, "processed")) >= 2);
        OpenApiContract.assertMatchesComponent("Throughput", throughput);
        assertThat(Math.round(sum(throughput, "received"))).isEqualTo(2);
        assertThat(Math.round(sum(throughput, "processed"))).isEqualTo(2);
        assertThat(sum(throughput, "deadLettered")).isZero();

        assertThat(get("/api/v1/ops/queues/hub.nothing.here", HttpStatus.NOT_FOUND).get("detail").asText()).contains("hub.inbound.<department>");
    }

    @Test
    @Order(2)
    void aDeadLetterIsBrowsedWithItsReasonAndReplayedAfterTheMappingIsFixed() throws Exception {
        intake.accept("civil", "exports", List.of(record("MZDLQ0001", "已归档", "养老机构备案"), record("MZDLQ0002", "已归档", "养老机构备案"),
                record("MZDLQ0003", "已归档", "养老机构备案")));
        JsonNode page = await().atMost(Duration.ofSeconds(20)).until(() -> get("/api/v1/ops/dead-letters?department=civil", HttpStatus.OK),
                p -> p.get("items").size() == 3);
        OpenApiContract.assertMatchesComponent("DeadLetterPage", page);
        assertThat(page.get("queue").asText()).isEqualTo("hub.dlq.civil");
        assertThat(page.get("items")).allSatisfy(d -> {
            assertThat(d.get("department").asText()).isEqualTo("civil");
            assertThat(d.get("connector").asText()).isEqualTo("exports");
            assertThat(d.get("stage").asText()).isEqualTo("mapping");
            assertThat(d.get("fieldPath").asText()).isEqualTo("code table 'status'");
            assertThat(d.get("actual").asText()).contains("已归档");
            assertThat(d.get("rawId").isIntegralNumber()).isTrue();
            assertThat(d.get("recordKey").asText()).startsWith("MZDLQ000");
            assertThat(d.get("payload").asText()).contains("\"办件编号\"").contains("MZDLQ000");
            assertThat(d.get("attempts").asInt()).isEqualTo(1);
            assertThat(d.get("deadLetteredAt").isTextual()).isTrue();
            assertThat(d.get("replayTo").asText()).isEqualTo("hub.inbound.civil");
        });
        JsonNode dlq = get("/api/v1/ops/queues/hub.dlq.civil", HttpStatus.OK);
        assertThat(dlq.get("depth").asLong()).isEqualTo(3);
        assertThat(dlq.get("kind").asText()).isEqualTo("DEAD_LETTER");

        // paging: one at a time, the cursor is the last id
        JsonNode first = get("/api/v1/ops/dead-letters?department=civil&limit=1", HttpStatus.OK);
        assertThat(first.get("items")).hasSize(1);
        JsonNode second = get("/api/v1/ops/dead-letters?department=civil&limit=1&after=" + first.get("next").asText(), HttpStatus.OK);
        assertThat(second.at("/items/0/id").asText()).isEqualTo(page.at("/items/1/id").asText());

        Map<String, String> idByKey = new LinkedHashMap<>();
        page.get("items").forEach(d -> idByKey.put(d.get("recordKey").asText(), d.get("id").asText()));

        // the fix: the bureau's archive word means the case was completed earlier; 已归档 is taken as SUBMITTED here
        Path codes = home.root().resolve("mappings/civil/codes/status.yaml");
        Files.writeString(codes, Files.readString(codes).stripTrailing() + "\n  已归档: SUBMITTED\n");
        ResponseEntity<String> noCaller = post("/api/v1/ops/mappings/reload", null, Map.of());
        assertThat(noCaller.getStatusCode()).as("no credentials").isEqualTo(HttpStatus.UNAUTHORIZED);
        ResponseEntity<String> reloaded = post("/api/v1/ops/mappings/reload", "ops.wang", Map.of("reason", "已归档 added to the status table"));
        assertThat(reloaded.getStatusCode()).as(reloaded.getBody()).isEqualTo(HttpStatus.OK);
        JsonNode reload = json.readTree(reloaded.getBody());
        OpenApiContract.assertMatchesComponent("MappingReloadResult", reload);
        assertThat(reload.get("reloaded")).extracting(JsonNode::asText).contains("civil/case");

        // replay one
        ResponseEntity<String> one = post("/api/v1/ops/dead-letters/replay", "ops.wang",
                Map.of("department", "civil", "ids", List.of(idByKey.get("MZDLQ0001")), "reason", "status table fixed"));
        assertThat(one.getStatusCode()).as(one.getBody()).isEqualTo(HttpStatus.OK);
        JsonNode result = json.readTree(one.getBody());
        OpenApiContract.assertMatchesComponent("DeadLetterActionResult", result);
        assertThat(result.get("affected").asInt()).isEqualTo(1);
        assertThat(result.get("targetQueues")).extracting(JsonNode::asText).containsExactly("hub.inbound.civil");
        assertThat(result.at("/audit/outcome").asText()).isEqualTo("DONE");
        await().atMost(Duration.ofSeconds(20)).until(() -> cases.findByDepartmentCase("civil", "MZDLQ0001").isPresent());
        assertThat(cases.findByDepartmentCase("civil", "MZDLQ0001").orElseThrow().status()).isEqualTo("SUBMITTED");
        assertThat(deadLetterIds()).containsExactlyInAnyOrder(idByKey.get("MZDLQ0002"), idByKey.get("MZDLQ0003"));

        // an id no longer there (already replayed) is refused as a whole, and the refusal is audited
        ResponseEntity<String> stale = post("/api/v1/ops/dead-letters/replay", "ops.wang",
                Map.of("department", "civil", "ids", List.of(idByKey.get("MZDLQ0001"), idByKey.get("MZDLQ0002"))));
        assertThat(stale.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(json.readTree(stale.getBody()).get("detail").asText()).contains(idByKey.get("MZDLQ0001")).contains("not on hub.dlq.civil");
        assertThat(deadLetterIds()).hasSize(2);

        // a discard needs a reason
        ResponseEntity<String> noReason = post("/api/v1/ops/dead-letters/discard", "ops.wang",
                Map.of("department", "civil", "ids", List.of(idByKey.get("MZDLQ0003"))));
        assertThat(noReason.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json.readTree(noReason.getBody()).get("detail").asText()).startsWith("reason");
        ResponseEntity<String> discarded = post("/api/v1/ops/dead-letters/discard", "ops.wang",
                Map.of("department", "civil", "ids", List.of(idByKey.get("MZDLQ0003")), "reason", "test record, withdrawn by the bureau"));
        assertThat(discarded.getStatusCode()).as(discarded.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(json.readTree(discarded.getBody()).get("affected").asInt()).isEqualTo(1);
        assertThat(deadLetterIds()).containsExactly(idByKey.get("MZDLQ0002"));

        // a selection
        ResponseEntity<String> selection = post("/api/v1/ops/dead-letters/replay", "ops.zhao",
                Map.of("department", "civil", "ids", List.of(idByKey.get("MZDLQ0002")), "reason", "status table fixed"));
        assertThat(json.readTree(selection.getBody()).get("affected").asInt()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> cases.findByDepartmentCase("civil", "MZDLQ0002").isPresent());
        assertThat(deadLetterIds()).isEmpty();
        assertThat(cases.findByDepartmentCase("civil", "MZDLQ0003")).as("discarded, never mapped").isEmpty();

        JsonNode audit = get("/api/v1/ops/audit?department=civil", HttpStatus.OK);
        OpenApiContract.assertMatchesComponent("OpsAuditList", audit);
        List<String> actions = new ArrayList<>();
        audit.get("items").forEach(e -> actions.add(e.get("action").asText() + ":" + e.get("outcome").asText() + ":" + e.get("affected").asInt()));
        assertThat(actions).containsExactly("replay-dead-letters:DONE:1", "discard-dead-letters:DONE:1",
                "replay-dead-letters:REFUSED:0", "replay-dead-letters:DONE:1");
        JsonNode discard = audit.get("items").get(1);
        assertThat(discard.get("actor").asText()).isEqualTo("ops.wang");
        assertThat(discard.get("reason").asText()).isEqualTo("test record, withdrawn by the bureau");
        assertThat(discard.get("queue").asText()).isEqualTo("hub.dlq.civil");
        assertThat(discard.get("messageIds")).extracting(JsonNode::asText).containsExactly(idByKey.get("MZDLQ0003"));
        assertThat(audit.at("/items/0/actor").asText()).isEqualTo("ops.zhao");
        assertThat(audit.at("/items/0/targetQueue").asText()).isEqualTo("hub.inbound.civil");
        JsonNode all = get("/api/v1/ops/audit", HttpStatus.OK);
        assertThat(all.get("items")).anySatisfy(e -> assertThat(e.get("action").asText()).isEqualTo("reload-mappings"));
    }

    @Test
    @Order(3)
    void allOfADepartmentsDeadLettersAreReplayedAtOnce() throws Exception {
        intake.accept("civil", "exports", List.of(record("MZALL0001", "已作废", "养老机构备案"), record("MZALL0002", "已作废", "养老机构备案"),
                record("MZALL0003", "已作废", "养老机构备案")));
        await().atMost(Duration.ofSeconds(20)).until(() -> deadLetterIds().size() == 3);
        ResponseEntity<String> neither = post("/api/v1/ops/dead-letters/replay", "ops.wang", Map.of("department", "civil"));
        assertThat(neither.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json.readTree(neither.getBody()).get("detail").asText()).contains("ids").contains("all");

        Path codes = home.root().resolve("mappings/civil/codes/status.yaml");
        Files.writeString(codes, Files.readString(codes).stripTrailing() + "\n  已作废: SUBMITTED\n");
        assertThat(post("/api/v1/ops/mappings/reload", "ops.wang", Map.of()).getStatusCode()).isEqualTo(HttpStatus.OK);
        ResponseEntity<String> replayed = post("/api/v1/ops/dead-letters/replay", "ops.wang",
                Map.of("department", "civil", "all", true, "reason", "已作废 added"));
        assertThat(replayed.getStatusCode()).as(replayed.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(json.readTree(replayed.getBody()).get("affected").asInt()).isEqualTo(3);
        await().atMost(Duration.ofSeconds(20)).until(() -> List.of("MZALL0001", "MZALL0002", "MZALL0003").stream()
                .allMatch(k -> cases.findByDepartmentCase("civil", k).isPresent()));
        assertThat(cases.findByDepartmentCase("civil", "MZALL0003").orElseThrow().status()).isEqualTo("SUBMITTED");
        assertThat(deadLetterIds()).isEmpty();
    }

    @Test
    @Order(4)
    void aBrokenMappingIsNotPutInService() throws Exception {
        Path mapping = home.root().resolve("mappings/civil/case.jsonata");
        String good = Files.readString(mapping);
        Files.writeString(mapping, good.replace("\"caseType\": \"2\",", "\"caseType\": (,"));
        try {
            ResponseEntity<String> refused = post("/api/v1/ops/mappings/reload", "ops.wang", Map.of("reason", "try"));
            assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
            assertThat(json.readTree(refused.getBody()).get("detail").asText()).contains("civil/case.jsonata").contains("unchanged");
            intake.accept("civil", "exports", List.of(record("MZBRK0001", "待受理", "养老机构备案")));
            await().atMost(Duration.ofSeconds(20)).until(() -> cases.findByDepartmentCase("civil", "MZBRK0001").isPresent());
        } finally {
            Files.writeString(mapping, good);
        }
    }

    @Test
    @Order(5)
    void aReplayFromTheRawArchiveMakesNewVersionsOnlyWhereTheMappingChanged() throws Exception {
        OffsetDateTime from = OffsetDateTime.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        intake.accept("civil", "exports", List.of(record("MZARC0001", "待受理", "养老机构备案"), record("MZARC0002", "待受理", "社会团体成立登记")));
        await().atMost(Duration.ofSeconds(20)).until(() -> cases.findByDepartmentCase("civil", "MZARC0002").isPresent());
        OffsetDateTime to = OffsetDateTime.now().plusSeconds(1);

        ResponseEntity<String> bad = post("/api/v1/ops/replays", "ops.wang",
                Map.of("department", "civil", "from", to.toString(), "to", from.toString(), "reason", "x"));
        assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json.readTree(bad.getBody()).get("detail").asText()).startsWith("to:");
        assertThat(post("/api/v1/ops/replays", "ops.wang", Map.of("department", "civil", "from", "yesterday", "to", to.toString(),
                "reason", "x")).getBody()).contains("from: expected a date-time");
        ResponseEntity<String> unknownConnector = post("/api/v1/ops/replays", "ops.wang", Map.of("department", "civil", "connector", "nope",
                "from", from.toString(), "to", to.toString(), "reason", "x"));
        assertThat(unknownConnector.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json.readTree(unknownConnector.getBody()).get("detail").asText()).contains("connector").contains("[exports]");

        // unchanged mapping: every record maps to what is stored, nothing new
        JsonNode same = replayAndWait(from, to, "check: nothing should change");
        assertThat(same.get("total").asLong()).isEqualTo(2);
        assertThat(same.get("queued").asLong()).isEqualTo(2);
        assertThat(same.get("skipped").asLong()).isZero();
        assertThat(same.get("unchanged").asLong()).isEqualTo(2);
        assertThat(same.get("updated").asLong()).isZero();
        assertThat(versions("MZARC0001")).isEqualTo(1);

        // the mapping is changed (item names get the bureau's suffix) and reloaded: both cases get a new version
        Path mapping = home.root().resolve("mappings/civil/case.jsonata");
        String good = Files.readString(mapping);
        Files.writeString(mapping, good.replace("\"itemName\": `事项名称`,", "\"itemName\": `事项名称` & \"(民政)\","));
        try {
            assertThat(post("/api/v1/ops/mappings/reload", "ops.wang", Map.of("reason", "item names")).getStatusCode()).isEqualTo(HttpStatus.OK);
            JsonNode changed = replayAndWait(from, to, "item names corrected");
            assertThat(changed.get("connector").isNull()).isTrue();
            assertThat(changed.get("updated").asLong()).isEqualTo(2);
            assertThat(changed.get("deadLettered").asLong()).isZero();
        } finally {
            Files.writeString(mapping, good);
        }
        String code = cases.findByDepartmentCase("civil", "MZARC0001").orElseThrow().supervisionCode();
        JsonNode history = get("/api/v1/cases/" + code + "/history", HttpStatus.OK);
        assertThat(history.get("versions")).hasSize(2);
        JsonNode v1 = history.get("versions").get(0);
        JsonNode v2 = history.get("versions").get(1);
        assertThat(v2.at("/case/application/itemName").asText()).isEqualTo("养老机构备案(民政)");
        assertThat(v1.at("/case/application/itemName").asText()).isEqualTo("养老机构备案");
        assertThat(v2.at("/source/rawMessageId").asLong()).as("the same raw record, mapped anew").isEqualTo(v1.at("/source/rawMessageId").asLong());

        JsonNode audit = get("/api/v1/ops/audit?department=civil&limit=2", HttpStatus.OK);
        assertThat(audit.at("/items/0/action").asText()).isEqualTo("replay-archive");
        assertThat(audit.at("/items/0/reason").asText()).isEqualTo("item names corrected");
        assertThat(audit.at("/items/0/affected").asInt()).isEqualTo(2);
        JsonNode list = get("/api/v1/ops/replays", HttpStatus.OK);
        OpenApiContract.assertMatchesComponent("ReplayList", list);
        assertThat(list.get("items")).hasSize(2);
        get("/api/v1/ops/replays/999999", HttpStatus.NOT_FOUND);
    }

    private JsonNode replayAndWait(OffsetDateTime from, OffsetDateTime to, String reason) throws IOException {
        ResponseEntity<String> started = post("/api/v1/ops/replays", "ops.wang",
                Map.of("department", "civil", "from", from.toString(), "to", to.toString(), "reason", reason));
        assertThat(started.getStatusCode()).as(started.getBody()).isEqualTo(HttpStatus.ACCEPTED);
        JsonNode job = json.readTree(started.getBody());
        OpenApiContract.assertMatchesComponent("Replay", job);
        String location = started.getHeaders().getLocation().toString();
        assertThat(location).isEqualTo("/api/v1/ops/replays/" + job.get("id").asLong());
        JsonNode done = await().atMost(Duration.ofSeconds(30)).until(() -> get(location, HttpStatus.OK),
                j -> j.get("state").asText().equals("DONE") && j.get("created").asLong() + j.get("updated").asLong()
                        + j.get("unchanged").asLong() + j.get("stale").asLong() + j.get("deadLettered").asLong() == j.get("queued").asLong());
        OpenApiContract.assertMatchesComponent("Replay", done);
        return done;
    }

    private int versions(String caseNo) throws IOException {
        String code = cases.findByDepartmentCase("civil", caseNo).orElseThrow().supervisionCode();
        return get("/api/v1/cases/" + code + "/history", HttpStatus.OK).get("versions").size();
    }

    private double depthGauge(String queue) {
        var gauge = meters.find("cityhub.queue.depth").tag("queue", queue).gauge();
        return gauge == null ? Double.NaN : gauge.value();
    }

    private List<String> deadLetterIds() throws IOException {
        List<String> ids = new ArrayList<>();
        get("/api/v1/ops/dead-letters?department=civil&limit=500", HttpStatus.OK).get("items").forEach(d -> ids.add(d.get("id").asText()));
        return ids;
    }

    private static List<String> names(JsonNode overview) {
        List<String> names = new ArrayList<>();
        overview.get("items").forEach(q -> names.add(q.get("name").asText()));
        return names;
    }

    private JsonNode get(String path, HttpStatus expected) throws IOException {
        ResponseEntity<String> r = http.getForEntity(path, String.class);
        assertThat(r.getStatusCode()).as(path + ": " + r.getBody()).isEqualTo(expected);
        return json.readTree(r.getBody());
    }

    private ResponseEntity<String> post(String path, String caller, Map<String, Object> body) throws IOException {
        HttpHeaders h = new HttpHeaders();
        h.setContentType(MediaType.APPLICATION_JSON);
        if (caller != null) {
            h.set("X-Cityhub-Caller", caller);
        } else {
            org.cityhub.support.TestClients.anonymous(h); // no credentials at all
        }
        return http.exchange(path, HttpMethod.POST, new HttpEntity<>(json.writeValueAsString(body), h), String.class);
    }

    private RawArchive.Received record(String caseNo, String status, String item) throws IOException {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("办件编号", caseNo);
        r.put("事项名称", item);
        r.put("申请单位", "张秀英");
        r.put("证件类型", "身份证");
        r.put("证件号码", "11010519491231002X");
        r.put("联系人", "张秀英");
        r.put("联系电话", "13823456789");
        r.put("申请时间", "2026-11-21 09:05:00");
        r.put("受理时间", null);
        r.put("承诺时限", "5个工作日");
        r.put("办理状态", status);
        r.put("当前环节", null);
        r.put("经办人", null);
        r.put("办理意见", null);
        r.put("办结时间", null);
        r.put("更新时间", "20261121090500");
        return new RawArchive.Received(caseNo, RecordIntake.JSON, json.writeValueAsString(r).getBytes(StandardCharsets.UTF_8));
    }

    /** A series of the throughput history as a count: rate times step length, summed. */
    private static double sum(JsonNode throughput, String series) {
        double total = 0;
        for (JsonNode step : throughput.get("steps")) {
            total += step.get(series).asDouble() * step.get("seconds").asDouble();
        }
        return total;
    }
}
