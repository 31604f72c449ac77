package org.medsign.hub.security.regression;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium through the system's chromedriver (as the console tests drive it; Selenium Manager never
 * downloads anything), the browser of an administrator who has logged in and then visits another site. Checked
 * against the hub before issue #11: with these settings the attacker's page did read Jolokia and stop a route.
 */
final class HeadlessChromium implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getProperty("medsign.test.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("medsign.test.chromedriver", "/usr/bin/chromedriver"));

    final WebDriver driver;

    private HeadlessChromium(WebDriver driver) {
        this.driver = driver;
    }

    /** Starts the browser, or skips the calling test when chromium is not installed. */
    static HeadlessChromium start() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "browser attack skipped: " + CHROMIUM + " or " + CHROMEDRIVER + " not installed");
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-dev-shm-usage");
        // third-party cookies allowed, as in the browsers a hospital's administrators use: Chromium then also sends
        // cached Basic credentials with another site's requests (with them blocked, its default here, it would not)
        options.setExperimentalOption("prefs", Map.of("profile.cookie_controls_mode", 0,
                "profile.block_third_party_cookies", false));
        return new HeadlessChromium(new ChromeDriver(service, options));
    }

    void open(String url) {
        driver.get(url);
    }

    /** Waits until the element with {@code id} exists and returns its text. */
    String textOf(String id, Duration atMost) {
        return new WebDriverWait(driver, atMost).until(ExpectedConditions.presenceOfElementLocated(By.id(id)))
                .getText();
    }

    String pageSource() {
        return driver.getPageSource();
    }

    @Override
    public void close() {
        driver.quit();
    }
}
