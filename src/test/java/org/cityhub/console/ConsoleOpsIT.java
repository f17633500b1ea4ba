package org.cityhub.console;

import static org.assertj.core.api.Assertions.assertThat;


import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.apache.camel.CamelContext;
import org.cityhub.connector.RecordIntake;
import org.cityhub.store.CaseStore;
import org.cityhub.store.RawArchive;
import org.cityhub.support.HeadlessChromium;
import org.cityhub.support.HubHome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;



import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The queue and dead-letter pages in a real headless browser (Debian's chromium through chromium-driver) against
 * a hub with its real store and embedded broker: a record the mapping cannot map is shown on the dead-letter page
 * with its reason; the code table is fixed on disk, "reload mappings" and "replay" are clicked, and the message
 * really leaves the dead-letter queue and becomes a case, audited under the name typed in the browser. The queue
 * page follows an inbound queue filling and draining by its own refresh. No test posts an action itself.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsoleOpsIT {

    /** The ingest route's consumers on an inbound queue (cityhub.ingest.concurrent-consumers, default 4). */
    static final String CONSUMERS = "4";

    static final Duration WAIT = Duration.ofSeconds(60);

    static HubHome home;
    static WebDriver browser;

    @DynamicPropertySource
    static void setUp(DynamicPropertyRegistry registry) throws IOException {
        Path data = Files.createTempDirectory("cityhub-console-ops");
        Path inbox = Files.createDirectories(data.resolve("inbox/civil"));
        home = HubHome.create().connector("civil", """
                department:
                  code: civil
                  name: 重庆市涪陵区民政局
                  region: "500102"
                mode: fusion
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
        HeadlessChromium.person(registry, "ops.zhao");
        registry.add("cityhub.ops.sample-period", () -> "PT1S");
    }

    @BeforeAll
    static void openBrowser() {
        browser = HeadlessChromium.start();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @LocalServerPort
    int port;
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

    @AfterEach
    void noErrorsInTheBrowser() {
        List<LogEntry> severe = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertThat(severe).as("browser log").isEmpty();
        assertThat(browser.getPageSource()).as("a label missing from the message files shows as ??key??").doesNotContain("??");
    }

    @Test
    void aDeadLetterIsShownWithItsReasonAndAfterTheFixReloadedAndReplayedFromTheBrowser() throws Exception {
        intake.accept("civil", "exports", List.of(record("MZCON0001", "已归档")));
        open("/console/dead-letters?department=civil");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("死信");
        WebElement row = waiting().until(d -> deadLetterRow(d, "MZCON0001"));
        String id = row.getDomAttribute("data-id");
        assertThat(id).startsWith("ID:");
        assertThat(rowText("MZCON0001", ".dl-stage")).isEqualTo("mapping");
        assertThat(rowText("MZCON0001", ".dl-field")).isEqualTo("code table 'status'");
        assertThat(rowText("MZCON0001", ".dl-actual")).contains("已归档");
        assertThat(rowText("MZCON0001", ".dl-attempts")).isEqualTo("1");
        // the page shows what the API has
        JsonNode listed = api("/api/v1/ops/dead-letters?department=civil");
        assertThat(listed.at("/items/0/id").asText()).isEqualTo(id);
        assertThat(rowText("MZCON0001", ".dl-error")).isEqualTo(listed.at("/items/0/error").asText());
        // the payload is collapsed until asked for
        assertThat(waiting().until(d -> deadLetterRow(d, "MZCON0001").findElement(By.className("dl-payload"))).isDisplayed()).isFalse();
        waiting().until(d -> {
            deadLetterRow(d, "MZCON0001").findElement(By.tagName("summary")).click();
            return true;
        });
        assertThat(rowText("MZCON0001", ".dl-payload")).contains("\"办件编号\"", "MZCON0001");

        assertThat(api("/api/v1/ops/queues/hub.dlq.civil").get("depth").asLong()).isEqualTo(1);

        // the fix on disk, then reload clicked
        Path codes = home.root().resolve("mappings/civil/codes/status.yaml");
        Files.writeString(codes, Files.readString(codes).stripTrailing() + "\n  已归档: SUBMITTED\n");
        element("reason").sendKeys("已归档 added to the status table");
        click(By.id("reload-mappings"));
        waiting().until(d -> d.findElement(By.id("ops-result")).getText().startsWith("映射已重新加载"));
        assertThat(text("ops-result")).contains("civil/case");

        // replay clicked: the message leaves the dead-letter queue and becomes a case
        clickInRow("MZCON0001", ".dl-replay");
        waiting().until(d -> d.findElements(By.cssSelector("tr.dead-letter")).isEmpty());
        assertThat(text("ops-result")).isEqualTo("已完成：重放，1 条消息");
        assertThat(attribute("dead-letter-count", "data-count")).isEqualTo("0");
        assertThat(api("/api/v1/ops/dead-letters?department=civil").get("items")).isEmpty();
        assertThat(api("/api/v1/ops/queues/hub.dlq.civil").get("depth").asLong()).isZero();
        waiting().until(d -> cases.findByDepartmentCase("civil", "MZCON0001").isPresent());

        // the audit names the caller typed in the browser, for the reload and the replay
        JsonNode audit = api("/api/v1/ops/audit");
        JsonNode replayed = find(audit, "replay-dead-letters");
        assertThat(replayed.get("actor").asText()).isEqualTo("ops.zhao");
        assertThat(replayed.get("department").asText()).isEqualTo("civil");
        assertThat(replayed.get("outcome").asText()).isEqualTo("DONE");
        assertThat(replayed.get("affected").asInt()).isEqualTo(1);
        assertThat(replayed.get("messageIds")).extracting(JsonNode::asText).containsExactly(id);
        JsonNode reloaded = find(audit, "reload-mappings");
        assertThat(reloaded.get("actor").asText()).isEqualTo("ops.zhao");
        assertThat(reloaded.get("reason").asText()).isEqualTo("已归档 added to the status table");
    }

    @Test
    void aDeadLetterIsDiscardedOnlyWithAReasonAndReplayAllTakesTheRest() throws Exception {
        intake.accept("civil", "exports", List.of(record("MZCON0101", "已退件"), record("MZCON0102", "已退件"), record("MZCON0103", "已退件")));
        open("/console/dead-letters?department=civil");
        waiting().until(d -> deadLetterRow(d, "MZCON0103"));
        element("reason").clear();

        // a discard says why, or nothing is sent
        clickInRow("MZCON0101", ".dl-discard");
        assertThat(text("ops-result")).isEqualTo("丢弃须填写原因");
        assertThat(api("/api/v1/ops/queues/hub.dlq.civil").get("depth").asLong()).isEqualTo(3);
        element("reason").sendKeys("test record, withdrawn by the bureau");
        clickInRow("MZCON0101", ".dl-discard");
        waiting().until(d -> d.findElements(By.cssSelector("tr.dead-letter[data-record-key='MZCON0101']")).isEmpty());
        assertThat(browser.findElements(By.cssSelector("tr.dead-letter"))).hasSize(2);
        JsonNode discarded = find(api("/api/v1/ops/audit?department=civil"), "discard-dead-letters");
        assertThat(discarded.get("actor").asText()).isEqualTo("ops.zhao");
        assertThat(discarded.get("reason").asText()).isEqualTo("test record, withdrawn by the bureau");

        // the code table fixed, reloaded, and all of the department replayed at once
        Path codes = home.root().resolve("mappings/civil/codes/status.yaml");
        Files.writeString(codes, Files.readString(codes).stripTrailing() + "\n  已退件: SUBMITTED\n");
        click(By.id("reload-mappings"));
        waiting().until(d -> d.findElement(By.id("ops-result")).getText().startsWith("映射已重新加载"));
        click(By.id("replay-all"));
        waiting().until(d -> d.findElements(By.cssSelector("tr.dead-letter")).isEmpty());
        assertThat(text("ops-result")).isEqualTo("已完成：重放本部门全部死信，2 条消息");
        waiting().until(d -> cases.findByDepartmentCase("civil", "MZCON0102").isPresent()
                && cases.findByDepartmentCase("civil", "MZCON0103").isPresent());
        assertThat(cases.findByDepartmentCase("civil", "MZCON0101")).isEmpty();
        assertThat(api("/api/v1/ops/queues/hub.dlq.civil").get("depth").asLong()).isZero();
    }

    @Test
    void theQueuePageFollowsAnInboundQueueFillingAndDrainingByItself() throws Exception {
        open("/console/queues");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("队列");
        for (String q : List.of("hub.inbound.civil", "hub.outbound.civil", "hub.dlq.civil", "hub.dlq.broker")) {
            element("queue-" + q);
        }
        waiting().until(d -> cell(d, "hub.inbound.civil", "queue-consumers").equals(CONSUMERS));

        camel.getRouteController().stopRoute("civil-ingest-map");
        try {
            intake.accept("civil", "exports", List.of(record("MZCON0201", "待受理"), record("MZCON0202", "待受理")));
            // the open page shows the waiting messages and the stopped route by its own refresh
            waiting().until(d -> cell(d, "hub.inbound.civil", "queue-depth").equals("2")
                    && cell(d, "hub.inbound.civil", "queue-consumers").equals("0"));
            String marked = attribute("queue-hub.inbound.civil", "class");
            assertThat(marked).as("a queue nobody consumes is marked").contains("bad");
            String oldest = waiting().until(d -> cell(d, "hub.inbound.civil", "queue-oldest"));
            assertThat(oldest).contains("秒前");
            JsonNode inbound = api("/api/v1/ops/queues/hub.inbound.civil");
            assertThat(inbound.get("depth").asLong()).isEqualTo(2);
            assertThat(inbound.get("consumers").asInt()).isZero();
        } finally {
            camel.getRouteController().startRoute("civil-ingest-map");
        }
        waiting().until(d -> cell(d, "hub.inbound.civil", "queue-depth").equals("0")
                && cell(d, "hub.inbound.civil", "queue-consumers").equals(CONSUMERS));
        // rates appear once the sampler has two samples
        waiting().until(d -> !cell(d, "hub.inbound.civil", "queue-added-rate").equals("–"));
        assertThat(cases.findByDepartmentCase("civil", "MZCON0202")).isPresent();
        // the throughput chart draws the two records received and processed, from the sampler's history
        waiting().until(d -> plotsAboveZero(d, "received") && plotsAboveZero(d, "processed"));
        assertThat(text("throughput-latest")).contains("入站", "已处理", "转死信");

        click(By.id("lang-en"));
        waiting().until(d -> d.findElement(By.tagName("h1")).getText().equals("Queues"));
        assertThat(text("queue-hub.dlq.civil")).contains("Dead letters");
        click(By.id("nav-dead-letters"));
        waiting().until(d -> d.findElement(By.tagName("h1")).getText().equals("Dead letters"));
        click(By.id("lang-zh"));
        waiting().until(d -> d.findElement(By.tagName("h1")).getText().equals("死信"));
    }

    /** Whether the throughput chart's line for a series rises above the axis somewhere (the y axis points down). */
    private static boolean plotsAboveZero(WebDriver d, String series) {
        List<WebElement> lines = d.findElements(By.cssSelector("#throughput polyline." + series));
        if (lines.isEmpty()) {
            return false;
        }
        String points = lines.get(0).getAttribute("points");
        if (points == null || points.isBlank()) {
            return false;
        }
        for (String point : points.strip().split("\\s+")) {
            if (Double.parseDouble(point.substring(point.indexOf(',') + 1)) < 100) {
                return true;
            }
        }
        return false;
    }

    private void open(String path) {
        HeadlessChromium.open(browser, "http://127.0.0.1:" + port + path, "ops.zhao");
    }

    private FluentWait<WebDriver> waiting() {
        return new WebDriverWait(browser, WAIT, Duration.ofMillis(200)).ignoring(StaleElementReferenceException.class);
    }

    private WebElement element(String id) {
        return waiting().until(ExpectedConditions.presenceOfElementLocated(By.id(id)));
    }

    private String text(String id) {
        return waiting().until(d -> d.findElement(By.id(id)).getText());
    }

    private String attribute(String id, String name) {
        return waiting().until(d -> d.findElement(By.id(id)).getDomAttribute(name));
    }

    private void click(By by) {
        waiting().until(d -> {
            d.findElement(by).click();
            return true;
        });
    }

    private static WebElement deadLetterRow(WebDriver d, String recordKey) {
        List<WebElement> rows = d.findElements(By.cssSelector("tr.dead-letter[data-record-key='" + recordKey + "']"));
        return rows.isEmpty() ? null : rows.get(0);
    }

    private String rowText(String recordKey, String css) {
        return waiting().until(d -> deadLetterRow(d, recordKey).findElement(By.cssSelector(css)).getText());
    }

    private void clickInRow(String recordKey, String css) {
        waiting().until(d -> {
            deadLetterRow(d, recordKey).findElement(By.cssSelector(css)).click();
            return true;
        });
    }

    private static String cell(WebDriver d, String queue, String cls) {
        return d.findElement(By.id("queue-" + queue)).findElement(By.className(cls)).getText();
    }

    private JsonNode api(String path) throws IOException {
        ResponseEntity<String> r = http.getForEntity(path, String.class);
        assertThat(r.getStatusCode()).as("GET %s: %s", path, r.getBody()).isEqualTo(HttpStatus.OK);
        return json.readTree(r.getBody());
    }

    /** The newest audit entry of an action. */
    private static JsonNode find(JsonNode audit, String action) {
        for (JsonNode e : audit.get("items")) {
            if (e.get("action").asText().equals(action)) {
                return e;
            }
        }
        throw new AssertionError("no " + action + " in " + audit);
    }

    private RawArchive.Received record(String caseNo, String status) throws IOException {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("办件编号", caseNo);
        r.put("事项名称", "养老机构备案");
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
}
