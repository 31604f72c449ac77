package org.medsign.hub.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.medsign.hub.DemoSigners;
import org.medsign.hub.HubTestSupport;
import org.medsign.hub.LoginSignatureCheck;
import org.medsign.hub.QrDecoder;
import org.medsign.hub.SharedHub;
import org.medsign.hub.lifecycle.ledger.StaffCertificates;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The QR flows end to end in headless Chromium on a 375×667 phone viewport (issue #13): the system's QR code PNG is
 * read with ZXing as a phone's scanner would, and the phone opens the link it holds. Scan-to-sign: log in, the task
 * opens, the PIN signs it ({@code DONE}). Scan-to-login: the app shows which system asks, the PIN confirms, the
 * system's poll shows {@code CONFIRMED} and OpenSSL verifies the signature. With {@code MEDSIGN_SCREENSHOTS} naming a
 * directory the login prompt is saved as {@code m-scan-login.png} (and the scanned task as {@code m-scan-task.png}).
 */
@SharedHub
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MobileQrBrowserIntegrationTests extends HubTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PIN = "270419";

    @Autowired
    JdbcClient jdbc;
    @Autowired
    StaffCertificates certificates;

    ConsoleBrowser browser;

    @BeforeAll
    void startPhone() {
        browser = ConsoleBrowser.phone(port, 375, 667);
    }

    @AfterAll
    void stopPhone() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void scannedTaskOpensAfterLoginAndThePinSignsIt() {
        String staffId = DemoSigners.withoutWindow(jdbc, certificates, "QB001");
        HttpResponse<String> pending = postJson("/api/v1/sign/message", signMessage("qb-" + System.nanoTime(),
                staffId, "出院小结"));
        assertThat(pending.statusCode()).as(pending.body()).isEqualTo(202);
        long taskId = json(pending).get("taskId").asLong();
        String requestId = json(pending).get("requestId").asText();
        activate(staffId);
        String link = QrDecoder.decode(png("/api/v1/tasks/" + taskId + "/qr"));
        assertThat(link).endsWith("/m/?task=" + taskId);

        forgetEverything();
        browser.driver.get(link);
        browser.byId("staffId").sendKeys(staffId);
        browser.byId("pin").sendKeys(PIN);
        browser.byId("login").click();
        waitForText("task-system", "demo");
        assertThat(browser.byId("page-task").isDisplayed()).as("the scanned task, not the inbox").isTrue();
        assertThat(browser.text("task-title")).contains(requestId);
        assertThat(browser.driver.getCurrentUrl()).as("the link is taken off the address bar").doesNotContain("?");
        screenshot("scan-task");

        browser.byId("confirm").click();
        browser.byId("pin-input").sendKeys(PIN);
        browser.byId("pin-ok").click();
        waitForText("message", "已签名。");
        await().atMost(Duration.ofSeconds(30)).until(() -> "DONE".equals(requestStatus(requestId)));
    }

    @Test
    void scannedLoginIsConfirmedWithThePinAndTheSystemGetsASignatureOpensslVerifies() throws IOException {
        String staffId = DemoSigners.withoutWindow(jdbc, certificates, "QB002");
        activate(staffId);
        forgetEverything();
        browser.byId("staffId").sendKeys(staffId);
        browser.byId("pin").sendKeys(PIN);
        browser.byId("login").click();
        browser.byId("nav-windows");

        // the PC client of the demo system asks for a challenge and shows its QR code; the phone is logged in already
        HttpResponse<String> issued = postJson("/api/v1/login-challenges", "");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        String id = json(issued).get("challengeId").asText();
        String link = QrDecoder.decode(png(json(issued).get("qr").asText()));
        assertThat(link).endsWith("/m/?login=" + id);
        browser.driver.get(link);
        waitForText("lc-question", "demo 请求以您的身份登录");
        assertThat(browser.text("lc-account")).isEqualTo(staffId);
        assertThat(browser.text("lc-expires")).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d");
        screenshot("scan-login");

        browser.byId("lc-confirm").click();
        waitForText("pin-prompt", "输入签名密码以确认登录");
        browser.byId("pin-input").sendKeys("918273");
        browser.byId("pin-ok").click();
        waitForText("pin-error", "签名密码错误。");
        assertThat(poll(id).get("status").asText()).as("a wrong PIN signs nothing").isEqualTo("PENDING");

        browser.byId("pin-input").sendKeys(PIN);
        browser.byId("pin-ok").click();
        waitForText("message", "已确认登录，请回到电脑继续。");
        JsonNode state = poll(id);
        assertThat(state.get("status").asText()).isEqualTo("CONFIRMED");
        assertThat(state.get("account").asText()).isEqualTo(staffId);
        assertThat(LoginSignatureCheck.verify(Files.createTempDirectory("qr-login-"), state.get("signedData").asText(),
                state.get("signature").asText(), state.get("certificate").asText(),
                getWithKey("/api/v1/ca/chain").body())).as("OpenSSL verifies the login signature").isTrue();

        // the same QR code scanned again: refused in the page, nothing signed a second time
        browser.driver.get(link);
        waitForText("message", "该登录二维码已确认过。");
        assertThat(browser.byId("lc-cancel").isDisplayed()).isTrue();
        assertThat(browser.driver.findElement(By.id("lc-confirm")).isDisplayed()).isFalse();
        assertThat(poll(id).get("signature").asText()).isEqualTo(state.get("signature").asText());
    }

    // ---- plumbing

    /** A phone that has never seen the app: no session, no staff id, no language choice. */
    private void forgetEverything() {
        browser.open("/m/");
        ((JavascriptExecutor) browser.driver).executeScript("sessionStorage.clear(); localStorage.clear();");
        browser.open("/m/");
        browser.byId("login");
    }

    private JsonNode poll(String id) {
        HttpResponse<String> answer = getWithKey("/api/v1/login-challenges/" + id);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return json(answer);
    }

    private byte[] png(String path) {
        HttpResponse<byte[]> answer = sendBytes(HttpRequest.newBuilder(uri(path))
                .header("X-Medsign-Api-Key", demoKey()).GET().build());
        assertThat(answer.statusCode()).isEqualTo(200);
        return answer.body();
    }

    private void activate(String staffId) {
        HttpResponse<String> issued = asAdmin("secadmin", HttpRequest.newBuilder(
                uri("/api/v1/admin/staff/" + staffId + "/activation")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
        HttpResponse<String> activated = send(HttpRequest.newBuilder(uri("/api/v1/m/activate"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"staffId\":\"" + staffId + "\",\"code\":\""
                        + json(issued).get("code").asText() + "\",\"pin\":\"" + PIN + "\"}")).build());
        assertThat(activated.statusCode()).as(activated.body()).isEqualTo(200);
    }

    private String requestStatus(String requestId) {
        HttpResponse<String> answer = getWithKey("/api/v1/requests/" + requestId);
        JsonNode body = json(answer);
        return answer.statusCode() == 200 || answer.statusCode() == 202 ? body.get("status").asText()
                : answer.statusCode() + " " + body.get("code").asText();
    }

    private void waitForText(String id, String text) {
        new WebDriverWait(browser.driver, Duration.ofSeconds(15))
                .until(ExpectedConditions.textToBe(By.id(id), text));
    }

    /** Saves the page as {@code m-<name>.png} when a screenshot directory is named (never in CI by default). */
    private void screenshot(String name) {
        browser.screenshot("m-" + name);
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }
}
