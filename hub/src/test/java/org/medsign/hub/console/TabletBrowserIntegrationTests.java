package org.medsign.hub.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.medsign.crypto.cms.HandwritingAttribute;
import org.medsign.hub.DemoSigners;
import org.medsign.hub.HubTestSupport;
import org.medsign.hub.OpensslCmsCheck;
import org.medsign.hub.PatientConsentFixtures;
import org.medsign.hub.SharedHub;
import org.medsign.hub.lifecycle.ledger.StaffCertificates;
import org.medsign.hub.pki.HubPki;
import org.medsign.hub.security.SecurityConfiguration;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The patient tablet ({@code /m/tablet}) in headless Chromium on a 1024×768 tablet viewport, against a running hub on
 * the embedded default (issue #13 point 6): a system creates a consent; the nurse (D0005) logs in on the tablet,
 * opens it, the test writes on {@code #handwriting} with pointer strokes and submits; the patient's CMS (event
 * certificate) verifies with OpenSSL and carries the SM3 of the drawn PNG; the clinician confirms the co-signature
 * task in the app API and the consent shows both signatures. With {@code MEDSIGN_SCREENSHOTS} naming a directory the
 * consent page is saved there as {@code m-tablet.png}.
 */
@SharedHub
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TabletBrowserIntegrationTests extends HubTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DOCUMENT = "手术知情同意书\n\n拟行手术：腹腔镜胆囊切除术\n麻醉方式：全身麻醉\n\n"
            + "医生已向我说明手术的必要性、可能的风险与并发症（出血、感染、胆管损伤等）及其他治疗选择。"
            + "我已阅读并理解上述内容，同意接受手术。";

    @Autowired
    JdbcClient jdbc;
    @Autowired
    StaffCertificates certificates;
    @Autowired
    HubPki pki;

    @TempDir
    Path work;

    ConsoleBrowser browser;

    @BeforeAll
    void startTablet() {
        browser = ConsoleBrowser.phone(port, 1024, 768);
    }

    @AfterAll
    void stopTablet() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void nurseOpensTheConsentThePatientWritesAndTheClinicianCoSigns() throws Exception {
        String clinician = DemoSigners.withoutWindow(jdbc, certificates, "TB901");
        HttpResponse<String> created = postJson("/api/v1/consents", PatientConsentFixtures.newConsent("TABLET-1",
                "腹腔镜胆囊切除术知情同意书", DOCUMENT, "张三", PatientConsentFixtures.idCardNumber("44030519850615123"),
                clinician));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String consentId = json(created).get("consentId").asText();
        PatientConsentFixtures.activateAndLogin(uri("/"), ADMIN_PASSWORD, "D0005");

        browser.open("/m/tablet");
        ((JavascriptExecutor) browser.driver).executeScript("sessionStorage.clear(); localStorage.clear();");
        browser.open("/m/tablet");
        assertThat(browser.text("login")).as("Chinese by default").isEqualTo("登录");
        assertThat(String.valueOf(((JavascriptExecutor) browser.driver).executeScript(
                "return window.innerWidth + 'x' + window.innerHeight;"))).isEqualTo("1024x768");
        browser.byId("staffId").sendKeys("D0005");
        browser.byId("pin").sendKeys(PatientConsentFixtures.PIN);
        browser.byId("login").click();

        By entry = By.cssSelector(".consent[data-consent-id='" + consentId + "']");
        browser.waitFor(entry).findElement(By.className("consent-open")).click();
        new WebDriverWait(browser.driver, Duration.ofSeconds(15))
                .until(ExpectedConditions.textToBe(By.id("consent-patient"), "张三"));
        assertThat(browser.byId("consent-document").getText()).contains("腹腔镜胆囊切除术").contains("同意接受手术");
        assertThat(browser.byId("submit").isEnabled()).as("nothing written yet").isFalse();

        WebElement pad = browser.byId("handwriting");
        new Actions(browser.driver).moveToElement(pad, -300, 10).clickAndHold().moveByOffset(60, -40)
                .moveByOffset(60, 50).moveByOffset(60, -30).release()
                .moveToElement(pad, 0, -30).clickAndHold().moveByOffset(10, 40).moveByOffset(80, 20)
                .moveByOffset(40, -50).release()
                .moveToElement(pad, 150, 0).clickAndHold().moveByOffset(100, 0).release().perform();
        new WebDriverWait(browser.driver, Duration.ofSeconds(5))
                .until(ExpectedConditions.elementToBeClickable(By.id("submit")));
        screenshot("tablet");
        browser.byId("submit").click();

        browser.waitFor(By.id("page-done"));
        String patientSignatureId = browser.text("done-signature");
        assertThat(patientSignatureId).matches("[0-9a-f-]{36}");
        assertThat(browser.byId("done-clinician").getAttribute("data-status")).isIn("RECEIVED", "PENDING");

        // the drawn PNG: not blank, its SM3 is the signed attribute; the patient's CMS verifies with OpenSSL
        JsonNode waiting = awaitConsent(consentId, "WAITING_CLINICIAN", c -> c.at("/clinician/taskId").isNumber());
        byte[] png = Base64.getDecoder().decode(waiting.at("/patient/handwriting").asText());
        assertThat(inked(ImageIO.read(new ByteArrayInputStream(png)))).as("strokes on the pad").isGreaterThan(100);
        byte[] cms = Base64.getDecoder().decode(waiting.at("/patient/cms").asText());
        byte[] content = DOCUMENT.getBytes(StandardCharsets.UTF_8);
        assertThat(HandwritingAttribute.of(cms, content).matches(png)).isTrue();
        assertThat(OpensslCmsCheck.verify(work.resolve("patient"), cms, content, pki.chain())).hasSize(64);
        assertThat(waiting.at("/patient/signatureId").asText()).isEqualTo(patientSignatureId);

        // the clinician co-signs: the pending task confirmed with the PIN in the app API
        String doctor = PatientConsentFixtures.activateAndLogin(uri("/"), ADMIN_PASSWORD, clinician);
        HttpResponse<String> confirmed = send(HttpRequest.newBuilder(uri("/api/v1/m/tasks/"
                        + waiting.at("/clinician/taskId").asLong() + "/confirm"))
                .header("Authorization", "Bearer " + doctor).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"pin\":\"" + PatientConsentFixtures.PIN + "\"}")).build());
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
        JsonNode done = awaitConsent(consentId, "DONE", c -> true);
        assertThat(done.at("/patient/cms").asText()).isNotBlank();
        assertThat(OpensslCmsCheck.verify(work.resolve("clinician"), Base64.getDecoder().decode(
                done.at("/clinician/cms").asText()), content, pki.chain())).isEqualTo(clinician);

        browser.byId("done-back").click();
        browser.waitFor(By.id("page-list"));
        // the hub is shared with other consent tests, so other consents may wait on the list; this one is gone
        new WebDriverWait(browser.driver, Duration.ofSeconds(15))
                .until(ExpectedConditions.numberOfElementsToBe(entry, 0));
    }

    @Test
    void tabletPageIsPublicUnderTheAppsCspAndItsScriptIsAFile() {
        for (String path : new String[] {"/m/tablet", "/m/tablet.html", "/m/tablet.js", "/m/tablet.css"}) {
            HttpResponse<String> page = send(HttpRequest.newBuilder(uri(path)).GET().build());
            assertThat(page.statusCode()).as(path).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Security-Policy")).as(path)
                    .contains(SecurityConfiguration.MOBILE_APP_CSP);
        }
        String html = send(HttpRequest.newBuilder(uri("/m/tablet")).GET().build()).body();
        assertThat(html).contains("<script src=\"/m/tablet.js\" defer></script>").contains("id=\"handwriting\"")
                .doesNotContain("<script>").doesNotContain("style=");
        assertThat(send(HttpRequest.newBuilder(uri("/m/tablet")).POST(HttpRequest.BodyPublishers.noBody()).build())
                .statusCode()).as("read only").isIn(401, 403, 405);
    }

    // ---- plumbing

    private JsonNode awaitConsent(String consentId, String status, java.util.function.Predicate<JsonNode> also) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            last[0] = json(getWithKey("/api/v1/consents/" + consentId));
            return status.equals(last[0].get("status").asText()) && also.test(last[0]);
        });
        return last[0];
    }

    /** Pixels with ink (opaque and dark). */
    private static int inked(BufferedImage image) {
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int argb = image.getRGB(x, y);
                if ((argb >>> 24) > 128 && (argb & 0xFF) < 128) {
                    count++;
                }
            }
        }
        return count;
    }

    /** Saves the page as {@code m-<name>.png} when a screenshot directory is named (never in CI by default). */
    private void screenshot(String name) {
        browser.screenshot("m-" + name);
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError(response.body(), e);
        }
    }
}
