package org.cityhub.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import org.cityhub.demo.CivilAffairsFileDrops;
import org.cityhub.store.CaseStore;
import org.cityhub.store.RawArchive;
import org.cityhub.support.HubHome;
import org.cityhub.support.TestClients;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Hostile input, each kind tried against a running hub (real HTTP, real SOAP through CXF, real files, the
 * embedded broker and store): every one is refused with a clear error that names the problem, and nothing of
 * it is stored. XML entities (external and expanding) in SOAP pushes and dropped files, oversized bodies
 * (announced and chunked) and files, malformed JSON and CSV, SQL in API parameters, path traversal in request
 * paths and names, supervision codes and feed cursors crafted to break parsing, and a replayed push.
 * (SOAP poll answers: SoapPollIT; SQL injection on PostgreSQL and MariaDB: SqlInjectionIT.)
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HostileInputIT {

    static final String NS = "http://cityhub.example/push/1";
    static final int LIMIT = 64 * 1024;
    static Path data;
    static Path xmlInbox;
    static Path csvInbox;
    static Path jsonInbox;

    @DynamicPropertySource
    static void setUp(DynamicPropertyRegistry registry) throws IOException {
        data = Files.createTempDirectory("cityhub-hostile");
        xmlInbox = data.resolve("inbox/health");
        csvInbox = data.resolve("inbox/civil");
        jsonInbox = data.resolve("inbox/social");
        HubHome home = HubHome.create().connector("market", """
                department:
                  code: market
                  name: 重庆市涪陵区市场监督管理局
                  region: "500102"
                sources:
                  - name: push
                    template: soap-push
                    mapping: land/case
                    parameters:
                      keyField: YWLSH
                """).connector("health", """
                department:
                  code: health
                  name: 卫生健康委
                  region: "500102"
                sources:
                  - name: exports
                    template: file-drop
                    mapping: civil/case
                    parameters:
                      inbox: "%s"
                      format: xml
                      filePattern: "*.xml"
                      recordElement: bjxx
                      readLockMinAge: 300
                      period: 200
                """.formatted(xmlInbox)).connector("civil", """
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
                      readLockMinAge: 300
                      period: 200
                      maxFileBytes: 4096
                """.formatted(csvInbox)).connector("social", """
                department:
                  code: social
                  name: 人力社保局
                  region: "500102"
                sources:
                  - name: exports
                    template: file-drop
                    mapping: civil/case
                    parameters:
                      inbox: "%s"
                      format: json
                      filePattern: "*.json"
                      charset: UTF-8
                      readLockMinAge: 300
                      period: 200
                """.formatted(jsonInbox));
        registry.add("cityhub.home", () -> home.root().toString());
        registry.add("cityhub.data-dir", data::toString);
        registry.add("cityhub.demo.enabled", () -> "false");
        registry.add("cityhub.limits.max-body", () -> "64KB");
    }

    @LocalServerPort
    int port;
    @Autowired
    CaseStore cases;
    @Autowired
    RawArchive archive;
    @Autowired
    JdbcTemplate jdbc;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    // ------------------------------------------------------------------ helpers

    private HttpRequest.Builder request(String pathAndQuery) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery)).timeout(Duration.ofSeconds(30));
        TestClients.withKey(TestClients.ADMIN_KEY).forEach((k, vs) -> vs.forEach(v -> b.header(k, v)));
        return b;
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http.send(request(pathAndQuery).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String contentType, HttpRequest.BodyPublisher body) throws Exception {
        HttpRequest.Builder b = request(path).header("Content-Type", contentType).header("X-Cityhub-Caller", "hostile.test")
                .header("Idempotency-Key", "hostile-" + System.nanoTime());
        if (contentType.startsWith("text/xml")) {
            b.header("SOAPAction", "\"reportCases\"");
        }
        return http.send(b.POST(body).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.BodyPublisher chunked(byte[] bytes) {
        // no Content-Length: the client streams the body chunked
        return HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes));
    }

    private JsonNode problem(HttpResponse<String> r, int status) throws IOException {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        return json.readTree(r.body());
    }

    private static String envelope(String messageId, String records) {
        return "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
                + "<ch:reportCases xmlns:ch=\"" + NS + "\"><messageId>" + messageId + "</messageId>" + records
                + "</ch:reportCases></soap:Body></soap:Envelope>";
    }

    private static String record(String no, String applicant) {
        return """
                <record><YWLSH>%s</YWLSH><SXMC>食品经营许可</SXMC><BJLX>2</BJLX><SQRMC>%s</SQRMC><SQRLX>1</SQRLX>
                <ZJLX>SFZ</ZJLX><ZJHM>11010519491231002X</ZJHM><SQSJ>2026-11-20 09:00:00</SQSJ><BLZT>1</BLZT><CZBS>I</CZBS>
                <XZQH>500102</XZQH><TBSJ>2026-11-20 09:05:00</TBSJ></record>
                """.formatted(no, applicant);
    }

    private long rows(String table) {
        return jdbc.queryForObject("select count(*) from " + table, Long.class);
    }

    private static List<Path> filesIn(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private static String reasonFor(Path inbox, String name) throws IOException {
        Path reason = await().atMost(Duration.ofSeconds(20)).until(() -> filesIn(inbox.resolve(".error")).stream()
                .filter(p -> p.getFileName().toString().endsWith(name + ".reason.txt")).findFirst().orElse(null), p -> p != null);
        return Files.readString(reason);
    }

    private static final String CSV_HEADER = String.join(",", CivilAffairsFileDrops.HEADER);

    private static String csvRow(String no, String remark) {
        return String.join(",", no, "社会团体成立登记", "涪陵区书法家协会", "统一社会信用代码", "51500102MJ0A12345K", "冉德明", "13983214567",
                "2026年11月4日", "2026-11-05 10:20:00", "20个工作日", "已受理", "初审", "谭志勇", remark, "", "20261120163000");
    }

    // ------------------------------------------------------------------ XML entities

    @Test
    void aSoapPushWithAnExternalEntityIsAFaultNamingTheDoctypeAndNothingIsStored() throws Exception {
        long archived = archive.count("market");
        String body = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                + envelope("XXE-1", record("HX0001", "&xxe;"));
        HttpResponse<String> r = post("/services/push/market", "text/xml; charset=utf-8", HttpRequest.BodyPublishers.ofString(body));

        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).contains("Fault").containsPattern("(?i)DTD|DOCTYPE").doesNotContain("root:");
        assertThat(archive.count("market")).isEqualTo(archived);
        assertThat(cases.findByDepartmentCase("market", "HX0001")).isEmpty();
    }

    @Test
    void aSoapPushWithAnEntityBombIsAFaultNamingTheDoctypeAndNothingIsExpandedOrStored() throws Exception {
        long archived = archive.count("market");
        StringBuilder dtd = new StringBuilder("<!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        String prev = "lol";
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"").append(("&" + prev + ";").repeat(10)).append("\">");
            prev = "lol" + i;
        }
        dtd.append("]>");
        String body = "<?xml version=\"1.0\"?>" + dtd + envelope("BOMB-1", record("HX0002", "&lol9;"));
        HttpResponse<String> r = post("/services/push/market", "text/xml; charset=utf-8", HttpRequest.BodyPublishers.ofString(body));

        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).contains("Fault").containsPattern("(?i)DTD|DOCTYPE").doesNotContain("lollollol");
        assertThat(archive.count("market")).isEqualTo(archived);
        assertThat(cases.findByDepartmentCase("market", "HX0002")).isEmpty();
    }

    @Test
    void droppedXmlFilesWithAnExternalEntityOrAnEntityBombGoToErrorWithTheReasonAndNothingIsStored() throws Exception {
        Files.createDirectories(xmlInbox);
        Files.writeString(xmlInbox.resolve("xxe.xml"), """
                <?xml version="1.0"?>
                <!DOCTYPE dc [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                <dc><bjxx><办件编号>WJXXE1</办件编号><申请单位>&xxe;</申请单位></bjxx></dc>
                """);
        Files.writeString(xmlInbox.resolve("bomb.xml"), """
                <?xml version="1.0"?>
                <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
                <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
                <dc><bjxx><办件编号>&lol3;</办件编号></bjxx></dc>
                """);

        assertThat(reasonFor(xmlInbox, "xxe.xml")).containsIgnoringCase("DOCTYPE").doesNotContain("root:");
        assertThat(reasonFor(xmlInbox, "bomb.xml")).containsIgnoringCase("DOCTYPE").doesNotContain("lollol");
        assertThat(archive.count("health")).isZero();
        assertThat(cases.countCases("health")).isZero();
    }

    // ------------------------------------------------------------------ oversized bodies and files

    @Test
    void anOversizedSoapPushIs413WithTheLimitAnnouncedOrChunkedAndNothingIsStored() throws Exception {
        long archived = archive.count("market");
        StringBuilder records = new StringBuilder();
        for (int i = 0; records.length() <= LIMIT; i++) {
            records.append(record("HXBIG" + i, "涪陵区江东餐饮店"));
        }
        byte[] body = envelope("BIG-1", records.toString()).getBytes(StandardCharsets.UTF_8);

        JsonNode announced = problem(post("/services/push/market", "text/xml; charset=utf-8", HttpRequest.BodyPublishers.ofByteArray(body)), 413);
        assertThat(announced.path("detail").asText()).contains("64 KB", String.valueOf(LIMIT), "cityhub.limits.max-body");
        JsonNode streamed = problem(post("/services/push/market", "text/xml; charset=utf-8", chunked(body)), 413);
        assertThat(streamed.path("detail").asText()).contains("64 KB", "without Content-Length");

        assertThat(archive.count("market")).isEqualTo(archived);
        assertThat(cases.findByDepartmentCase("market", "HXBIG0")).isEmpty();
    }

    @Test
    void anOversizedJsonBodyIs413AnnouncedOrChunkedAndNothingIsTakenIn() throws Exception {
        long intakes = rows("intake_request");
        String big = "{\"departments\":[\"drug\"],\"case\":{\"departmentCaseNo\":\"BIG\",\"remark\":\"" + "x".repeat(LIMIT + 10) + "\"}}";
        byte[] bytes = big.getBytes(StandardCharsets.UTF_8);

        JsonNode announced = problem(post("/api/v1/cases", "application/json", HttpRequest.BodyPublishers.ofByteArray(bytes)), 413);
        assertThat(announced.path("detail").asText()).contains("is " + bytes.length + " bytes", "64 KB");
        JsonNode streamed = problem(post("/api/v1/cases", "application/json", chunked(bytes)), 413);
        assertThat(streamed.path("status").asInt()).isEqualTo(413);
        assertThat(streamed.path("detail").asText()).contains("64 KB");

        assertThat(rows("intake_request")).isEqualTo(intakes);
        // below the limit the same endpoint reads bodies as before
        assertThat(post("/api/v1/cases", "application/json", chunked("{}".getBytes(StandardCharsets.UTF_8))).statusCode()).isNotEqualTo(413);
    }

    @Test
    void anOversizedDroppedFileGoesToErrorUnreadWithItsSizeAndTheLimit() throws Exception {
        Files.createDirectories(csvInbox);
        StringBuilder text = new StringBuilder(CSV_HEADER).append("\r\n");
        for (int i = 0; text.length() < 8000; i++) {
            text.append(csvRow("MZHUGE" + i, "大文件")).append("\r\n");
        }
        Files.writeString(csvInbox.resolve("huge.csv"), text, Charset.forName("GB18030"));

        assertThat(reasonFor(csvInbox, "huge.csv")).contains("more than the limit of 4096 bytes", "maxFileBytes", "nothing of it was read");
        assertThat(cases.findByDepartmentCase("civil", "MZHUGE0")).isEmpty();
    }

    // ------------------------------------------------------------------ malformed JSON and CSV

    @Test
    void malformedJsonIs400WithLineAndColumn() throws Exception {
        long intakes = rows("intake_request");
        JsonNode p = problem(post("/api/v1/cases", "application/json",
                HttpRequest.BodyPublishers.ofString("{\"departments\": [\"drug\"],\n \"case\": {\"departmentCaseNo\": \"X\" \"status\": 1}}")), 400);
        assertThat(p.path("detail").asText()).contains("unparsable JSON at line 2 column");
        assertThat(rows("intake_request")).isEqualTo(intakes);

        JsonNode action = problem(post("/api/v1/departments/civil/actions", "application/json",
                HttpRequest.BodyPublishers.ofString("{\"action\": \"activate\",\n \"reason\": }")), 400);
        assertThat(action.path("title").asText()).isEqualTo("Malformed JSON");
        assertThat(action.path("detail").asText()).contains("line 2, column");

        JsonNode truncated = problem(post("/api/v1/ops/replays", "application/json", HttpRequest.BodyPublishers.ofString("{\"department\": \"civ")), 400);
        assertThat(truncated.path("detail").asText()).contains("line 1, column");
    }

    @Test
    void aDroppedCsvWithUnbalancedQuotesGoesToErrorNamingTheLine() throws Exception {
        Files.createDirectories(csvInbox);
        String text = CSV_HEADER + "\r\n" + csvRow("MZQ0001", "正常") + "\r\n" + csvRow("MZQ0002", "\"未闭合的引号,材料齐全") + "\r\n"
                + csvRow("MZQ0003", "正常") + "\r\n";
        Files.writeString(csvInbox.resolve("quotes.csv"), text, Charset.forName("GB18030"));

        assertThat(reasonFor(csvInbox, "quotes.csv")).contains("unbalanced quotes", "line 3");
        assertThat(cases.findByDepartmentCase("civil", "MZQ0001")).isEmpty();
        assertThat(cases.findByDepartmentCase("civil", "MZQ0003")).isEmpty();
    }

    @Test
    void aDroppedJsonFileThatBreaksOffGoesToErrorWithLineAndColumn() throws Exception {
        Files.createDirectories(jsonInbox);
        Files.writeString(jsonInbox.resolve("broken.json"), "[{\"办件编号\":\"RSX1\",\n \"事项名称\": \"社会团体成立登记\" \"申请单位\": 1}]");
        assertThat(reasonFor(jsonInbox, "broken.json")).contains("broken JSON at line 2, column");
        assertThat(cases.countCases("social")).isZero();
    }

    // ------------------------------------------------------------------ SQL through API parameters

    @Test
    void sqlInApiParametersIsRefusedOrTakenAsDataAndEveryTableSurvives() throws Exception {
        String drop = java.net.URLEncoder.encode("x'; drop table exchange_case; --", StandardCharsets.UTF_8);
        String or = java.net.URLEncoder.encode("land' or '1'='1", StandardCharsets.UTF_8);
        long caseRows = rows("exchange_case");

        for (String path : List.of(
                "/api/v1/cases?department=" + or,
                "/api/v1/cases?status=" + java.net.URLEncoder.encode("IN_REVIEW' or 1=1 --", StandardCharsets.UTF_8),
                "/api/v1/cases?after=" + drop,
                "/api/v1/supervision/alerts?department=" + drop,
                "/api/v1/supervision/alerts?light=" + java.net.URLEncoder.encode("RED') or ('1'='1", StandardCharsets.UTF_8),
                "/api/v1/supervision/alerts?after=" + drop,
                "/api/v1/supervision/statistics?department=" + drop,
                "/api/v1/supervision/statistics?from=" + java.net.URLEncoder.encode("2026-01-01' or '1'='1", StandardCharsets.UTF_8))) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).as(path + " → " + r.body()).isEqualTo(400);
            assertThat(json.readTree(r.body()).path("detail").asText()).as(path).isNotBlank();
        }
        // parameters that are looked up: an injection is an unknown value, answered as such (empty or 404), never run
        for (String path : List.of(
                "/api/v1/alerts?department=" + drop,
                "/api/v1/ops/dead-letters?department=" + drop,
                "/api/v1/ops/dead-letters?queue=" + java.net.URLEncoder.encode("hub.dlq.civil'; drop table raw_message; --", StandardCharsets.UTF_8),
                "/api/v1/ops/audit?department=" + drop,
                "/api/v1/callouts/audit?department=" + drop + "&operation=" + or)) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).as(path + " → " + r.body()).isIn(200, 400, 404);
            assertThat(r.body()).as(path).doesNotContainIgnoringCase("SQLException").doesNotContainIgnoringCase("syntax error");
        }
        assertThat(rows("exchange_case")).isEqualTo(caseRows);
        assertThat(rows("raw_message")).isGreaterThanOrEqualTo(0);
        assertThat(rows("case_version")).isGreaterThanOrEqualTo(0);
    }

    // ------------------------------------------------------------------ path traversal

    @Test
    void pathTraversalInRequestPathsIs400AndTouchesNoFile() throws Exception {
        for (String path : List.of(
                "/api/v1/connectors/..%2F..%2Fetc/passwd",
                "/api/v1/connectors/%2e%2e/%2e%2e/etc/passwd",
                "/api/v1/connectors/land/..%2F..%2F..%2Fetc%2Fpasswd",
                "/api/v1/connectors/land/%2e%2e%5c%2e%2e%5cwin.ini",
                "/api/v1/departments/land%00/audit",
                "/api/v1/departments/..%252F..%252Fetc/audit",
                "/api/v1/ops/queues/..%2Fhub.dlq.land",
                "/api/v1/ops/queues/hub..dlq",
                "/api/v1/cases/..%2F..%2Fetc%2Fpasswd/history",
                "/services/push/..%2F..%2Fetc%2Fpasswd",
                "/contract/..%2F..%2Fapplication.yml",
                "/api/v1/departments/civil/migration/report?format=..%2F..%2F..%2Fetc%2Fpasswd")) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).as(path + " → " + r.body()).isEqualTo(400);
            assertThat(r.body()).as(path).doesNotContain("root:").doesNotContain("datasource");
        }
        JsonNode p = problem(get("/api/v1/connectors/LAND/Cases"), 400);
        assertThat(p.path("detail").asText()).startsWith("department: expected a code of lowercase letters");
    }

    @Test
    void connectorValidationTakesNoFileNameFromOutsideAndWritesNothingOutsideItsTempFolder() throws Exception {
        JsonNode p = problem(post("/api/v1/connectors/validate?department=" + java.net.URLEncoder.encode("../../etc/passwd", StandardCharsets.UTF_8),
                "application/yaml", HttpRequest.BodyPublishers.ofString("department: {code: x}")), 400);
        assertThat(p.path("detail").asText()).contains("department");

        Path outside = data.resolve("outside-" + System.nanoTime());
        String yaml = """
                department: {code: water, name: 水利局, region: "500102"}
                sources:
                  - name: exports
                    template: file-drop
                    mapping: ../../../etc/passwd
                    parameters: {inbox: "%s"}
                """.formatted(outside);
        HttpResponse<String> r = post("/api/v1/connectors/validate?department=water", "application/yaml", HttpRequest.BodyPublishers.ofString(yaml));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json.readTree(r.body()).path("valid").asBoolean()).isFalse();
        assertThat(r.body()).contains("mapping").doesNotContain("root:");
        assertThat(outside).doesNotExist();
    }

    @Test
    void aDroppedFileWithAHostileNameStaysInsideTheInbox() throws Exception {
        Files.createDirectories(csvInbox);
        String name = "escape..%2F..%2F 名字 ..csv";
        Files.writeString(csvInbox.resolve(name), CSV_HEADER + "\r\n" + csvRow("MZNAME01", "名字古怪的文件") + "\r\n", Charset.forName("GB18030"));

        await().atMost(Duration.ofSeconds(30)).until(() -> cases.findByDepartmentCase("civil", "MZNAME01").isPresent());
        await().atMost(Duration.ofSeconds(10)).until(() -> filesIn(csvInbox.resolve(".done")).stream()
                .anyMatch(p -> p.getFileName().toString().endsWith(name)));
        try (Stream<Path> all = Files.walk(data)) {
            assertThat(all.filter(p -> p.getFileName().toString().contains("escape"))).allSatisfy(p -> assertThat(p.getParent()).isEqualTo(csvInbox.resolve(".done")));
        }
    }

    // ------------------------------------------------------------------ supervision codes and cursors

    @Test
    void craftedSupervisionCodesAre400WithAPreciseReasonNever500() throws Exception {
        for (String code : List.of("5".repeat(2000), "50010220261121ABCDEFGH%00K", "%E5%BC%A0%E4%B8%89", "9".repeat(40),
                "50010220261121ABCDEFGH2K", "%27%20or%20%271%27%3D%271", "500102-2026-1121-ABCD-EFGH-2K7%0A")) {
            HttpResponse<String> r = get("/api/v1/cases/" + code);
            assertThat(r.statusCode()).as(code + " → " + r.body()).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).as(code + " → " + r.body()).startsWith("application/problem+json");
            assertThat(json.readTree(r.body()).path("detail").asText()).as(code).isNotBlank().doesNotContain("Exception");
        }
    }

    @Test
    void craftedFeedCursorsAndLimitsAre400WithAPreciseReasonNever500() throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        for (String after : List.of("A".repeat(5000), "%00", "djE6MQ%00", "%E5%BC%A0", b64.encodeToString("v1:99999999999999999999".getBytes()),
                b64.encodeToString("v1:-1".getBytes()), b64.encodeToString("v1:1 or 1=1".getBytes()), b64.encodeToString("v2:1".getBytes()))) {
            HttpResponse<String> r = get("/api/v1/cases?after=" + after);
            assertThat(r.statusCode()).as(after + " → " + r.body()).isEqualTo(400);
            assertThat(json.readTree(r.body()).path("detail").asText()).as(after).isNotBlank();
        }
        for (String path : List.of("/api/v1/cases?limit=99999999999999999999", "/api/v1/cases?limit=-1", "/api/v1/cases?limit=%00",
                "/api/v1/alerts?limit=99999999999999999999", "/api/v1/ops/dead-letters?limit=1e99", "/api/v1/ops/replays/99999999999999999999")) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).as(path + " → " + r.body()).isEqualTo(400);
            assertThat(json.readTree(r.body()).path("detail").asText()).as(path).isNotBlank();
        }
    }

    // ------------------------------------------------------------------ replayed push

    @Test
    void aReplayedPushIsRecognisedAndStoredOnce() throws Exception {
        String body = envelope("REPLAY-1", record("HXREPLAY1", "涪陵区江东餐饮店"));
        HttpResponse<String> first = post("/services/push/market", "text/xml; charset=utf-8", HttpRequest.BodyPublishers.ofString(body));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(first.body()).contains("<accepted>1</accepted>");
        long archived = archive.count("market");

        HttpResponse<String> again = post("/services/push/market", "text/xml; charset=utf-8", HttpRequest.BodyPublishers.ofString(body));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("<accepted>0</accepted>", "<alreadyReceived>1</alreadyReceived>");

        await().atMost(Duration.ofSeconds(20)).until(() -> cases.findByDepartmentCase("market", "HXREPLAY1").isPresent());
        assertThat(archive.count("market")).isEqualTo(archived);
        assertThat(jdbc.queryForObject("select count(*) from case_version v join exchange_case c on c.id = v.case_id"
                + " where c.department = 'market' and c.department_case_no = 'HXREPLAY1'", Long.class)).isEqualTo(1);
    }
}
