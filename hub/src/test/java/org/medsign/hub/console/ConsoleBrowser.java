package org.medsign.hub.console;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium driven through the system's chromedriver ({@code apt-get install chromium
 * chromium-driver}); Selenium Manager is never asked to download anything. One browser per test class.
 */
final class ConsoleBrowser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getProperty("medsign.test.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("medsign.test.chromedriver", "/usr/bin/chromedriver"));

    final WebDriver driver;
    private final String base;

    private ConsoleBrowser(WebDriver driver, String base) {
        this.driver = driver;
        this.base = base;
    }

    /** Starts the browser, or skips the calling test class (with the reason) when chromium is not installed. */
    static ConsoleBrowser start(int port) {
        ChromeOptions options = new ChromeOptions();
        // --lang en-US: the console must be Chinese by default whatever the browser's language
        options.addArguments("--window-size=1400,1000", "--lang=en-US");
        return start(port, options);
    }

    /** Like {@link #start(int)}, saving downloads (without asking) into {@code downloads}. */
    static ConsoleBrowser start(int port, Path downloads) {
        ChromeOptions options = new ChromeOptions();
        options.addArguments("--window-size=1400,1000", "--lang=en-US");
        options.setExperimentalOption("prefs", java.util.Map.of("download.default_directory",
                downloads.toAbsolutePath().toString(), "download.prompt_for_download", false));
        return start(port, options);
    }

    /**
     * A phone (the mobile app's tests): the page sees a {@code width}×{@code height} touch viewport, a Chinese
     * browser. Skips like {@link #start(int)}.
     */
    static ConsoleBrowser phone(int port, int width, int height) {
        ChromeOptions options = new ChromeOptions();
        options.addArguments("--window-size=" + width + "," + (height + 200), "--lang=zh-CN");
        options.setExperimentalOption("mobileEmulation", java.util.Map.of("deviceMetrics",
                java.util.Map.of("width", width, "height", height, "pixelRatio", 2.0, "touch", true)));
        options.setExperimentalOption("prefs", java.util.Map.of("intl.accept_languages", "zh-CN,zh"));
        return start(port, options);
    }

    private static ConsoleBrowser start(int port, ChromeOptions options) {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "console browser tests skipped: " + CHROMIUM + " or " + CHROMEDRIVER
                        + " not installed (apt-get install chromium chromium-driver; .ci/run does it)");
        // the system driver, so that Selenium Manager has nothing to resolve (there is no internet for it)
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu");
        return new ConsoleBrowser(new ChromeDriver(service, options), "http://localhost:" + port);
    }

    void open(String path) {
        driver.get(base + path);
    }

    WebElement waitFor(By locator) {
        return new WebDriverWait(driver, Duration.ofSeconds(15))
                .until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    WebElement byId(String id) {
        return waitFor(By.id(id));
    }

    /**
     * Clicks the visible element {@code id} (a form's submit, a menu link) and waits until the browser has left the
     * current page for the answer. The element is found afresh until the click lands: a page still settling (a
     * navigation finishing, a script re-rendering) detaches a just-found element, which Chromium reports as stale or
     * as "Node with given id does not belong to the document"; neither means the click happened.
     */
    void clickAndWaitForNewPage(String id) {
        WebElement[] page = new WebElement[1];
        new WebDriverWait(driver, Duration.ofSeconds(15))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> {
                    WebElement element = ExpectedConditions.visibilityOfElementLocated(By.id(id)).apply(d);
                    if (element == null) {
                        return false;
                    }
                    WebElement html = d.findElement(By.tagName("html"));
                    try {
                        element.click();
                    } catch (org.openqa.selenium.WebDriverException e) {
                        if (e instanceof org.openqa.selenium.StaleElementReferenceException
                                || String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                            return false;
                        }
                        throw e;
                    }
                    page[0] = html;
                    return true;
                });
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(ExpectedConditions.stalenessOf(page[0]));
    }

    /**
     * Types into the field {@code id} (a file input takes a path: the file is chosen), found afresh until the keys
     * land, for the same reason as {@link #clickAndWaitForNewPage(String)}; {@code clear} empties a text field first.
     */
    void sendKeys(String id, boolean clear, CharSequence keys) {
        new WebDriverWait(driver, Duration.ofSeconds(15))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> {
                    WebElement element = d.findElement(By.id(id));
                    try {
                        if (clear) {
                            element.clear();
                        }
                        if (keys != null) {
                            element.sendKeys(keys);
                        }
                    } catch (org.openqa.selenium.WebDriverException e) {
                        if (e instanceof org.openqa.selenium.StaleElementReferenceException
                                || String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                            return false;
                        }
                        throw e;
                    }
                    return true;
                });
    }

    /** Clicks (a form's submit) and waits until the browser has left the current page for the answer. */
    void clickAndWaitForNewPage(WebElement element) {
        WebElement page = driver.findElement(By.tagName("html"));
        element.click();
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(ExpectedConditions.stalenessOf(page));
    }

    /**
     * Clicks the {@code child} of the element at {@code row}, both found afresh until the click lands: the H5 app
     * re-renders its lists when the task feed pushes an update, which makes a just-found row stale.
     */
    void clickWithin(By row, By child) {
        new WebDriverWait(driver, Duration.ofSeconds(15))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .ignoring(org.openqa.selenium.ElementNotInteractableException.class)
                .ignoring(org.openqa.selenium.ElementClickInterceptedException.class)
                .until(d -> {
                    d.findElement(row).findElement(child).click();
                    return true;
                });
    }

    /**
     * The text of the visible element {@code id}, found afresh until it is readable: a page being replaced by the answer
     * to a click makes a just-found element stale, which is not a failure of the page under test.
     */
    String text(String id) {
        return new WebDriverWait(driver, Duration.ofSeconds(15))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> {
                    WebElement element = d.findElement(By.id(id));
                    return element.isDisplayed() ? element.getText().trim() : null;
                });
    }

    /** Logs out whoever is logged in (fresh cookies, language cookie too), then logs in. */
    void login(String user, String password) {
        driver.manage().deleteAllCookies();
        open("/console/login");
        byId("username").sendKeys(user);
        byId("password").sendKeys(password);
        byId("login-submit").click();
    }

    /** Logs in and waits for the dashboard. */
    void loginAndWait(String user, String password) {
        login(user, password);
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(ExpectedConditions.presenceOfElementLocated(
                By.id("current-user")));
    }

    String title() {
        return text("page-title");
    }

    /**
     * Saves the page as {@code <fileName>.png} in the directory named by {@code -Dmedsign.screenshots} or
     * {@code MEDSIGN_SCREENSHOTS} (relative to {@code hub/}); does nothing without one, as in CI.
     */
    void screenshot(String fileName) {
        String directory = System.getProperty("medsign.screenshots", System.getenv("MEDSIGN_SCREENSHOTS"));
        if (directory == null || directory.isBlank()) {
            return;
        }
        try {
            Path target = Path.of(directory).toAbsolutePath();
            Files.createDirectories(target);
            Files.write(target.resolve(fileName + ".png"),
                    ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
