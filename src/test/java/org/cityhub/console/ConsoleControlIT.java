package org.cityhub.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;


import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Random;
import java.util.logging.Level;

import org.cityhub.demo.AgriculturalMachineryLegacyDb;
import org.cityhub.store.CaseStore;
import org.cityhub.store.IncomingCase;
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
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The console's connector and supervision pages in a real headless browser (Debian's chromium through
 * chromium-driver), against a running hub polling a small department database: pause and resume are clicked,
 * never posted by the test, and their effect is checked on the API and on the rows the hub stores; a case
 * accepted long ago with a short committed limit shows as RED with its deadline, before a nearly late one.
 * Every test ends by checking the browser log for JS errors and the page for missing labels.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsoleControlIT {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    static HikariDataSource legacyDs;
    static AgriculturalMachineryLegacyDb legacy;
    static WebDriver browser;

    @DynamicPropertySource
    static void setUp(DynamicPropertyRegistry registry) throws Exception {
        Path data = Files.createTempDirectory("cityhub-console-control");
        String url = "jdbc:h2:file:" + data.resolve("farm-legacy") + ";MODE=MySQL";
        legacyDs = new HikariDataSource();
        legacyDs.setJdbcUrl(url);
        legacyDs.setUsername("sa");
        AgriculturalMachineryLegacyDb.createSchema(legacyDs);
        legacy = new AgriculturalMachineryLegacyDb(legacyDs, new Random(5));
        legacy.seed(10);
        HubHome home = HubHome.create().connector("farm", """
                department:
                  code: farm
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
                """.formatted(url));
        registry.add("cityhub.home", () -> home.root().toString());
        registry.add("cityhub.data-dir", data::toString);
        registry.add("cityhub.demo.enabled", () -> "false");
        HeadlessChromium.person(registry, "ops.zhao");
        registry.add("cityhub.supervision.feed-period", () -> "PT0.3S");
        registry.add("cityhub.supervision.sweep-period", () -> "PT0.3S");
    }

    @BeforeAll
    static void openBrowser() {
        browser = HeadlessChromium.start();
    }

    @AfterAll
    static void closeAll() {
        if (browser != null) {
            browser.quit();
        }
        legacyDs.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    TestRestTemplate http;
    @Autowired
    ObjectMapper json;
    @Autowired
    CaseStore cases;

    private void open(String path) {
        HeadlessChromium.open(browser, "http://127.0.0.1:" + port + path, "ops.zhao");
    }

    /** Waits without sleeping; an element replaced by the page's refresh while read is simply read again. */
    private FluentWait<WebDriver> waiting() {
        return new WebDriverWait(browser, WAIT, Duration.ofMillis(200)).ignoring(StaleElementReferenceException.class);
    }

    private WebElement element(String id) {
        return waiting().until(ExpectedConditions.presenceOfElementLocated(By.id(id)));
    }

    private String text(By by) {
        return waiting().until(d -> d.findElement(by).getText());
    }

    private void click(By by) {
        waiting().until(d -> {
            d.findElement(by).click();
            return true;
        });
    }

    private String stateOnPage() {
        return waiting().until(d -> d.findElement(By.cssSelector("#connector-farm-cases .connector-state")).getDomAttribute("data-state"));
    }

    private JsonNode api(String path) throws IOException {
        ResponseEntity<String> r = http.getForEntity(path, String.class);
        assertThat(r.getStatusCode()).as("GET %s: %s", path, r.getBody()).isEqualTo(HttpStatus.OK);
        return json.readTree(r.getBody());
    }

    /** The connector as GET /api/v1/connectors lists it. */
    private JsonNode listed() throws IOException {
        for (JsonNode c : api("/api/v1/connectors").get("items")) {
            if ("farm".equals(c.get("department").asText()) && "cases".equals(c.get("connector").asText())) {
                return c;
            }
        }
        throw new AssertionError("farm/cases is not in GET /api/v1/connectors");
    }

    /** No page may log a JS error or fail to load a resource; no label may be missing in the shown language. */
    @AfterEach
    void noErrorsInTheBrowser() {
        List<LogEntry> severe = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertThat(severe).as("browser log").isEmpty();
        assertThat(browser.getPageSource()).as("a label missing from the message files shows as ??key??").doesNotContain("??");
    }

    @Test
    void pauseClickedInTheBrowserStopsTheConnectorAndResumeBringsItBackAuditedWithTheCallersName() throws Exception {
        await().atMost(WAIT).until(() -> cases.countCases("farm") == 10);
        open("/console/connectors");
        waiting().until(d -> "RUNNING".equals(stateOnPage()));
        assertThat(text(By.cssSelector("#connector-farm-cases .connector-state"))).isEqualTo("运行中");
        JsonNode before = listed();
        assertThat(text(By.id("connector-farm-cases"))).contains(before.get("watermark").asText());
        assertThat(browser.findElements(By.id("connector-action-farm-cases-resume"))).isEmpty();
        element("reason").sendKeys("农机局数据库维护");
        click(By.id("connector-action-farm-cases-pause"));
        waiting().until(d -> "PAUSED".equals(stateOnPage()));
        assertThat(text(By.cssSelector("#connector-farm-cases .connector-state"))).isEqualTo("已暂停");
        assertThat(text(By.id("connector-farm-cases"))).contains("ops.zhao", "农机局数据库维护");
        JsonNode paused = listed();
        assertThat(paused.get("state").asText()).isEqualTo("PAUSED");
        assertThat(paused.get("pausedBy").asText()).isEqualTo("ops.zhao");

        // the bureau writes new rows now (their sync time is after the watermark): a paused connector leaves them
        legacy.seed(2);
        legacy.correctResult(11, "准予许可，已发证", LocalDateTime.now());
        legacy.correctResult(12, "准予许可，已发证", LocalDateTime.now());
        Thread.sleep(1500); // five poll periods: a running connector would have read them
        assertThat(cases.countCases("farm")).isEqualTo(10);

        element("reason").sendKeys("维护结束");
        click(By.id("connector-action-farm-cases-resume"));
        waiting().until(d -> "RUNNING".equals(stateOnPage()));
        assertThat(listed().get("state").asText()).isEqualTo("RUNNING");
        await().atMost(WAIT).until(() -> cases.countCases("farm") == 12);

        // the department's audit names the caller typed in the browser, on the API and on its console page
        JsonNode audit = api("/api/v1/departments/farm/audit").get("items");
        assertThat(audit.get(0).get("action").asText()).isEqualTo("resume cases");
        assertThat(audit.get(0).get("actor").asText()).isEqualTo("ops.zhao");
        assertThat(audit.get(0).get("reason").asText()).isEqualTo("维护结束");
        assertThat(audit.get(1).get("action").asText()).isEqualTo("pause cases");
        assertThat(audit.get(1).get("actor").asText()).isEqualTo("ops.zhao");
        assertThat(audit.get(1).get("reason").asText()).isEqualTo("农机局数据库维护");
        open("/console/departments/farm");
        List<String> actors = waiting().until(d -> {
            List<String> found = d.findElements(By.cssSelector("#audit tbody tr")).stream()
                    .filter(tr -> tr.findElement(By.className("audit-action")).getText().matches("(pause|resume) cases"))
                    .map(tr -> tr.findElement(By.className("audit-action")).getText() + " " + tr.findElement(By.className("audit-actor")).getText())
                    .toList();
            return found.size() >= 2 ? found : null;
        });
        assertThat(actors).containsExactly("resume cases ops.zhao", "pause cases ops.zhao");
    }

    @Test
    void resyncClickedInTheBrowserReadsAgainFromTheTypedWatermarkAndStoresNothingTwice() throws Exception {
        await().atMost(WAIT).until(() -> cases.countCases("farm") >= 10 && "RUNNING".equals(listed().get("state").asText()));
        long stored = cases.countCases("farm");
        open("/console/connectors");
        waiting().until(d -> "RUNNING".equals(stateOnPage()));
        element("watermark").clear();

        // without a watermark the page says what it needs and posts nothing
        int auditBefore = api("/api/v1/departments/farm/audit").get("items").size();
        click(By.id("connector-action-farm-cases-resync"));
        assertThat(waiting().<String>until(d -> d.findElement(By.id("action-result")).getText())).contains("重新同步需要填写起点");
        assertThat(api("/api/v1/departments/farm/audit").get("items")).hasSize(auditBefore);

        element("watermark").sendKeys("2010-01-01T00:00:00");
        element("reason").sendKeys("重读全部办件");
        click(By.id("connector-action-farm-cases-resync"));
        JsonNode entry = await().atMost(WAIT).until(() -> api("/api/v1/departments/farm/audit").get("items").get(0),
                e -> e.get("action").asText().equals("resync cases"));
        assertThat(entry.get("actor").asText()).isEqualTo("ops.zhao");
        assertThat(entry.get("reason").asText()).isEqualTo("重读全部办件");
        assertThat(entry.get("outcome").asText()).isEqualTo("DONE");
        assertThat(entry.get("detail").asText()).contains("→ 2010-01-01T00:00");
        // the table is read again from 2010 and the watermark comes forward again, with nothing stored twice
        await().atMost(WAIT).until(() -> listed().get("watermark").asText().startsWith("20")
                && !listed().get("watermark").asText().startsWith("2010"));
        assertThat(cases.countCases("farm")).isEqualTo(stored);
        waiting().until(d -> !d.findElement(By.id("connector-farm-cases")).getText().contains("2010-01-01"));

        // a watermark the source cannot read is refused with the reason, shown in the page
        element("watermark").clear();
        element("watermark").sendKeys("2019/1/1");
        click(By.id("connector-action-farm-cases-resync"));
        assertThat(waiting().<String>until(d -> {
            String said = d.findElement(By.id("action-result")).getText();
            return said.contains("2019/1/1") ? said : null;
        })).contains("ISO");
        // the browser logs the refused post (400) as an error: that one is expected, nothing else is
        assertThat(browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage))
                .singleElement().asString().contains("/api/v1/connectors/farm/cases/actions", "400");
    }

    @Test
    void aLateCaseShowsRedWithItsDeadlineBeforeANearlyLateOneAndOnTheCaseLookup() throws IOException {
        // accepted Mon 2 Mar 2026, 10 working days: due at 24:00 of Mon 16 Mar (as in SupervisionIT), long past
        String late = store(caseDoc("GH-LATE-1", "2026-03-02T09:00:00+08:00", 10, "WORKING_DAY"));
        // accepted 19 days ago with 20 calendar days: counting began the next day, so 90% of the limit passed at
        // today's midnight and the deadline is tomorrow's end: YELLOW all today and tomorrow (a run across midnight too)
        String acceptedDay = LocalDate.now(CHINA).minusDays(19) + "T09:00:00+08:00";
        String nearly = store(caseDoc("GH-SOON-1", acceptedDay, 20, "CALENDAR_DAY"));

        open("/console/supervision");
        waiting().until(d -> d.findElements(By.id("supervision-" + late)).size() == 1
                && d.findElements(By.id("supervision-" + nearly)).size() == 1);
        By lateRow = By.id("supervision-" + late);
        assertThat(waiting().<String>until(d -> d.findElement(lateRow).findElement(By.className("case-light")).getDomAttribute("data-light")))
                .isEqualTo("RED");
        assertThat(text(By.cssSelector("#supervision-" + late + " .case-deadline"))).isEqualTo("2026-03-17 00:00:00");
        assertThat(text(lateRow)).contains("红灯", "land");
        assertThat(waiting().<String>until(d -> d.findElement(By.id("supervision-" + nearly)).findElement(By.className("case-light"))
                .getDomAttribute("data-light"))).isEqualTo("YELLOW");
        List<String> order = browser.findElements(By.cssSelector("#supervision-cases tbody tr")).stream()
                .map(tr -> tr.getDomAttribute("id")).toList();
        assertThat(order).containsExactly("supervision-" + late, "supervision-" + nearly);

        // the API agrees on the light and the deadline
        JsonNode red = api("/api/v1/supervision/alerts?light=RED&department=land").get("items");
        assertThat(red).hasSize(1);
        assertThat(red.get(0).get("supervisionCode").asText()).isEqualTo(late);
        assertThat(red.get(0).get("deadline").asText()).isEqualTo("2026-03-17T00:00:00+08:00");

        // the summary counts per light; the filter narrows to the red ones
        assertThat(text(By.cssSelector("#summary-land .count-RED"))).isEqualTo("1");
        assertThat(text(By.cssSelector("#summary-land .count-YELLOW"))).isEqualTo("1");
        open("/console/supervision?light=RED&department=land");
        waiting().until(d -> d.findElements(By.id("supervision-" + late)).size() == 1);
        assertThat(browser.findElements(By.id("supervision-" + nearly))).isEmpty();

        // the supervision code links to the case lookup, which shows the light too
        click(By.linkText(late));
        assertThat(text(By.id("case-supervision-code"))).isEqualTo(late);
        assertThat(waiting().<String>until(d -> d.findElement(By.id("case-light")).getDomAttribute("data-light"))).isEqualTo("RED");
    }

    @Test
    void bothPagesHaveEnglishLabelsOnceChosen() {
        open("/console/connectors?lang=en");
        waiting().until(d -> d.findElement(By.tagName("h1")).getText().equals("Connectors"));
        assertThat(text(By.id("nav-supervision"))).isEqualTo("Supervision");
        assertThat(browser.getPageSource()).doesNotContain("??");
        assertThat(text(By.cssSelector("#connector-farm-cases .connector-state"))).isIn("Running", "Paused");
        click(By.id("nav-supervision"));
        waiting().until(d -> d.findElement(By.tagName("h1")).getText().equals("Supervision"));
        assertThat(text(By.id("supervision-summary"))).contains("Lights per department");
        assertThat(browser.getPageSource()).doesNotContain("??");
        click(By.id("lang-zh"));
        waiting().until(d -> d.findElement(By.tagName("h1")).getText().equals("电子监察"));
        click(By.id("nav-connectors"));
        waiting().until(d -> d.findElement(By.tagName("h1")).getText().equals("连接器"));
    }

    private static ObjectNode caseDoc(String no, String acceptedAt, int limit, String unit) {
        ObjectNode c = new ObjectMapper().createObjectNode();
        c.put("departmentCaseNo", no);
        c.put("status", "IN_REVIEW");
        c.put("updatedAt", acceptedAt);
        ObjectNode app = c.putObject("application");
        app.put("itemName", "建设用地规划许可证核发");
        app.putObject("applicant").put("name", "重庆市涪陵区江东置业有限公司");
        app.put("submittedAt", acceptedAt);
        ObjectNode acc = c.putObject("acceptance");
        acc.put("acceptedAt", acceptedAt);
        acc.putObject("promisedLimit").put("value", limit).put("unit", unit);
        return c;
    }

    private String store(ObjectNode doc) {
        return cases.apply(List.of(new IncomingCase("land", "500102", "cases", null, doc))).get(0).supervisionCode();
    }
}
