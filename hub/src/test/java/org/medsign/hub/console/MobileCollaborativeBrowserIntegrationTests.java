package org.medsign.hub.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.medsign.crypto.ca.SerialNumbers;
import org.medsign.crypto.cert.Pem;
import org.medsign.crypto.cms.ParsedSignedData;
import org.medsign.hub.HubTestSupport;
import org.medsign.hub.LoginSignatureCheck;
import org.medsign.hub.OpensslCmsCheck;
import org.medsign.hub.integration.MllpPeer;
import org.medsign.hub.lifecycle.ledger.StaffCertificates;
import org.medsign.hub.security.SecurityConfiguration;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Collaborative SM2 keys (协同签名, issue #14) in the clinician's H5 app, in headless Chromium on a 375×667 phone with
 * the shipped HIS route over real MLLP: activation in the app generates the key jointly with the hub (collab.js), the
 * ledger shows the new certificate COLLABORATIVE and the hub-held one REVOKED, and the phone keeps only the sealed
 * device share; an MDM^T02 becomes a task that the PIN confirms by the app's signing round, and the HIS receives an
 * MDM^T04 whose CMS the OpenSSL recipe verifies under the collaborative certificate (also a batch). A window opened in
 * the app hands the device share over and signs the next MDM^T02 without a task; a phone without the share is told
 * to activate again. A consent needing handwriting is signed jointly with the strokes drawn on the phone's pad.
 * Each test has its own clinician (C30xx) with an HIS account. Screenshots as {@code m-collab-*}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MobileCollaborativeBrowserIntegrationTests extends HubTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Charset GBK = Charset.forName("GBK");
    private static final String PIN = "270419";
    private static final Duration ANSWER = Duration.ofSeconds(60);

    static Path home;
    static MllpPeer.Listener his;
    static int hisPort;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StaffCertificates certificates;

    @Autowired
    org.medsign.hub.evidence.HandwritingImages handwritings;

    @TempDir
    Path work;

    ConsoleBrowser browser;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        home = freshHome(registry);
        Path routes = Files.createDirectories(home.resolveSibling(home.getFileName() + "-routes"));
        his = new MllpPeer.Listener(GBK);
        try (ServerSocket socket = new ServerSocket(0)) {
            hisPort = socket.getLocalPort();
        }
        Files.writeString(routes.resolve("his.yaml"), Files.readString(Path.of("../routes/his.yaml"))
                .replace("value: \"2575\"", "value: \"" + hisPort + "\"")
                .replace("value: \"2585\"", "value: \"" + his.port() + "\""));
        registry.add("medsign.routes.dir", routes::toString);
    }

    @Override
    protected Path home() {
        return home;
    }

    /** No windows: every request waits for the phone. */
    @Override
    protected boolean demoWindows() {
        return false;
    }

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
    void activationInTheAppCreatesACollaborativeCertificateAndAConfirmedHisTaskIsSignedJointly() throws Exception {
        String staffId = clinician("C3001");
        String hubHeld = activeSerials(staffId).get(0);

        String serial = activateInApp(staffId);
        Map<String, JsonNode> ledger = ledgerCertificates(staffId);
        assertThat(ledger.get(serial).get("keyCustody").asText()).isEqualTo("COLLABORATIVE");
        assertThat(ledger.get(serial).get("status").asText()).isEqualTo("ACTIVE");
        assertThat(ledger.get(hubHeld).get("status").asText()).as("the hub-held certificate is superseded")
                .isEqualTo("REVOKED");

        String controlId = "MCOL" + System.nanoTime();
        String text = "出院小结：协同签名，患者恢复良好。";
        long taskId = sendAndAwaitTask(controlId, staffId, text);
        loginInApp(staffId);
        browser.clickWithin(task(taskId), By.className("task-open"));
        waitForText("task-system", "his");
        waitForText("preview-text", text);
        screenshot("task");

        // a wrong PIN is refused by the hub (its lockout counts it) before the share is touched: nothing is signed
        browser.byId("confirm").click();
        browser.byId("pin-input").sendKeys("918273");
        browser.byId("pin-ok").click();
        waitForText("pin-error", "签名密码错误。");
        assertThat(status(controlId)).isEqualTo("PENDING");
        assertThat(jdbc.sql("SELECT failed_attempts FROM staff_pin WHERE staff_id = ?").param(staffId)
                .query(Integer.class).single()).as("counted by the hub's lockout").isEqualTo(1);

        browser.byId("pin-input").sendKeys(PIN);
        browser.byId("pin-ok").click();
        waitForText("message", "已签名。");
        screenshot("signed");

        byte[] content = text.getBytes(StandardCharsets.UTF_8);
        String result = awaitAnswer(controlId);
        assertThat(MllpPeer.field(result, "MSH", 8)).startsWith("MDM^T04");
        assertThat(MllpPeer.field(result, "TXA", 17)).isEqualTo("LA");
        byte[] cms = MllpPeer.cmsOf(result);
        assertThat(OpensslCmsCheck.verify(work.resolve("openssl"), cms, content, chain())).isEqualTo(staffId);
        assertThat(signerSerial(cms, content)).as("signed under the collaborative certificate").isEqualTo(serial);

        // a batch: one PIN, one round for both tasks
        List<String> batch = List.of("MCOLA" + System.nanoTime(), "MCOLB" + System.nanoTime());
        for (String id : batch) {
            sendAndAwaitTask(id, staffId, text);
        }
        new WebDriverWait(browser.driver, Duration.ofSeconds(20))
                .until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".task[data-task-id]"), 2));
        browser.byId("select-all").click();
        browser.byId("batch-confirm").click();
        waitForText("pin-prompt", "输入签名密码，一次确认 2 项");
        browser.byId("pin-input").sendKeys(PIN);
        browser.byId("pin-ok").click();
        waitForText("message", "已签名 2 项。");
        for (String id : batch) {
            byte[] signed = MllpPeer.cmsOf(awaitAnswer(id));
            assertThat(OpensslCmsCheck.verify(work.resolve("openssl-" + id), signed, content, chain()))
                    .isEqualTo(staffId);
            assertThat(signerSerial(signed, content)).isEqualTo(serial);
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE detail LIKE ?").param("%" + PIN + "%")
                .query(Integer.class).single()).as("the PIN is never audited").isZero();
    }

    @Test
    void aWindowOpenedInTheAppSignsTheNextHisDocumentWithoutATaskAndAPhoneWithoutTheShareIsToldToActivate()
            throws Exception {
        String staffId = clinician("C3002");
        String serial = activateInApp(staffId);
        loginInApp(staffId);
        browser.byId("nav-windows").click();
        browser.waitFor(By.id("window-system-his")).click();

        // the window needs the device share, unlocked with the PIN: a wrong one is refused on the phone
        browser.byId("window-open").click();
        waitForText("pin-prompt", "输入签名密码以开启授权");
        browser.byId("pin-input").sendKeys("918273");
        browser.byId("pin-ok").click();
        waitForText("pin-error", "签名密码错误。");
        assertThat(openWindows(staffId)).isZero();
        browser.byId("pin-input").sendKeys(PIN);
        screenshot("window-pin");
        browser.byId("pin-ok").click();
        browser.waitFor(By.cssSelector(".window[data-window-id]"));
        waitForText("message", "授权已开启。");
        screenshot("window");
        assertThat(openWindows(staffId)).isEqualTo(1);

        String controlId = "MCOLW" + System.nanoTime();
        String text = "病程记录：时段授权内协同签名。";
        assertThat(MllpPeer.field(MllpPeer.send(hisPort, MobileSigningPathsBrowserIntegrationTests.mdm(controlId,
                staffId, text).getBytes(GBK), GBK), "MSA", 1)).isEqualTo("AA");
        byte[] content = text.getBytes(StandardCharsets.UTF_8);
        byte[] cms = MllpPeer.cmsOf(awaitAnswer(controlId));
        assertThat(OpensslCmsCheck.verify(work.resolve("openssl"), cms, content, chain())).isEqualTo(staffId);
        assertThat(signerSerial(cms, content)).isEqualTo(serial);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM signing_task WHERE request_id = ?").param(controlId)
                .query(Integer.class).single()).as("signed under the window, no task").isZero();

        // the share gone from the phone: neither a window nor a confirmation can be made; the app says why
        browser.driver.findElement(By.cssSelector(".window .window-close")).click();
        browser.waitFor(By.id("windows-empty"));
        ((JavascriptExecutor) browser.driver).executeScript("localStorage.removeItem('medsign.device." + staffId
                + "');");
        browser.byId("window-system-his").click();
        browser.byId("window-open").click();
        waitForText("message", "本机未保存协同密钥，请重新激活。");
        screenshot("no-share");
        String pending = "MCOLX" + System.nanoTime();
        long taskId = sendAndAwaitTask(pending, staffId, text);
        browser.byId("windows-back").click();
        browser.clickWithin(task(taskId), By.className("task-open"));
        browser.byId("confirm").click();
        browser.byId("pin-input").sendKeys(PIN);
        browser.byId("pin-ok").click();
        waitForText("pin-error", "本机未保存协同密钥，请重新激活。");
        assertThat(status(pending)).isEqualTo("PENDING");
    }

    @Test
    void aConsentNeedingHandwritingIsSignedJointlyWithTheStrokesDrawnOnThePhone() throws Exception {
        String staffId = clinician("C3003");
        jdbc.sql("INSERT INTO system_account (system_id, account, staff_id) VALUES ('demo', ?, ?)")
                .params(staffId, staffId).update();
        HttpResponse<String> policy = asAdmin("secadmin", HttpRequest.newBuilder(
                uri("/api/v1/ledger/systems/demo/signing-policy")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(
                        "{\"policy\":\"window\",\"scenario\":\"informed-consent\",\"handwriting\":true}")));
        assertThat(policy.statusCode()).as(policy.body()).isEqualTo(200);
        try {
            String serial = activateInApp(staffId);
            String document = "手术知情同意书：协同签名，已告知风险。" + System.nanoTime();
            HttpResponse<String> pending = postJson("/api/v1/sign/message", "{\"requestId\":\"chand-"
                    + System.nanoTime() + "\",\"signer\":\"" + staffId + "\",\"scenario\":\"informed-consent\","
                    + "\"documentType\":\"知情同意书\",\"content\":\"" + b64(document) + "\",\"detached\":true}");
            assertThat(pending.statusCode()).as(pending.body()).isEqualTo(202);
            JsonNode accepted = JSON.readTree(pending.body());
            long taskId = accepted.get("taskId").asLong();
            String requestId = accepted.get("requestId").asText();
            loginInApp(staffId);
            browser.clickWithin(task(taskId), By.className("task-open"));
            waitForText("task-system", "demo");
            var pad = browser.byId("handwriting");
            new org.openqa.selenium.interactions.Actions(browser.driver).moveToElement(pad, -120, 10).clickAndHold()
                    .moveByOffset(40, -30).moveByOffset(40, 40).moveByOffset(40, -25).release().perform();
            browser.byId("confirm").click();
            browser.byId("pin-input").sendKeys(PIN);
            browser.byId("pin-ok").click();
            waitForText("message", "已签名。");
            JsonNode done = await("the signed consent").atMost(ANSWER).until(() -> JSON.readTree(
                    getWithKey("/api/v1/requests/" + requestId).body()), body -> "DONE".equals(body.path("status")
                    .asText()));

            byte[] cms = Base64.getDecoder().decode(done.get("cms").asText());
            byte[] content = document.getBytes(StandardCharsets.UTF_8);
            byte[] kept = handwritings.imageOf(done.get("signatureId").asText()).orElseThrow();
            assertThat(org.medsign.crypto.cms.HandwritingAttribute.of(cms, content).matches(kept))
                    .as("the CMS's SM3 attribute is the stored PNG's").isTrue();
            assertThat(OpensslCmsCheck.verify(work.resolve("openssl"), cms, content, chain())).isEqualTo(staffId);
            assertThat(signerSerial(cms, content)).isEqualTo(serial);
        } finally {
            asAdmin("secadmin", HttpRequest.newBuilder(
                    uri("/api/v1/ledger/systems/demo/signing-policy/informed-consent")).DELETE());
        }
    }

    @Test
    void aScanToLoginIsConfirmedByTheSigningRoundOnThePhone() throws Exception {
        String staffId = clinician("C3004");
        String serial = activateInApp(staffId);
        loginInApp(staffId);
        String hisKey = Files.readString(home.resolve("secrets").resolve("his-api-key")).trim();
        HttpResponse<String> issued = send(HttpRequest.newBuilder(uri("/api/v1/login-challenges"))
                .header("Content-Type", "application/json").header("X-Medsign-Api-Key", hisKey)
                .POST(HttpRequest.BodyPublishers.ofString("")).build());
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        String id = JSON.readTree(issued.body()).get("challengeId").asText();

        browser.open("/m/?login=" + id);
        waitForText("lc-question", "his 请求以您的身份登录");
        browser.byId("lc-confirm").click();
        browser.byId("pin-input").sendKeys(PIN);
        browser.byId("pin-ok").click();
        new WebDriverWait(browser.driver, Duration.ofSeconds(60)).until(ExpectedConditions.textToBe(By.id("message"),
                "已确认登录，请回到电脑继续。"));

        JsonNode state = JSON.readTree(send(HttpRequest.newBuilder(uri("/api/v1/login-challenges/" + id))
                .header("X-Medsign-Api-Key", hisKey).GET().build()).body());
        assertThat(state.get("status").asText()).isEqualTo("CONFIRMED");
        assertThat(state.get("certificateSerial").asText()).as("signed with the collaborative key").isEqualTo(serial);
        assertThat(LoginSignatureCheck.verify(Files.createTempDirectory("collab-login-"),
                state.get("signedData").asText(), state.get("signature").asText(), state.get("certificate").asText(),
                getWithKey("/api/v1/ca/chain").body())).as("OpenSSL verifies the login signature").isTrue();
    }

    @Test
    void aCertificateLeftToTheDeviceByARenewalCampaignIsRenewedFromThePromptAndSignsAfterwards() throws Exception {
        String staffId = clinician("C3005");
        String serial = activateInApp(staffId);
        loginInApp(staffId);
        assertThat(browser.driver.findElement(By.id("renewal-prompt")).isDisplayed()).as("nothing to renew yet")
                .isFalse();

        // the renewal campaign leaves the collaborative certificate to the device (WAITS_FOR_DEVICE)
        HttpResponse<String> campaign = asAdmin("secadmin", HttpRequest.newBuilder(uri("/api/v1/ledger/campaigns"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"staffIds\":[\"" + staffId + "\"]}")));
        assertThat(campaign.statusCode()).as(campaign.body()).isEqualTo(200);
        long campaignId = JSON.readTree(campaign.body()).get("id").asLong();
        assertThat(jdbc.sql("SELECT reason_code FROM renewal_campaign_item WHERE campaign_id = ? AND old_serial = ?")
                .params(campaignId, serial).query(String.class).single()).isEqualTo("WAITS_FOR_DEVICE");

        // the clinician opens the app: the hub's login answer says the key waits for the device
        loginInApp(staffId);
        assertThat(browser.byId("renewal-prompt").findElement(By.tagName("strong")).getText())
                .isEqualTo("您的协同签名证书需要更新");
        screenshot("renewal-prompt");

        // a wrong PIN is refused by the hub: nothing renewed, the stored share unchanged
        browser.byId("renewal-start").click();
        waitForText("pin-prompt", "输入签名密码以更新证书");
        browser.byId("pin-input").sendKeys("918273");
        browser.byId("pin-ok").click();
        waitForText("pin-error", "签名密码错误。");
        assertThat(activeSerials(staffId)).containsExactly(serial);

        browser.byId("pin-input").sendKeys(PIN);
        browser.byId("pin-ok").click();
        new WebDriverWait(browser.driver, Duration.ofSeconds(60)).until(ExpectedConditions.textToBe(By.id("message"),
                "协同签名证书已更新。"));
        screenshot("renewed");
        assertThat(browser.driver.findElement(By.id("renewal-prompt")).isDisplayed()).isFalse();
        JsonNode device = JSON.readTree((String) ((JavascriptExecutor) browser.driver).executeScript(
                "return localStorage.getItem('medsign.device." + staffId + "');"));
        String renewed = device.get("serial").asText();
        assertThat(renewed).isNotEqualTo(serial);
        assertThat(Base64.getDecoder().decode(device.get("sealed").asText())).hasSize(150);
        Map<String, JsonNode> ledger = ledgerCertificates(staffId);
        assertThat(ledger.get(serial).get("status").asText()).as("the old certificate superseded").isEqualTo("REVOKED");
        assertThat(ledger.get(renewed).get("status").asText()).isEqualTo("ACTIVE");
        assertThat(ledger.get(renewed).get("keyCustody").asText()).isEqualTo("COLLABORATIVE");
        assertThat(activeSerials(staffId)).containsExactly(renewed);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'DEVICE_KEY_RENEWED' AND target = ?")
                .param("staff/" + staffId).query(Integer.class).single()).isEqualTo(1);

        // nothing waits any more; the next HIS document is signed jointly under the new certificate
        loginInApp(staffId);
        assertThat(browser.driver.findElement(By.id("renewal-prompt")).isDisplayed()).isFalse();
        String controlId = "MCOLR" + System.nanoTime();
        String text = "出院小结：续期后协同签名。";
        long taskId = sendAndAwaitTask(controlId, staffId, text);
        browser.clickWithin(task(taskId), By.className("task-open"));
        browser.byId("confirm").click();
        browser.byId("pin-input").sendKeys(PIN);
        browser.byId("pin-ok").click();
        waitForText("message", "已签名。");
        byte[] content = text.getBytes(StandardCharsets.UTF_8);
        byte[] cms = MllpPeer.cmsOf(awaitAnswer(controlId));
        assertThat(OpensslCmsCheck.verify(work.resolve("openssl"), cms, content, chain())).isEqualTo(staffId);
        assertThat(signerSerial(cms, content)).as("signed with the renewed certificate").isEqualTo(renewed);
    }

    @Test
    void theAppLoadsTheCollaborativeClientUnderTheStrictPolicy() {
        HttpResponse<String> bundle = send(HttpRequest.newBuilder(uri("/m/collab.js")).GET().build());
        assertThat(bundle.statusCode()).isEqualTo(200);
        assertThat(bundle.headers().firstValue("Content-Security-Policy")).get().asString()
                .contains(SecurityConfiguration.MOBILE_APP_CSP);
        String index = send(HttpRequest.newBuilder(uri("/m/")).GET().build()).body();
        assertThat(index.indexOf("<script src=\"/m/collab.js\" defer></script>")).isPositive()
                .isLessThan(index.indexOf("<script src=\"/m/app.js\" defer></script>"));
        browser.open("/m/");
        browser.byId("lang");
        assertThat(((JavascriptExecutor) browser.driver).executeScript(
                "return typeof window.MedsignCollab.createClient;")).isEqualTo("function");
    }

    // ---- plumbing

    /**
     * Activates the clinician's phone in the app with a fresh code (the collaborative path) and returns the serial
     * the phone keeps with its sealed share.
     */
    private String activateInApp(String staffId) throws Exception {
        String code = issueCode(staffId);
        browser.open("/m/");
        ((JavascriptExecutor) browser.driver).executeScript("sessionStorage.clear(); localStorage.clear();");
        browser.open("/m/");
        browser.byId("staffId").sendKeys(staffId);
        browser.byId("show-activate").click();
        browser.byId("act-code").sendKeys(code);
        browser.byId("act-pin").sendKeys(PIN);
        browser.byId("act-pin2").sendKeys(PIN);
        browser.byId("activate").click();
        new WebDriverWait(browser.driver, Duration.ofSeconds(60)).until(ExpectedConditions.textToBe(By.id("message"),
                "激活成功，请用新设置的签名密码登录。"));
        screenshot("activated");
        String stored = (String) ((JavascriptExecutor) browser.driver).executeScript(
                "return localStorage.getItem('medsign.device." + staffId + "');");
        assertThat(stored).as("the phone keeps its sealed share").isNotNull().doesNotContain(PIN);
        JsonNode device = JSON.readTree(stored);
        assertThat(Base64.getDecoder().decode(device.get("sealed").asText())).hasSize(150);
        assertThat(device.get("publicKey").asText()).matches("04[0-9a-f]{128}");
        return device.get("serial").asText();
    }

    /** Logs in on the phone, keeping what it stores (the sealed share). */
    private void loginInApp(String staffId) {
        browser.open("/m/");
        ((JavascriptExecutor) browser.driver).executeScript("sessionStorage.clear();");
        browser.open("/m/");
        browser.byId("staffId").clear();
        browser.byId("staffId").sendKeys(staffId);
        browser.byId("pin").sendKeys(PIN);
        browser.byId("login").click();
        browser.byId("nav-windows");
    }

    /** A clinician with a hub-held certificate and an HIS account of the same id (no window: requests wait). */
    private String clinician(String staffId) {
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.sql("INSERT INTO staff (staff_id, name, department, post, employment_status, created_at, updated_at) "
                + "VALUES (?, '协同医生', '测试科', '主治医师', 'active', ?, ?)").params(staffId, now, now).update();
        jdbc.sql("INSERT INTO system_account (system_id, account, staff_id) VALUES ('his', ?, ?)")
                .params(staffId, staffId).update();
        certificates.issue(staffId, "协同医生", "测试科", null, Instant.now(), null);
        return staffId;
    }

    private String issueCode(String staffId) throws Exception {
        HttpResponse<String> issued = asAdmin("secadmin", HttpRequest.newBuilder(uri("/api/v1/admin/staff/" + staffId
                + "/activation")).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
        return JSON.readTree(issued.body()).get("code").asText();
    }

    private long sendAndAwaitTask(String controlId, String signer, String text) throws Exception {
        String ack = MllpPeer.send(hisPort, MobileSigningPathsBrowserIntegrationTests.mdm(controlId, signer, text)
                .getBytes(GBK), GBK);
        assertThat(MllpPeer.field(ack, "MSA", 1)).isEqualTo("AA");
        return await("the task of " + controlId).atMost(ANSWER).until(() -> jdbc.sql(
                        "SELECT id FROM signing_task WHERE system_id = 'his' AND request_id = ? AND status = 'PENDING'")
                .param(controlId).query(Long.class).optional().orElse(null), Objects::nonNull);
    }

    private String awaitAnswer(String controlId) {
        return await("the answer to " + controlId).atMost(ANSWER).until(() -> his.received().stream()
                .filter(m -> m.contains(controlId) && m.contains("MDM^T04")).findFirst().orElse(null), Objects::nonNull);
    }

    private String status(String requestId) {
        return jdbc.sql("SELECT status FROM signing_request WHERE system_id = 'his' AND request_id = ?")
                .param(requestId).query(String.class).optional().orElse(null);
    }

    private int openWindows(String staffId) {
        return jdbc.sql("SELECT COUNT(*) FROM signing_authorization WHERE staff_id = ? AND revoked = FALSE")
                .param(staffId).query(Integer.class).single();
    }

    private List<String> activeSerials(String staffId) {
        return jdbc.sql("SELECT serial FROM staff_certificate WHERE staff_id = ? AND status = 'ACTIVE'")
                .param(staffId).query(String.class).list();
    }

    private Map<String, JsonNode> ledgerCertificates(String staffId) throws Exception {
        HttpResponse<String> answer = asAdmin("secadmin", HttpRequest.newBuilder(uri("/api/v1/ledger/staff/"
                + staffId)).GET());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        Map<String, JsonNode> bySerial = new HashMap<>();
        JSON.readTree(answer.body()).get("certificates").forEach(entry -> bySerial.put(
                entry.get("certificate").get("serial").asText(), entry.get("certificate")));
        return bySerial;
    }

    private static String signerSerial(byte[] cms, byte[] content) {
        var parsed = ParsedSignedData.parse(cms, content);
        X509CertificateHolder signer = (X509CertificateHolder) parsed.signedData().getCertificates()
                .getMatches(parsed.signedData().getSignerInfos().getSigners().iterator().next().getSID())
                .iterator().next();
        return SerialNumbers.hex(signer.getSerialNumber());
    }

    private List<X509CertificateHolder> chain() {
        return Pem.parseCertificates(getWithKey("/api/v1/ca/chain").body().getBytes(StandardCharsets.US_ASCII));
    }

    private static By task(long taskId) {
        return By.cssSelector(".task[data-task-id='" + taskId + "']");
    }

    private void waitForText(String id, String text) {
        new WebDriverWait(browser.driver, Duration.ofSeconds(20))
                .until(ExpectedConditions.textToBe(By.id(id), text));
    }

    /** Saves the page as {@code m-collab-<name>.png} when a screenshot directory is named (never in CI by default). */
    private void screenshot(String name) {
        browser.screenshot("m-collab-" + name);
    }
}
