package org.medsign.hub.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.medsign.crypto.collab.CollabClient;
import org.medsign.crypto.collab.KeygenResponse;
import org.medsign.hub.ConsoleHttpSession;
import org.medsign.hub.HubTestSupport;
import org.medsign.hub.lifecycle.ledger.StaffCertificates;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The console's 协同签名激活 page (issue #14 point 4) in headless Chromium against a hub on H2: the counts equal the
 * API's {@code GET /api/v1/admin/device-campaign}; filtered by department and state it shows who has activated; the
 * button downloads the API's CSV of fresh codes for the department's holders who have not activated (nobody else),
 * a downloaded code activates a device over HTTP and the page counts it; the codes appear in no page; the system and
 * audit administrators get neither the page nor the codes. Screenshot {@code console-device-campaign.png}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "medsign.security.max-failed-authentications=100")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeviceCampaignConsoleBrowserIntegrationTests extends HubTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PIN = "270419";
    private static final String DEPARTMENT = "急诊科";

    static Path home;
    static Path downloads;

    @Autowired
    JdbcClient jdbc;
    @Autowired
    StaffCertificates certificates;

    ConsoleBrowser browser;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        home = freshHome(registry);
        downloads = Files.createDirectories(home.resolveSibling(home.getFileName() + "-downloads"));
    }

    @Override
    protected Path home() {
        return home;
    }

    @Override
    protected boolean demoWindows() {
        return false;
    }

    @BeforeAll
    void start() throws Exception {
        browser = ConsoleBrowser.start(port, downloads);
        for (String id : List.of("E0001", "E0002", "E0003")) {
            holder(id, DEPARTMENT);
        }
        holder("P0001", "儿科");
        activate("E0001", code("E0001"));
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    @Order(1)
    void theCountsAreTheApisAndTheFiltersShowWhoHasActivated() throws Exception {
        JsonNode all = progress(null);
        browser.loginAndWait("secadmin", adminPassword());
        browser.clickAndWaitForNewPage("menu-deviceCampaign");
        assertThat(browser.title()).isEqualTo("协同签名激活");
        assertThat(browser.text("count-holders")).isEqualTo(all.get("holders").asText());
        assertThat(browser.text("count-activated")).isEqualTo(all.get("activated").asText()).isEqualTo("1");
        assertThat(browser.text("count-waiting")).isEqualTo(all.get("waiting").asText());
        assertThat(browser.byId("holder-D0001").findElement(By.className("holder-state")).getText()).isEqualTo("未激活");

        new Select(browser.byId("filter-department")).selectByValue(DEPARTMENT);
        browser.clickAndWaitForNewPage("filter-submit");
        JsonNode department = progress(DEPARTMENT);
        assertThat(browser.text("count-holders")).isEqualTo(department.get("holders").asText()).isEqualTo("3");
        assertThat(browser.text("count-activated")).isEqualTo("1");
        assertThat(browser.text("count-waiting")).isEqualTo("2");
        assertThat(browser.text("progress-text")).isEqualTo("已激活 1 / 3 人（33%）");
        assertThat(rows()).containsExactly("E0001", "E0002", "E0003");
        assertThat(browser.byId("holder-E0001").findElement(By.className("holder-state")).getText()).isEqualTo("已激活");

        new Select(browser.byId("filter-state")).selectByValue("ACTIVATED");
        browser.clickAndWaitForNewPage("filter-submit");
        assertThat(rows()).containsExactly("E0001");
        new Select(browser.byId("filter-state")).selectByValue("WAITING");
        browser.clickAndWaitForNewPage("filter-submit");
        assertThat(rows()).containsExactly("E0002", "E0003");
        assertThat(browser.text("codes-scope")).isEqualTo("范围：急诊科，未激活 2 人");
        browser.screenshot("console-device-campaign");

        browser.open("/console/device-campaign?department=" + URLEncoder.encode(DEPARTMENT, StandardCharsets.UTF_8)
                + "&lang=en");
        assertThat(browser.title()).isEqualTo("Collaborative key activation");
        assertThat(browser.text("progress-text")).isEqualTo("1 of 3 activated (33%)");
        browser.open("/console/device-campaign?lang=zh");
    }

    @Test
    @Order(2)
    void theButtonDownloadsCodesForTheDepartmentsWaitingHoldersAndACodeActivatesADevice() throws Exception {
        browser.loginAndWait("secadmin", adminPassword());
        browser.open("/console/device-campaign?department=" + URLEncoder.encode(DEPARTMENT, StandardCharsets.UTF_8));
        browser.byId("codes-submit").click();

        Path csv = await("the CSV download").atMost(Duration.ofSeconds(30)).until(this::downloaded,
                path -> path != null);
        String text = Files.readString(csv, StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFF");
        List<String> lines = text.substring(1).lines().toList();
        assertThat(lines.get(0)).isEqualTo("staff_id,name,department,code,expires_at");
        assertThat(lines.subList(1, lines.size())).extracting(line -> line.split(",")[0])
                .containsExactly("E0002", "E0003");
        String code = lines.get(1).split(",")[3];
        assertThat(code).matches("[A-Z2-9]{10}");
        assertThat(browser.driver.getPageSource()).as("the codes are in the download only").doesNotContain(code);
        assertThat(jdbc.sql("SELECT detail FROM audit_event WHERE action = 'DEVICE_CAMPAIGN_CODES' AND actor = "
                + "'secadmin' AND target = ?").param("department/" + DEPARTMENT).query(String.class).list())
                .containsExactly("2 activation codes");

        activate("E0002", code);
        browser.open("/console/device-campaign?department=" + URLEncoder.encode(DEPARTMENT, StandardCharsets.UTF_8));
        assertThat(browser.text("count-activated")).isEqualTo("2");
        assertThat(browser.text("progress-text")).isEqualTo("已激活 2 / 3 人（66%）");
        assertThat(browser.byId("holder-E0002").findElement(By.className("holder-state")).getText()).isEqualTo("已激活");
    }

    @Test
    @Order(3)
    void theSystemAndAuditAdministratorsGetNeitherThePageNorTheCodes() {
        int issued = codesIssued();
        for (String user : List.of("sysadmin", "auditadmin")) {
            browser.loginAndWait(user, adminPassword());
            assertThat(browser.driver.findElements(By.id("menu-deviceCampaign"))).as(user).isEmpty();
            browser.open("/console/device-campaign");
            assertThat(browser.title()).as(user).isEqualTo("无权访问");

            ConsoleHttpSession session = ConsoleHttpSession.login(uri("/"), user, adminPassword());
            assertThat(session.postForm("/console/device-campaign/codes", "department=", "/console").statusCode())
                    .as(user).isEqualTo(403);
        }
        assertThat(codesIssued()).as("no code issued").isEqualTo(issued);
    }

    // ---- plumbing

    private List<String> rows() {
        return browser.driver.findElements(By.cssSelector("#holders .holder-row")).stream()
                .map(WebElement::getText).map(text -> text.split("\\s+")[0]).toList();
    }

    /** The finished download, or null while none (Chromium writes a .crdownload first). */
    private Path downloaded() throws IOException {
        try (Stream<Path> files = Files.list(downloads)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".csv")).findFirst().orElse(null);
        }
    }

    private int codesIssued() {
        return jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action IN ('DEVICE_CAMPAIGN_CODES', "
                + "'APP_ACTIVATION_ISSUED')").query(Integer.class).single();
    }

    /** A staff member holding a hub-held signing certificate. */
    private void holder(String staffId, String department) {
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.sql("INSERT INTO staff (staff_id, name, department, post, employment_status, created_at, updated_at) "
                + "VALUES (?, ?, ?, '主治医师', 'active', ?, ?)").params(staffId, "医生" + staffId, department, now, now)
                .update();
        certificates.issue(staffId, "医生" + staffId, department, null, Instant.now(), null);
    }

    private String code(String staffId) throws Exception {
        HttpResponse<String> issued = asAdmin("secadmin", HttpRequest.newBuilder(uri("/api/v1/admin/staff/" + staffId
                + "/activation")).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
        return JSON.readTree(issued.body()).get("code").asText();
    }

    /** A device's activation with a collaborative key (crypto-core's client as the phone). */
    private void activate(String staffId, String code) throws Exception {
        CollabClient.Keygen keygen = new CollabClient(new SecureRandom()).startKeygen();
        HttpResponse<String> answer = send(HttpRequest.newBuilder(uri("/api/v1/m/device/activate"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("staffId", staffId,
                        "code", code, "pin", PIN, "keygen", b64(keygen.request().toBytes()))))).build());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        keygen.finish(KeygenResponse.fromBytes(java.util.Base64.getDecoder().decode(JSON.readTree(answer.body())
                .get("keygen").asText())));
    }

    private JsonNode progress(String department) throws Exception {
        HttpResponse<String> answer = asAdmin("secadmin", HttpRequest.newBuilder(uri("/api/v1/admin/device-campaign"
                + (department == null ? "" : "?department=" + URLEncoder.encode(department, StandardCharsets.UTF_8))))
                .GET());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }
}
