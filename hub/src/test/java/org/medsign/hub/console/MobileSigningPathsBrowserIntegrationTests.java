package org.medsign.hub.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.medsign.crypto.cert.Pem;
import org.medsign.hub.HubTestSupport;
import org.medsign.hub.OpensslCmsCheck;
import org.medsign.hub.integration.MllpPeer;
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
 * The whole clinician-controlled path in headless Chromium on a 375×667 phone, with the shipped HIS (MDM^T02 over
 * MLLP) and physical-exam (FHIR) routes (issue #13): a message comes in for a demo signer who holds no window (the
 * demo systems are under the {@code window} policy), the task appears on the phone, the PIN confirms it, and the system
 * receives the signed result whose CMS the OpenSSL recipe verifies. Also: a batch of 20 confirmed with one PIN; a
 * rejection on the phone becomes the HIS's failure notice; five wrong PINs lock the PIN until the security
 * administrator unlocks it; a consent whose scenario needs the signer's handwriting is signed with the strokes the
 * test draws on the phone's pad, and the CMS carries the stored PNG's SM3.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MobileSigningPathsBrowserIntegrationTests extends HubTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Charset GBK = Charset.forName("GBK");
    private static final String PIN = "270419";

    static Path home;
    static MllpPeer.Listener his;
    static int hisPort;

    @Autowired
    JdbcClient jdbc;

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
        Files.copy(Path.of("../routes/physical-exam.yaml"), routes.resolve("physical-exam.yaml"));
        registry.add("medsign.routes.dir", routes::toString);
    }

    @Override
    protected Path home() {
        return home;
    }

    /** No windows here: every request of the demo signers waits for the phone. */
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
    void hisMdmT02IsSignedOnceTheSignerConfirmsItOnThePhone() throws Exception {
        String controlId = "MHIS" + System.nanoTime();
        String text = "出院小结：患者恢复良好，准予出院。";
        String ack = MllpPeer.send(hisPort, mdm(controlId, "D0002", text).getBytes(GBK), GBK);
        assertThat(MllpPeer.field(ack, "MSA", 1)).isEqualTo("AA");
        long taskId = awaitTask("his", controlId);
        assertThat(his.received().stream().filter(m -> m.contains(controlId))).as("nothing before the signer")
                .isEmpty();

        activate("D0002");
        login("D0002");
        browser.clickWithin(task(taskId), By.className("task-open"));
        waitForText("task-system", "his");
        waitForText("preview-text", text);
        screenshot("his-task");
        browser.byId("confirm").click();
        browser.byId("pin-input").sendKeys(PIN);
        browser.byId("pin-ok").click();
        waitForText("message", "已签名。");

        String result = await("MDM^T04 at the HIS listener").atMost(Duration.ofSeconds(30))
                .until(() -> his.received().stream().filter(m -> m.contains("DOC-" + controlId)).findFirst()
                        .orElse(null), Objects::nonNull);
        assertThat(MllpPeer.field(result, "MSH", 8)).startsWith("MDM^T04");
        assertThat(MllpPeer.field(result, "TXA", 17)).isEqualTo("LA");
        assertThat(OpensslCmsCheck.verify(work, MllpPeer.cmsOf(result), text.getBytes(StandardCharsets.UTF_8),
                chain())).isEqualTo("D0002");

        // the signer's history shows it, valid, and verifies it on request
        browser.byId("nav-history").click();
        String signatureId = jdbc.sql("SELECT signature_id FROM signature_record WHERE system_id = 'his' AND "
                + "request_id = ?").param(controlId).query(String.class).single();
        By entry = By.cssSelector(".history[data-signature-id='" + signatureId + "']");
        assertThat(browser.waitFor(entry).getText()).contains("DOC-" + controlId).contains("有效");
        browser.driver.findElement(entry).findElement(By.className("history-verify")).click();
        waitForText("history-detail", "验证通过：签名、证书链与时间戳均有效。");
        screenshot("history");
    }

    @Test
    void theInboxUpdatesLiveAndShowsTheDocument() {
        activate("D0007");
        login("D0007");
        browser.waitFor(By.id("tasks-empty"));
        new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(d -> browser.byId("live").isDisplayed());
        assertThat(browser.text("live")).isEqualTo("实时");
        HttpResponse<String> pending = postJson("/api/v1/sign/message",
                signMessage("live-" + System.nanoTime(), "D0007", "术前小结：拟行腹腔镜胆囊切除术。"));
        long taskId = json(pending).get("taskId").asLong();
        // the stream brings it well before the 15 s poll
        new WebDriverWait(browser.driver, Duration.ofSeconds(5)).until(ExpectedConditions.presenceOfElementLocated(
                task(taskId)));
        browser.clickWithin(task(taskId), By.className("task-open"));
        waitForText("preview-text", "术前小结：拟行腹腔镜胆囊切除术。");
        screenshot("preview");
    }

    @Test
    void theConsolesActivationQrLinkFillsTheActivationForm() {
        browser.open("/m/");
        ((JavascriptExecutor) browser.driver).executeScript("sessionStorage.clear(); localStorage.clear();");
        browser.open("/m/index.html#activate=D0008&code=ABCDEFGHJK"); // a fresh load, as from the camera
        waitForText("message", "已从二维码填入工号和激活码，请设置签名密码。");
        assertThat(browser.byId("act-staffId").getAttribute("value")).isEqualTo("D0008");
        assertThat(browser.byId("act-code").getAttribute("value")).isEqualTo("ABCDEFGHJK");
        assertThat(browser.driver.getCurrentUrl()).as("the code leaves the address bar").doesNotContain("ABCDEFGHJK");
    }

    @Test
    void physicalExamFhirIsSignedOnceTheSignerConfirmsItOnThePhone() throws Exception {
        String identifier = "MPE" + System.nanoTime();
        byte[] pdf = "%PDF-1.4\n% 健康体检报告 总检结论：未见明显异常\n%%EOF\n".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> waiting = fhirSign(documentReference(identifier, "D0005", pdf));
        assertThat(waiting.statusCode()).as(waiting.body()).isEqualTo(202);
        assertThat(JSON.readTree(waiting.body()).get("resourceType").asText()).isEqualTo("OperationOutcome");
        long taskId = awaitTask("physical-exam", identifier);

        activate("D0005");
        login("D0005");
        browser.clickWithin(task(taskId), By.className("task-open"));
        waitForText("task-system", "physical-exam");
        browser.byId("confirm").click();
        browser.byId("pin-input").sendKeys(PIN);
        browser.byId("pin-ok").click();
        waitForText("message", "已签名。");

        // the physical-exam system asks again with the same document: the signature made on confirmation
        HttpResponse<String> signed = await("the Provenance").atMost(Duration.ofSeconds(30))
                .until(() -> fhirSign(documentReference(identifier, "D0005", pdf)), r -> r.statusCode() == 200);
        JsonNode provenance = JSON.readTree(signed.body());
        assertThat(provenance.get("resourceType").asText()).isEqualTo("Provenance");
        byte[] cms = Base64.getDecoder().decode(provenance.at("/signature/0/data").asText());
        assertThat(OpensslCmsCheck.verify(work, cms, pdf, chain())).isEqualTo("D0005");
    }

    @Test
    void twentyTasksAreConfirmedWithOnePinEntry() {
        List<String> requestIds = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> pending = postJson("/api/v1/sign/message",
                    signMessage("batch-" + i + "-" + System.nanoTime(), "D0003", "病程记录 " + i));
            assertThat(pending.statusCode()).as(pending.body()).isEqualTo(202);
            requestIds.add(json(pending).get("requestId").asText());
        }
        activate("D0003");
        login("D0003");
        new WebDriverWait(browser.driver, Duration.ofSeconds(20))
                .until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".task[data-task-id]"), 20));
        browser.byId("select-all").click();
        browser.byId("batch-confirm").click();
        waitForText("pin-prompt", "输入签名密码，一次确认 20 项");
        screenshot("batch");
        browser.byId("pin-input").sendKeys(PIN);
        browser.byId("pin-ok").click();
        waitForText("message", "已签名 20 项。");
        await().atMost(Duration.ofSeconds(90))
                .until(() -> requestIds.stream().allMatch(id -> "DONE".equals(requestStatus(id))));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'TASK_CONFIRMED' AND actor = "
                + "'staff:D0003'").query(Integer.class).single()).isEqualTo(20);
    }

    @Test
    void aRejectionOnThePhoneIsTheHisFailureNotice() throws Exception {
        String controlId = "MREJ" + System.nanoTime();
        assertThat(MllpPeer.field(MllpPeer.send(hisPort, mdm(controlId, "D0004", "病程记录。").getBytes(GBK), GBK),
                "MSA", 1)).isEqualTo("AA");
        long taskId = awaitTask("his", controlId);
        activate("D0004");
        login("D0004");
        browser.clickWithin(task(taskId), By.className("task-open"));
        browser.byId("reject-reason").sendKeys("诊断描述有误，请修改");
        browser.byId("reject").click();
        waitForText("message", "已拒签。");

        String notice = await("the failure notice at the HIS listener").atMost(Duration.ofSeconds(30))
                .until(() -> his.received().stream().filter(m -> m.contains("DOC-" + controlId)).findFirst()
                        .orElse(null), Objects::nonNull);
        assertThat(MllpPeer.field(notice, "TXA", 17)).isNotEqualTo("LA");
        assertThat(MllpPeer.field(notice, "NTE", 3)).startsWith("TASK_REJECTED: ");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM signature_record WHERE system_id = 'his' AND request_id = ?")
                .param(controlId).query(Integer.class).single()).isZero();
    }

    @Test
    void fiveWrongPinsLockThePinUntilTheSecurityAdministratorUnlocksIt() {
        HttpResponse<String> pending = postJson("/api/v1/sign/message",
                signMessage("lock-" + System.nanoTime(), "D0006", "出院小结"));
        long taskId = json(pending).get("taskId").asLong();
        String requestId = json(pending).get("requestId").asText();
        activate("D0006");
        login("D0006");
        browser.clickWithin(task(taskId), By.className("task-open"));
        browser.byId("confirm").click();
        for (int i = 0; i < 5; i++) {
            browser.byId("pin-input").clear();
            browser.byId("pin-input").sendKeys("91827" + i);
            browser.byId("pin-ok").click();
            int attempt = i;
            new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(d -> {
                String error = browser.text("pin-error");
                return attempt < 4 ? "签名密码错误。".equals(error) : error.contains("锁定");
            });
            if (i < 4) {
                // the next attempt must show its own answer: clear the previous one first
                ((JavascriptExecutor) browser.driver).executeScript(
                        "document.getElementById('pin-error').textContent = '';");
            }
        }
        ((JavascriptExecutor) browser.driver).executeScript("document.getElementById('pin-error').textContent = '';");
        browser.byId("pin-input").clear();
        browser.byId("pin-input").sendKeys(PIN);
        browser.byId("pin-ok").click();
        waitForText("pin-error", "签名密码已锁定，请联系安全管理员解锁。");
        screenshot("pin-locked");
        assertThat(requestStatus(requestId)).as("locked: nothing signed").isEqualTo("PENDING");

        HttpResponse<String> unlocked = asAdmin("secadmin", HttpRequest.newBuilder(
                uri("/api/v1/ledger/staff/D0006/pin/unlock")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"本人来电核实身份\"}")));
        assertThat(unlocked.statusCode()).as(unlocked.body()).isEqualTo(200);
        browser.byId("pin-input").clear();
        browser.byId("pin-input").sendKeys(PIN);
        browser.byId("pin-ok").click();
        waitForText("message", "已签名。");
        await().atMost(Duration.ofSeconds(30)).until(() -> "DONE".equals(requestStatus(requestId)));
    }

    // ---- plumbing

    @Test
    void aConsentNeedingHandwritingIsSignedWithTheStrokesDrawnOnThePhone() throws Exception {
        HttpResponse<String> policy = asAdmin("secadmin", HttpRequest.newBuilder(
                uri("/api/v1/ledger/systems/demo/signing-policy")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(
                        "{\"policy\":\"window\",\"scenario\":\"informed-consent\",\"handwriting\":true}")));
        assertThat(policy.statusCode()).as(policy.body()).isEqualTo(200);
        try {
            String document = "手术知情同意书：拟行腹腔镜胆囊切除术，已告知风险。" + System.nanoTime();
            HttpResponse<String> pending = postJson("/api/v1/sign/message", "{\"requestId\":\"hand-"
                    + System.nanoTime() + "\",\"signer\":\"D0009\",\"scenario\":\"informed-consent\","
                    + "\"documentType\":\"知情同意书\",\"content\":\"" + b64(document) + "\",\"detached\":true}");
            assertThat(pending.statusCode()).as(pending.body()).isEqualTo(202);
            long taskId = json(pending).get("taskId").asLong();
            String requestId = json(pending).get("requestId").asText();
            activate("D0009");
            login("D0009");
            browser.clickWithin(task(taskId), By.className("task-open"));
            waitForText("task-system", "demo");
            assertThat(browser.byId("handwriting").isDisplayed()).as("the pad is shown for this task").isTrue();
            browser.byId("confirm").click();
            waitForText("message", "请先在签名区手写签名。");

            var pad = browser.byId("handwriting");
            new org.openqa.selenium.interactions.Actions(browser.driver).moveToElement(pad, -120, 10).clickAndHold()
                    .moveByOffset(40, -30).moveByOffset(40, 40).moveByOffset(40, -25).release()
                    .moveToElement(pad, 20, -20).clickAndHold().moveByOffset(10, 30).moveByOffset(70, 10).release()
                    .perform();
            screenshot("handwriting");
            browser.byId("confirm").click();
            browser.byId("pin-input").sendKeys(PIN);
            browser.byId("pin-ok").click();
            waitForText("message", "已签名。");
            await().atMost(Duration.ofSeconds(30)).until(() -> "DONE".equals(requestStatus(requestId)));

            JsonNode done = json(getWithKey("/api/v1/requests/" + requestId));
            byte[] cms = Base64.getDecoder().decode(done.get("cms").asText());
            byte[] content = document.getBytes(StandardCharsets.UTF_8);
            byte[] kept = handwritings.imageOf(done.get("signatureId").asText()).orElseThrow();
            var image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(kept));
            assertThat(image.getWidth()).isEqualTo(700);
            org.medsign.crypto.cms.HandwritingAttribute attribute =
                    org.medsign.crypto.cms.HandwritingAttribute.of(cms, content);
            assertThat(attribute.matches(kept)).as("the CMS's SM3 attribute is the stored PNG's").isTrue();
            assertThat(OpensslCmsCheck.verify(work, cms, content, chain())).isEqualTo("D0009");
        } finally {
            asAdmin("secadmin", HttpRequest.newBuilder(
                    uri("/api/v1/ledger/systems/demo/signing-policy/informed-consent")).DELETE());
        }
    }

    @Test
    void aWindowOpenedForOneScenarioSignsThatScenarioAtOnceAndNoOther() {
        activate("D0010");
        login("D0010");
        browser.byId("nav-windows").click();
        browser.waitFor(By.id("window-system-demo")).click();
        browser.byId("window-scenario").sendKeys("病程记录");
        browser.byId("window-open").click();
        new WebDriverWait(browser.driver, Duration.ofSeconds(20)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("windows"), "demo · 病程记录"));
        screenshot("window-scenario");

        HttpResponse<String> covered = postJson("/api/v1/sign/message", "{\"requestId\":\"scn-" + System.nanoTime()
                + "\",\"signer\":\"D0010\",\"scenario\":\"病程记录\",\"content\":\"" + b64("病程记录") + "\"}");
        assertThat(covered.statusCode()).as(covered.body()).isEqualTo(200);
        HttpResponse<String> other = postJson("/api/v1/sign/message", "{\"requestId\":\"scn-" + System.nanoTime()
                + "\",\"signer\":\"D0010\",\"scenario\":\"出院小结\",\"content\":\"" + b64("出院小结") + "\"}");
        assertThat(other.statusCode()).as("another scenario waits for the phone: " + other.body()).isEqualTo(202);
    }

    static String mdm(String controlId, String signer, String text) {
        return "MSH|^~\\&|HIS|HOSP|MEDSIGN|HOSP|20261127093000||MDM^T02^MDM_T02|" + controlId + "|P|2.4|||||CHN|GBK\r"
                + "EVN|T02|20261127093000\rPID|1||P123456^^^HOSP^MR||张^三||19800101|M\r"
                + "TXA|1|DS|TX|20261127092500|" + signer + "^王^医生||20261127092500|||||DOC-" + controlId
                + "||||||AU||||" + signer + "^王^医生\rOBX|1|TX|DISCHARGE^出院小结^L||" + text + "||||||F\r";
    }

    static String documentReference(String identifier, String staff, byte[] document) {
        return """
                {"resourceType":"DocumentReference","id":"exam-%1$s",
                 "contained":[{"resourceType":"Practitioner","id":"author",
                   "identifier":[{"system":"urn:hospital:physical-exam:staff","value":"%2$s"}],
                   "name":[{"text":"孙医生"}]}],
                 "masterIdentifier":{"system":"urn:hospital:physical-exam:report","value":"%1$s"},
                 "status":"current",
                 "type":{"coding":[{"system":"http://loinc.org","code":"11503-0","display":"Medical records"}]},
                 "author":[{"reference":"#author"}],
                 "content":[{"attachment":{"contentType":"application/pdf","data":"%3$s"}}]}
                """.formatted(identifier, staff, Base64.getEncoder().encodeToString(document));
    }

    private HttpResponse<String> fhirSign(String body) {
        return send(HttpRequest.newBuilder(uri("/fhir/DocumentReference/$sign"))
                .header("Content-Type", "application/fhir+json").header("X-Medsign-Api-Key", systemKey("physical-exam"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private String systemKey(String system) {
        try {
            return Files.readString(home.resolve("secrets").resolve(system + "-api-key")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<X509CertificateHolder> chain() {
        return Pem.parseCertificates(getWithKey("/api/v1/ca/chain").body().getBytes(StandardCharsets.US_ASCII));
    }

    /** The pending task the request became (the worker holds it within seconds). */
    private long awaitTask(String system, String requestId) {
        return await(system + " " + requestId + " as a task").atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                        "SELECT t.id FROM signing_task t JOIN signing_request r ON r.id = t.request_pk WHERE "
                                + "r.system_id = ? AND r.request_id = ? AND t.status = 'PENDING'")
                .params(system, requestId).query(Long.class).optional().orElse(null), Objects::nonNull);
    }

    private static By task(long taskId) {
        return By.cssSelector(".task[data-task-id='" + taskId + "']");
    }

    /** Activates the signer's app with a fresh code from the security administrator (API). */
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

    private void login(String staffId) {
        browser.open("/m/");
        ((JavascriptExecutor) browser.driver).executeScript("sessionStorage.clear(); localStorage.clear();");
        browser.open("/m/");
        browser.byId("staffId").sendKeys(staffId);
        browser.byId("pin").sendKeys(PIN);
        browser.byId("login").click();
        browser.byId("nav-windows");
    }

    private void waitForText(String id, String text) {
        new WebDriverWait(browser.driver, Duration.ofSeconds(20))
                .until(ExpectedConditions.textToBe(By.id(id), text));
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

    /** Saves the page as {@code m-<name>.png} when a screenshot directory is named (never in CI by default). */
    private void screenshot(String name) {
        browser.screenshot("m-" + name);
    }
}
