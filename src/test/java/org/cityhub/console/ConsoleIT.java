package org.cityhub.console;

import static org.assertj.core.api.Assertions.assertThat;


import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.logging.Level;

import org.cityhub.demo.AgriculturalMachineryLegacyDb;
import org.cityhub.demo.CivilAffairsFileDrops;
import org.cityhub.support.HeadlessChromium;
import org.cityhub.support.HubHome;
import org.cityhub.support.OpenApiContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
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
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The ops console in a real headless browser (Debian's chromium through chromium-driver, as installed by
 * {@code .ci/run}) against a running hub with its real store, broker and connectors: a file-drop
 * department whose cases arrive while the page is open, one whose connector file is broken, and a
 * retire-mode department with a small legacy database. Actions are clicked, never posted by the test; what
 * the pages show is checked against the API. Every test ends by checking the browser log for JS errors.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsoleIT {

    /** Legacy rows of the retire-mode department; two of them its mapping rejects. */
    static final int LEGACY_ROWS = 40;
    static final Duration WAIT = Duration.ofSeconds(60);

    static Path inbox;
    static HikariDataSource legacyDs;
    static WebDriver browser;

    @DynamicPropertySource
    static void setUp(DynamicPropertyRegistry registry) throws Exception {
        Path data = Files.createTempDirectory("cityhub-console");
        inbox = data.resolve("inbox/civil");
        String legacyUrl = "jdbc:h2:file:" + data.resolve("nj-legacy") + ";MODE=MySQL";
        legacyDs = new HikariDataSource();
        legacyDs.setJdbcUrl(legacyUrl);
        legacyDs.setUsername("sa");
        AgriculturalMachineryLegacyDb.createSchema(legacyDs);
        new AgriculturalMachineryLegacyDb(legacyDs, new Random(11)).seed(LEGACY_ROWS);
        try (Connection c = legacyDs.getConnection(); Statement st = c.createStatement()) {
            // two records the mapping rejects: a status code of its own, and a resident id with a wrong check digit
            st.execute("UPDATE NJ_XZXK_BJ SET ZT = '99' WHERE ID = 7");
            st.execute("UPDATE NJ_XZXK_BJ SET ZJLX = '1', ZJHM = '110105194912310021' WHERE ID = 23");
        }
        HubHome home = HubHome.create().connector("civil", """
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
                      readLockMinAge: 500
                      period: 200
                """.formatted(inbox)).agriculturalMachineryRetired("nj", legacyUrl, "sa", 7).connector("water", """
                department:
                  code: water
                  name: 重庆市涪陵区水利局
                  region: "500102"
                mode: fusion
                sources:
                  - name: cases
                    template: no-such-template
                    mapping: civil/case
                    parameters: {}
                """);
        registry.add("cityhub.home", () -> home.root().toString());
        registry.add("cityhub.data-dir", data::toString);
        registry.add("cityhub.demo.enabled", () -> "false");
        HeadlessChromium.person(registry, "ops.li");
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

    private void open(String path) {
        HeadlessChromium.open(browser, "http://127.0.0.1:" + port + path, "ops.li");
    }

    /** Waits without sleeping; an element replaced by the page's refresh while read is simply read again. */
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

    private int count(String css) {
        return browser.findElements(By.cssSelector(css)).size();
    }

    private JsonNode api(String path) throws IOException {
        ResponseEntity<String> r = http.getForEntity(path, String.class);
        assertThat(r.getStatusCode()).as("GET %s: %s", path, r.getBody()).isEqualTo(HttpStatus.OK);
        return json.readTree(r.getBody());
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
    void overviewShowsDepartmentsWithProblemsAndCasesArrivingWhileThePageIsOpen() throws IOException {
        open("/console");
        // a file that cannot be read has no name to show: the department is known by its code
        assertThat(text("department-water")).contains("water", "配置无效");
        String problem = waiting().until(d -> d.findElement(By.cssSelector("#department-water .problem")).getText());
        assertThat(problem)
                .as("the broken connector's problem, as the API gives it")
                .isEqualTo(api("/api/v1/departments/water").get("connectorProblem").asText())
                .contains("water.yaml", "sources[0].template");
        assertThat(text("department-civil")).contains("审批系统融合", "运行中");
        assertThat(text("department-nj")).contains("弃用原有审批系统");

        // cases dropped now appear on the open page by its own refresh, with no reload
        Object marker = ((JavascriptExecutor) browser).executeScript("window.notReloaded = true; return true;");
        assertThat(marker).isEqualTo(true);
        new CivilAffairsFileDrops(inbox, new Random(3), Clock.systemDefaultZone()).exportHistory(5);
        String code = waiting().until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector("#changes a.code"));
            return found.size() >= 5 ? found.get(0).getText() : null;
        });
        assertThat(((JavascriptExecutor) browser).executeScript("return window.notReloaded === true;")).isEqualTo(true);
        assertThat(text("traffic-total")).doesNotStartWith("最近一小时共 0 ");
        assertThat(count("#traffic svg rect")).isEqualTo(Traffic.MINUTES);

        // a change links to the case lookup, which shows what the API has for that case
        JsonNode theCase = api("/api/v1/cases/" + code);
        OpenApiContract.assertIsCase(theCase);
        click(By.linkText(code));
        assertThat(text("case-supervision-code")).isEqualTo(code);
        assertThat(attribute("case-status", "data-status")).isEqualTo(theCase.get("status").asText());
        assertThat(count("#case-steps tbody tr")).isEqualTo(Math.max(1, theCase.path("steps").size()));
        assertThat(count("#case-history tbody tr")).isEqualTo(api("/api/v1/cases/" + code + "/history").get("versions").size());
    }

    @Test
    void anActionClickedInTheBrowserMovesTheDepartmentOnAndTheAuditShowsWhoSignedIn() throws IOException {
        open("/console/departments/civil");
        assertThat(attribute("lifecycle", "data-state")).isEqualTo("ONBOARDING");

        // who acts is who signed in: the page says so
        assertThat(text("signed-in")).contains("ops.li");
        element("reason").sendKeys("上线工单 4711");
        click(By.id("action-activate"));
        waiting().until(d -> "ACTIVE".equals(d.findElement(By.id("lifecycle")).getDomAttribute("data-state")));
        assertThat(text("lifecycle")).isEqualTo("已投入使用");
        List<String> clicked = waiting().until(d -> d.findElements(By.cssSelector("#audit tbody tr")).stream()
                .filter(tr -> tr.findElement(By.className("audit-actor")).getText().equals("ops.li"))
                .map(tr -> List.of(tr.findElement(By.className("audit-action")).getText(),
                        tr.findElement(By.className("audit-reason")).getText()))
                .findFirst().orElse(null));
        assertThat(clicked).containsExactly("activate", "上线工单 4711");

        // the API tells the same: the department is in service, and the audit names the caller from the browser
        JsonNode department = api("/api/v1/departments/civil");
        OpenApiContract.assertMatchesComponent("Department", department);
        assertThat(department.get("state").asText()).isEqualTo("ACTIVE");
        JsonNode audit = api("/api/v1/departments/civil/audit");
        OpenApiContract.assertMatchesComponent("AuditList", audit);
        assertThat(audit.get("items").get(0).get("actor").asText()).isEqualTo("ops.li");
        assertThat(audit.get("items").get(0).get("reason").asText()).isEqualTo("上线工单 4711");

    }

    @Test
    void aRetireDepartmentsMigrationAndReconciliationShowAndAnOperatorVerifiesIt() throws IOException {
        open("/console/departments/nj");
        assertThat(attribute("lifecycle", "data-state")).isEqualTo("ONBOARDING");
        element("reason").sendKeys("switch-off plan");
        click(By.id("action-start-migration"));

        // the page follows the migration by itself until the report says only the rejected records differ
        waiting().until(d -> "COMPLETED".equals(d.findElement(By.id("migration-state")).getDomAttribute("data-state")));
        waiting().until(d -> {
            List<WebElement> kinds = d.findElements(By.cssSelector("#report-differences li"));
            return !kinds.isEmpty() && kinds.stream().allMatch(li -> "REJECTED".equals(li.getDomAttribute("data-kind")));
        });
        JsonNode report = api("/api/v1/departments/nj/migration/report");
        OpenApiContract.assertMatchesComponent("ReconciliationReport", report);
        assertThat(attribute("report-verdict", "data-reconciled")).isEqualTo("false");
        assertThat(count("#report-rejected tbody tr")).isEqualTo(report.get("rejected").size()).isEqualTo(2);
        assertThat(text("report")).contains(report.at("/checksum/legacy").asText());

        String csvLink = attribute("report-csv", "href");
        ResponseEntity<String> csv = http.getForEntity(csvLink, String.class);
        assertThat(csv.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(csv.getHeaders().getContentType().isCompatibleWith(MediaType.parseMediaType("text/csv"))).isTrue();

        click(By.id("accept-rejected"));
        element("reason").sendKeys("two rejected records checked with the bureau");
        click(By.id("action-verify"));
        waiting().until(d -> "VERIFIED".equals(d.findElement(By.id("lifecycle")).getDomAttribute("data-state")));
        assertThat(api("/api/v1/departments/nj").get("state").asText()).isEqualTo("VERIFIED");
        assertThat(api("/api/v1/departments/nj/audit").get("items").get(0).get("actor").asText()).isEqualTo("ops.li");
    }

    @Test
    void labelsAreChineseByDefaultAndEnglishOnceChosenOnEveryPage() {
        open("/console");
        assertThat(text("nav-overview")).isEqualTo("总览");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("总览");

        click(By.id("lang-en"));
        waiting().until(d -> d.findElement(By.tagName("h1")).getText().equals("Overview"));
        assertThat(text("department-civil")).contains("System fusion");

        // the choice holds on the other pages
        click(By.id("nav-alerts"));
        waiting().until(d -> d.findElement(By.tagName("h1")).getText().equals("Alerts"));
        click(By.id("nav-callouts"));
        waiting().until(d -> d.findElement(By.tagName("h1")).getText().equals("Call-outs"));
        click(By.id("nav-cases"));
        waiting().until(d -> d.findElement(By.tagName("h1")).getText().equals("Case lookup"));
        element("case-code").sendKeys("not a code");
        click(By.id("case-lookup"));
        assertThat(text("case-problem")).startsWith("Not a supervision code");

        click(By.id("lang-zh"));
        waiting().until(d -> d.findElement(By.tagName("h1")).getText().equals("办件查询"));
        assertThat(browser.getCurrentUrl()).as("the switch keeps the looked-up code").contains("code=not");
        click(By.id("nav-overview"));
        waiting().until(d -> d.findElement(By.tagName("h1")).getText().equals("总览"));
    }
}
