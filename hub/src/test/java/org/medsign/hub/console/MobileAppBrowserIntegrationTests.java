package org.medsign.hub.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.medsign.hub.DemoSigners;
import org.medsign.hub.HubTestSupport;
import org.medsign.hub.SharedHub;
import org.medsign.hub.lifecycle.ledger.StaffCertificates;
import org.medsign.hub.security.SecurityConfiguration;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The clinician's H5 app ({@code /m/}) in headless Chromium on a 375×667 phone viewport, against a running hub on the
 * embedded default (issue #13): activation with the secadmin's code (a collaborative key, issue #14), login, a pending task in the inbox, a wrong PIN
 * refused in Chinese with nothing signed, the right PIN → the request {@code DONE}; reject with a reason → {@code 422
 * TASK_REJECTED}; a batch of three with one PIN; a signing window opened and closed; the phone reported lost; an
 * ended session back at login; the pages public under a strict CSP. With {@code MEDSIGN_SCREENSHOTS} (or the system
 * property {@code medsign.screenshots}) naming a directory, the pages are saved there as {@code m-*.png}.
 */
@SharedHub
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MobileAppBrowserIntegrationTests extends HubTestSupport {

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
    void activatesLogsInAndSignsAPendingTaskWithThePinAfterAWrongOneIsRefused() {
        String staffId = newSigner("H5001");
        HttpResponse<String> pending = sign(staffId);
        assertThat(pending.statusCode()).as(pending.body()).isEqualTo(202);
        long taskId = json(pending).get("taskId").asLong();
        String requestId = json(pending).get("requestId").asText();
        String code = issueCode(staffId);

        freshApp();
        assertThat(browser.text("login")).as("Chinese by default").isEqualTo("登录");
        assertThat(viewport()).isEqualTo("375x667");
        browser.byId("staffId").sendKeys(staffId);
        screenshot("login");
        browser.byId("show-activate").click();
        assertThat(browser.byId("act-staffId").getAttribute("value")).isEqualTo(staffId);
        browser.byId("act-code").sendKeys(code);
        browser.byId("act-pin").sendKeys(PIN);
        browser.byId("act-pin2").sendKeys(PIN);
        browser.byId("activate").click();
        new WebDriverWait(browser.driver, Duration.ofSeconds(60)).until(ExpectedConditions.textToBe(By.id("message"),
                "激活成功，请用新设置的签名密码登录。"));
        assertThat(((JavascriptExecutor) browser.driver).executeScript("return localStorage.getItem('medsign.device."
                + staffId + "');")).as("a collaborative key: the phone keeps its sealed share, so the PIN below runs "
                + "the signing round").isNotNull();
        assertThat(browser.byId("staffId").getAttribute("value")).isEqualTo(staffId);
        browser.byId("pin").sendKeys(PIN);
        browser.byId("login").click();

        browser.waitFor(task(taskId)).isDisplayed();
        assertThat(browser.driver.findElements(By.cssSelector(".task[data-task-id]"))).hasSize(1);
        screenshot("inbox");
        browser.clickWithin(task(taskId), By.className("task-open"));
        waitForText("task-system", "demo");
        assertThat(browser.text("task-title")).isNotBlank();
        assertThat(browser.text("task-expires")).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d");
        screenshot("task");

        browser.byId("confirm").click();
        browser.byId("pin-input").sendKeys("918273");
        browser.byId("pin-ok").click();
        waitForText("pin-error", "签名密码错误。");
        assertThat(requestStatus(requestId)).as("a wrong PIN signs nothing").isEqualTo("PENDING");
        assertThat(browser.byId("pin-input").getAttribute("value")).as("the wrong PIN is cleared").isEmpty();

        browser.byId("pin-input").sendKeys(PIN);
        screenshot("pin");
        browser.byId("pin-ok").click();
        waitForText("message", "已签名。");
        await().atMost(Duration.ofSeconds(30)).until(() -> "DONE".equals(requestStatus(requestId)));
        browser.waitFor(By.id("tasks-empty"));
        assertThat(browser.driver.getCurrentUrl()).doesNotContain(PIN).doesNotContain(code);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE detail LIKE ?").param("%" + PIN + "%")
                .query(Integer.class).single()).as("the PIN is never audited").isZero();
    }

    @Test
    void rejectsATaskWithAReasonAndAnEndedSessionLeadsBackToLogin() {
        String staffId = newSigner("H5002");
        JsonNode pending = json(sign(staffId));
        long taskId = pending.get("taskId").asLong();
        String requestId = pending.get("requestId").asText();
        activate(staffId);
        loginInBrowser(staffId);

        browser.clickWithin(task(taskId), By.className("task-open"));
        browser.byId("reject").click();
        waitForText("message", "请填写拒签原因。");
        assertThat(requestStatus(requestId)).isEqualTo("PENDING");
        browser.byId("reject-reason").sendKeys("剂量有误，请修改后重新提交");
        browser.byId("reject").click();
        waitForText("message", "已拒签。");
        assertThat(requestStatus(requestId)).isEqualTo("REJECTED");

        // the session ends elsewhere (another phone reported it lost): the next poll of the inbox finds out
        jdbc.sql("UPDATE mobile_session SET ended_at = ? WHERE staff_id = ? AND ended_at IS NULL")
                .params(Timestamp.from(Instant.now()), staffId).update();
        new WebDriverWait(browser.driver, Duration.ofSeconds(20))
                .until(ExpectedConditions.textToBe(By.id("message"), "登录已失效，请重新登录。"));
        assertThat(browser.byId("login").isDisplayed()).isTrue();
        assertThat(sessionToken()).isNull();
    }

    @Test
    void confirmsThreeTasksInOneBatchWithOnePin() {
        String staffId = newSigner("H5003");
        List<String> requestIds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            requestIds.add(json(sign(staffId)).get("requestId").asText());
        }
        activate(staffId);
        loginInBrowser(staffId);
        new WebDriverWait(browser.driver, Duration.ofSeconds(15))
                .until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".task[data-task-id]"), 3));
        assertThat(browser.byId("batch-confirm").isEnabled()).as("nothing selected yet").isFalse();

        browser.byId("select-all").click();
        browser.byId("batch-confirm").click();
        waitForText("pin-prompt", "输入签名密码，一次确认 3 项");
        browser.byId("pin-input").sendKeys(PIN);
        browser.byId("pin-ok").click();
        waitForText("message", "已签名 3 项。");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> requestIds.stream().allMatch(id -> "DONE".equals(requestStatus(id))));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'TASK_CONFIRMED' AND actor = ?")
                .param("staff:" + staffId).query(Integer.class).single()).isEqualTo(3);
    }

    @Test
    void opensAndClosesASigningWindowThenReportsThePhoneLost() {
        String staffId = newSigner("H5004");
        activate(staffId);
        loginInBrowser(staffId);
        browser.byId("nav-windows").click();
        browser.byId("window-open").click();
        waitForText("message", "请至少选择一个系统。");
        // only the systems the signer has an account in are offered (GET /api/v1/m/systems): here the demo system
        browser.byId("window-system-demo");
        assertThat(browser.driver.findElements(By.id("window-system-his"))).isEmpty();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM signing_authorization WHERE staff_id = ?").param(staffId)
                .query(Integer.class).single()).isZero();

        browser.byId("window-system-demo").click();
        browser.byId("window-open").click();
        browser.waitFor(By.cssSelector(".window[data-window-id]"));
        waitForText("message", "授权已开启。");
        screenshot("windows");
        assertThat(sign(staffId).statusCode()).as("window open: signs at once").isEqualTo(200);

        browser.driver.findElement(By.cssSelector(".window .window-close")).click();
        browser.waitFor(By.id("windows-empty"));
        assertThat(sign(staffId).statusCode()).as("window closed: waits").isEqualTo(202);

        browser.byId("window-system-demo").click();
        browser.byId("window-open").click();
        browser.waitFor(By.cssSelector(".window[data-window-id]"));
        browser.byId("windows-back").click();
        browser.byId("lost").click();
        browser.byId("lost-no").click();
        browser.byId("lost").click();
        screenshot("lost");
        browser.byId("lost-yes").click();
        waitForText("message", "已挂失：结束登录 1 个，关闭授权 1 项。");
        assertThat(browser.byId("login").isDisplayed()).isTrue();
        assertThat(sessionToken()).isNull();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM mobile_session WHERE staff_id = ? AND ended_at IS NULL")
                .param(staffId).query(Integer.class).single()).isZero();
        assertThat(sign(staffId).statusCode()).as("windows gone").isEqualTo(202);
    }

    @Test
    void pagesArePublicUnderAStrictPolicyAndSpeakEnglishOnRequest() {
        for (String path : List.of("/m/", "/m/index.html", "/m/app.js", "/m/live.js", "/m/app.css", "/m/manifest.webmanifest",
                "/m/icon.svg")) {
            HttpResponse<String> page = send(HttpRequest.newBuilder(uri(path)).GET().build());
            assertThat(page.statusCode()).as(path).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Security-Policy")).as(path)
                    .contains(SecurityConfiguration.MOBILE_APP_CSP);
        }
        assertThat(SecurityConfiguration.MOBILE_APP_CSP).startsWith("default-src 'self';")
                .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        HttpResponse<String> index = send(HttpRequest.newBuilder(uri("/m/")).GET().build());
        assertThat(index.body()).contains("id=\"staffId\"").doesNotContain("<script>").doesNotContain("http://")
                .doesNotContain("https://").doesNotContain("style=");
        assertThat(send(HttpRequest.newBuilder(uri("/m")).GET().build()).statusCode()).isEqualTo(302);
        assertThat(send(HttpRequest.newBuilder(uri("/m/index.html")).POST(HttpRequest.BodyPublishers.noBody())
                .build()).statusCode()).as("read only").isEqualTo(403);

        freshApp();
        browser.byId("lang").click();
        waitForText("login", "Log in");
        browser.byId("staffId").sendKeys("NOBODY");
        browser.byId("pin").sendKeys(PIN);
        browser.byId("login").click();
        waitForText("message", "Unknown staff id.");
        browser.open("/m/");
        waitForText("login", "Log in");
        browser.byId("lang").click();
        waitForText("login", "登录");
    }

    // ---- plumbing

    private static By task(long taskId) {
        return By.cssSelector(".task[data-task-id='" + taskId + "']");
    }

    /** The app with nothing remembered: no session, no staff id, no language choice. */
    private void freshApp() {
        browser.open("/m/");
        ((JavascriptExecutor) browser.driver).executeScript("sessionStorage.clear(); localStorage.clear();");
        browser.open("/m/");
        browser.byId("login");
    }

    private void loginInBrowser(String staffId) {
        freshApp();
        browser.byId("staffId").sendKeys(staffId);
        browser.byId("pin").sendKeys(PIN);
        browser.byId("login").click();
        browser.byId("nav-windows");
        assertThat(sessionToken()).matches("[A-Za-z0-9_-]{43}");
    }

    private String sessionToken() {
        return (String) ((JavascriptExecutor) browser.driver).executeScript(
                "return sessionStorage.getItem('medsign.m.token');");
    }

    private String viewport() {
        return String.valueOf(((JavascriptExecutor) browser.driver).executeScript(
                "return window.innerWidth + 'x' + window.innerHeight;"));
    }

    private void waitForText(String id, String text) {
        new WebDriverWait(browser.driver, Duration.ofSeconds(15))
                .until(ExpectedConditions.textToBe(By.id(id), text));
    }

    /** Saves the page as {@code m-<name>.png} when a screenshot directory is named (never in CI by default). */
    private void screenshot(String name) {
        browser.screenshot("m-" + name);
    }

    /** A demo signer without a window ({@link DemoSigners#withoutWindow}). */
    private String newSigner(String staffId) {
        return DemoSigners.withoutWindow(jdbc, certificates, staffId);
    }

    private HttpResponse<String> sign(String staffId) {
        return postJson("/api/v1/sign/message", signMessage("h5-" + System.nanoTime(), staffId, "出院小结"));
    }

    private String issueCode(String staffId) {
        HttpResponse<String> issued = asAdmin("secadmin", HttpRequest.newBuilder(
                uri("/api/v1/admin/staff/" + staffId + "/activation")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
        return json(issued).get("code").asText();
    }

    /** Activation over the API (the browser path is the first test's). */
    private void activate(String staffId) {
        HttpResponse<String> activated = send(HttpRequest.newBuilder(uri("/api/v1/m/activate"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"staffId\":\"" + staffId + "\",\"code\":\""
                        + issueCode(staffId) + "\",\"pin\":\"" + PIN + "\"}")).build());
        assertThat(activated.statusCode()).as(activated.body()).isEqualTo(200);
    }

    private String requestStatus(String requestId) {
        HttpResponse<String> answer = getWithKey("/api/v1/requests/" + requestId);
        JsonNode body = json(answer);
        return answer.statusCode() == 200 || answer.statusCode() == 202 ? body.get("status").asText()
                : answer.statusCode() + " " + body.get("code").asText();
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }
}
