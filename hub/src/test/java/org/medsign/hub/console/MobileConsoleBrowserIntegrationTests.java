package org.medsign.hub.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.medsign.hub.DemoSigners;
import org.medsign.hub.ConsoleHttpSession;
import org.medsign.hub.HubTestSupport;
import org.medsign.hub.lifecycle.ledger.StaffCertificates;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The console's 移动签名 page for the security administrator (issue #13) in headless Chromium, against a running hub
 * on the embedded default: an activation code issued from the page and shown once with its QR code, whose decoded
 * content activates the app over HTTP; a window opened in the app listed and closed by the administrator with a
 * reason (the app then lists none); lost-phone reports by the holder and from the page; the pending tasks per system
 * equal to the table; and the page and its actions refused to the system and audit administrators. With
 * {@code MEDSIGN_SCREENSHOTS} (or {@code -Dmedsign.screenshots}) naming a directory, the page is saved there as
 * {@code console-mobile.png} and {@code console-mobile-code.png}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "medsign.security.max-failed-authentications=100")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MobileConsoleBrowserIntegrationTests extends HubTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PIN = "270419";

    static Path home;

    @Autowired
    JdbcClient jdbc;
    @Autowired
    StaffCertificates certificates;

    ConsoleBrowser browser;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        home = freshHome(registry);
    }

    @Override
    protected Path home() {
        return home;
    }

    @BeforeAll
    void startBrowser() {
        browser = ConsoleBrowser.start(port);
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    @Order(1)
    void issuesACodeShownOnceWithAQrCodeWhoseContentActivatesTheApp() {
        String staffId = DemoSigners.withoutWindow(jdbc, certificates, "MC001");
        browser.loginAndWait("secadmin", adminPassword());
        browser.clickAndWaitForNewPage("menu-mobile");
        assertThat(browser.title()).isEqualTo("移动签名");
        // the demo signers' codes, issued at start-up (secrets/demo-activation-codes), are listed, never shown
        assertThat(browser.driver.findElements(org.openqa.selenium.By.id("no-codes"))).isEmpty();
        assertThat(browser.driver.getPageSource()).contains("D0001").contains("bootstrap");

        browser.byId("issue-staffId").sendKeys("NOBODY-13");
        browser.clickAndWaitForNewPage("issue-submit");
        assertThat(browser.text("mobile-failed")).isEqualTo("工号不存在。");

        browser.byId("issue-staffId").sendKeys(staffId);
        browser.clickAndWaitForNewPage("issue-submit");
        assertThat(browser.title()).isEqualTo("激活码");
        assertThat(browser.text("activation-staff")).isEqualTo(staffId);
        String code = browser.text("activation-code");
        assertThat(code).matches("[A-Z2-9]{10}");
        assertThat(browser.text("activation-expires")).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
        assertThat(browser.text("activation-hint")).startsWith("激活码仅显示这一次");
        WebElement qr = browser.byId("activation-qr");
        assertThat(qr.getSize().getWidth()).as("the image is rendered").isGreaterThan(100);
        String content = decodeQr(qr.getAttribute("src"));
        screenshot("console-mobile-code");
        assertThat(content).isEqualTo("http://localhost:" + port + "/m/#activate=" + staffId + "&code=" + code);

        browser.byId("back-to-mobile").click();
        assertThat(browser.driver.getPageSource()).as("shown once").doesNotContain(code);
        assertThat(browser.byId("code-" + staffId).getText()).contains("secadmin").contains("未使用");

        // the phone: staff id and code from the QR code's fragment
        Matcher link = Pattern.compile("#activate=([^&]+)&code=(\\w+)$").matcher(content);
        assertThat(link.find()).isTrue();
        HttpResponse<String> activated = activate(link.group(1), link.group(2));
        assertThat(activated.statusCode()).as(activated.body()).isEqualTo(200);
        browser.open("/console/mobile");
        assertThat(browser.byId("code-" + staffId).getText()).contains("已使用");
        assertThat(activate(staffId, code).statusCode()).as("used once").isEqualTo(401);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'APP_ACTIVATION_ISSUED' AND actor = "
                + "'secadmin' AND target = ?").param("staff/" + staffId).query(Integer.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE detail LIKE ?").param("%" + code + "%")
                .query(Integer.class).single()).as("the code is never audited").isZero();
    }

    @Test
    @Order(2)
    void tasksPerSystemCountThePendingTaskOfASigningRequest() {
        String staffId = DemoSigners.withoutWindow(jdbc, certificates, "MC002");
        HttpResponse<String> pending = sign(staffId);
        assertThat(pending.statusCode()).as(pending.body()).isEqualTo(202);
        assertThat(json(pending).get("taskId").asLong()).isPositive();

        browser.loginAndWait("secadmin", adminPassword());
        browser.open("/console/mobile");
        WebElement demo = browser.byId("tasks-demo");
        assertThat(cell(demo, "pending")).isEqualTo(String.valueOf(tasks("PENDING"))).isNotEqualTo("0");
        assertThat(cell(demo, "confirmed")).isEqualTo(String.valueOf(tasks("CONFIRMED")));
        assertThat(cell(demo, "rejected")).isEqualTo(String.valueOf(tasks("REJECTED")));
        assertThat(cell(demo, "expired")).isEqualTo(String.valueOf(tasks("EXPIRED")));
        assertThat(cell(demo, "oldest")).matches("\\d+ 小时 \\d+ 分钟");
    }

    @Test
    @Order(3)
    void lostPhoneReportsByTheHolderAndFromThePageAreListedWithWhatTheyEnded() {
        String holder = DemoSigners.withoutWindow(jdbc, certificates, "MC003");
        String token = activateAndLogin(holder);
        assertThat(app("POST", "/api/v1/m/windows", token, "{\"systems\":[\"demo\"],\"hours\":2}").statusCode())
                .isEqualTo(200);
        HttpResponse<String> lost = app("POST", "/api/v1/m/lost", token, null);
        assertThat(lost.statusCode()).as(lost.body()).isEqualTo(200);

        String other = DemoSigners.withoutWindow(jdbc, certificates, "MC004");
        String otherToken = activateAndLogin(other);
        browser.loginAndWait("secadmin", adminPassword());
        browser.open("/console/mobile");
        WebElement byHolder = lostRow(holder);
        assertThat(byHolder.getText()).contains("本人");
        assertThat(cell(byHolder, "sessions-ended")).isEqualTo("1");
        assertThat(cell(byHolder, "windows-closed")).isEqualTo("1");

        browser.byId("lost-staffId").sendKeys(other);
        browser.clickAndWaitForNewPage("lost-submit");
        assertThat(browser.text("mobile-done")).isEqualTo("工号 " + other + " 已挂失。");
        WebElement fromPage = lostRow(other);
        assertThat(fromPage.getText()).contains("secadmin");
        assertThat(cell(fromPage, "sessions-ended")).isEqualTo("1");
        assertThat(cell(fromPage, "windows-closed")).isEqualTo("0");
        assertThat(app("GET", "/api/v1/m/tasks", otherToken, null).statusCode()).as("session ended").isEqualTo(401);
        List<WebElement> rows = browser.driver.findElements(By.cssSelector("#lost-reports .lost-row"));
        assertThat(rows.get(0).getAttribute("data-staff-id")).as("newest first").isEqualTo(other);
    }

    @Test
    @Order(4)
    void aWindowOpenedInTheAppIsClosedByTheAdministratorWithAReason() {
        String staffId = DemoSigners.withoutWindow(jdbc, certificates, "MC005");
        String token = activateAndLogin(staffId);
        HttpResponse<String> opened = app("POST", "/api/v1/m/windows", token, "{\"systems\":[\"demo\"],\"hours\":8}");
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(200);
        long windowId = json(opened).get("windows").get(0).get("id").asLong();
        assertThat(sign(staffId).statusCode()).as("window open: signs at once").isEqualTo(200);

        browser.loginAndWait("secadmin", adminPassword());
        browser.open("/console/mobile");
        WebElement row = browser.byId("window-" + windowId);
        assertThat(row.getText()).contains(staffId).contains("demo").contains("全部场景");
        screenshot("console-mobile");

        // without a reason (the browser's own check taken away): refused by the hub, the window stays
        ((JavascriptExecutor) browser.driver).executeScript(
                "document.getElementById('window-reason-" + windowId + "').removeAttribute('required');");
        browser.byId("close-window-" + windowId).click();
        assertThat(browser.text("mobile-failed")).isEqualTo("请填写原因（不超过 500 字）。");
        assertThat(json(app("GET", "/api/v1/m/windows", token, null)).get("windows")).hasSize(1);

        browser.byId("window-reason-" + windowId).sendKeys("医生已离岗");
        browser.byId("close-window-" + windowId).click();
        assertThat(browser.text("mobile-done")).isEqualTo("时段授权 #" + windowId + " 已关闭。");
        assertThat(browser.driver.findElements(By.id("window-" + windowId))).isEmpty();
        assertThat(json(app("GET", "/api/v1/m/windows", token, null)).get("windows")).as("gone in the app").isEmpty();
        assertThat(sign(staffId).statusCode()).as("window closed: waits").isEqualTo(202);
        assertThat(jdbc.sql("SELECT detail FROM audit_event WHERE action = 'WINDOW_CLOSED_BY_ADMIN' AND actor = "
                + "'secadmin' AND target = ?").param("window/" + windowId).query(String.class).list())
                .singleElement().asString().contains(staffId).contains("医生已离岗");
        ConsoleHttpSession secadmin = ConsoleHttpSession.login(uri("/"), "secadmin", adminPassword());
        assertThat(adminClose(secadmin, windowId, "again")).as("closed already").isEqualTo("WINDOW_UNKNOWN");

        // the page that shows a code is not to be cached
        HttpResponse<String> issued = secadmin.postForm("/console/mobile/activation", "staffId=" + staffId,
                "/console/mobile");
        assertThat(issued.statusCode()).isEqualTo(200);
        assertThat(issued.body()).contains("id=\"activation-code\"");
        assertThat(issued.headers().firstValue("Cache-Control")).hasValueSatisfying(
                value -> assertThat(value).contains("no-store"));

        browser.open("/console/mobile?lang=en");
        assertThat(browser.title()).isEqualTo("Mobile signing");
        browser.open("/console/mobile?lang=zh");
        assertThat(browser.title()).isEqualTo("移动签名");
    }

    @Test
    @Order(5)
    void theSystemAndAuditAdministratorsCanNeitherOpenThePageNorUseItsActions() throws Exception {
        String staffId = DemoSigners.withoutWindow(jdbc, certificates, "MC006");
        String token = activateAndLogin(staffId);
        long windowId = json(app("POST", "/api/v1/m/windows", token, "{\"systems\":[\"demo\"],\"hours\":1}"))
                .get("windows").get(0).get("id").asLong();
        for (String user : List.of("sysadmin", "auditadmin")) {
            browser.loginAndWait(user, adminPassword());
            assertThat(browser.driver.findElements(By.id("menu-mobile"))).as(user).isEmpty();
            browser.open("/console/mobile");
            assertThat(browser.title()).as(user).isEqualTo("无权访问");

            ConsoleHttpSession session = ConsoleHttpSession.login(uri("/"), user, adminPassword());
            assertThat(session.get("/console/mobile").statusCode()).isEqualTo(403);
            assertThat(session.postForm("/console/mobile/activation", "staffId=" + staffId, "/console").statusCode())
                    .as(user + " issues no code").isEqualTo(403);
            assertThat(session.postForm("/console/mobile/windows/" + windowId + "/close", "reason=x", "/console")
                    .statusCode()).as(user + " closes no window").isEqualTo(403);
            assertThat(session.postForm("/console/mobile/lost", "staffId=" + staffId, "/console").statusCode())
                    .as(user + " reports no phone").isEqualTo(403);
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'APP_ACTIVATION_ISSUED' AND target = ?")
                .param("staff/" + staffId).query(Integer.class).single()).as("only the secadmin's code").isEqualTo(1);
        assertThat(json(app("GET", "/api/v1/m/windows", token, null)).get("windows")).as("window still open")
                .hasSize(1);
        assertThat(app("GET", "/api/v1/m/tasks", token, null).statusCode()).as("session still live").isEqualTo(200);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'ACCESS_DENIED' AND actor IN "
                + "('sysadmin', 'auditadmin') AND target LIKE '/console/mobile%'").query(Integer.class).single())
                .isGreaterThanOrEqualTo(8);
    }

    // ---- plumbing

    private static String cell(WebElement row, String className) {
        return row.findElement(By.className(className)).getText().trim();
    }

    private WebElement lostRow(String staffId) {
        return browser.waitFor(By.cssSelector("#lost-reports .lost-row[data-staff-id='" + staffId + "']"));
    }

    private long tasks(String status) {
        return jdbc.sql("SELECT COUNT(*) FROM signing_task WHERE system_id = 'demo' AND status = ?").param(status)
                .query(Long.class).single();
    }

    /** Decodes the QR code of a {@code data:image/png;base64,…} URI with ZXing. */
    private static String decodeQr(String dataUri) {
        String prefix = "data:image/png;base64,";
        assertThat(dataUri).startsWith(prefix);
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder()
                    .decode(dataUri.substring(prefix.length()))));
            int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
            return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
                    new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels)))).getText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (com.google.zxing.ReaderException e) {
            throw new AssertionError("no QR code in the image", e);
        }
    }

    private HttpResponse<String> sign(String staffId) {
        return postJson("/api/v1/sign/message", signMessage("mc-" + System.nanoTime(), staffId, "出院小结"));
    }

    private HttpResponse<String> activate(String staffId, String code) {
        return send(HttpRequest.newBuilder(uri("/api/v1/m/activate")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"staffId\":\"" + staffId + "\",\"code\":\"" + code
                        + "\",\"pin\":\"" + PIN + "\"}")).build());
    }

    /** Activation with a code from the API, then an app login; returns the session token. */
    private String activateAndLogin(String staffId) {
        HttpResponse<String> issued = asAdmin("secadmin", HttpRequest.newBuilder(
                uri("/api/v1/admin/staff/" + staffId + "/activation")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
        assertThat(activate(staffId, json(issued).get("code").asText()).statusCode()).isEqualTo(200);
        HttpResponse<String> login = app("POST", "/api/v1/m/login", null,
                "{\"staffId\":\"" + staffId + "\",\"pin\":\"" + PIN + "\"}");
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        return json(login).get("token").asText();
    }

    private HttpResponse<String> app(String method, String path, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    /** Closes a window as secadmin over plain HTTP; returns the failure code the page shows, or "" when done. */
    private String adminClose(ConsoleHttpSession session, long windowId, String reason) {
        HttpResponse<String> closed = session.postForm("/console/mobile/windows/" + windowId + "/close",
                "reason=" + URLEncoder.encode(reason, StandardCharsets.UTF_8), "/console/mobile");
        assertThat(closed.statusCode()).isEqualTo(302);
        String page = session.get("/console/mobile").body();
        return page.contains("该时段授权已关闭或已到期。") ? "WINDOW_UNKNOWN"
                : page.contains("id=\"mobile-done\"") ? "" : "other";
    }

    /** Saves the page as {@code <name>.png} when a screenshot directory is named (never in CI by default). */
    private void screenshot(String name) {
        String directory = System.getProperty("medsign.screenshots", System.getenv("MEDSIGN_SCREENSHOTS"));
        if (directory == null || directory.isBlank()) {
            return;
        }
        try {
            Path target = Path.of(directory).toAbsolutePath();
            Files.createDirectories(target);
            // tall enough for the whole page
            browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1400, 1800));
            Files.write(target.resolve(name + ".png"),
                    ((TakesScreenshot) browser.driver).getScreenshotAs(OutputType.BYTES));
            browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1400, 1000));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }
}
