package org.cityhub.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.util.Map;

import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;

/**
 * The browser of the console tests: Debian's headless chromium driven through chromium-driver, never a
 * browser a test tool downloads (that fails on these machines). Its console log is kept, so that a test
 * can require that no page had a JavaScript error.
 */
public final class HeadlessChromium {

    private HeadlessChromium() {
    }

    public static WebDriver start() {
        File driver = new File(System.getProperty("cityhub.test.chromedriver", "/usr/bin/chromedriver"));
        File chromium = new File(System.getProperty("cityhub.test.chromium", "/usr/bin/chromium"));
        assertThat(driver.canExecute()).as("chromium-driver is installed by .ci/run (apt-get install chromium chromium-driver)").isTrue();
        assertThat(chromium.canExecute()).as("chromium is installed by .ci/run (apt-get install chromium chromium-driver)").isTrue();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        // a foreign browser language: the console must choose its language itself
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1400,1000", "--lang=de-DE");
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** The password the console tests give their signed-in people ({@code {noop}}: test configuration only). */
    public static final String TEST_PASSWORD = "test-password";

    /**
     * Registers a person for the hub under test: the console's browser tests sign in as them, so that the audit
     * names them. Roles ops and integrator, city scope.
     */
    public static void person(org.springframework.test.context.DynamicPropertyRegistry registry, String name) {
        registry.add("cityhub.security.clients[0].id", () -> name);
        registry.add("cityhub.security.clients[0].password-hash", () -> "{noop}" + TEST_PASSWORD);
        registry.add("cityhub.security.clients[0].roles", () -> "ops,integrator");
    }

    /** Opens a console address, signing in on the way when the hub asks (the session then lasts the class). */
    public static void open(WebDriver browser, String url, String name) {
        browser.get(url);
        if (browser.getCurrentUrl().contains("/login")) {
            browser.findElement(org.openqa.selenium.By.id("username")).sendKeys(name);
            browser.findElement(org.openqa.selenium.By.id("password")).sendKeys(TEST_PASSWORD);
            browser.findElement(org.openqa.selenium.By.id("sign-in")).click();
            new org.openqa.selenium.support.ui.WebDriverWait(browser, java.time.Duration.ofSeconds(30))
                    .until(d -> !d.getCurrentUrl().contains("/login"));
            browser.get(url);
        }
    }
}
