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
}
