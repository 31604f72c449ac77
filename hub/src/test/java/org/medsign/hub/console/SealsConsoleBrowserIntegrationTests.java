package org.medsign.hub.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.medsign.crypto.sm.Sm3;
import org.medsign.hub.ConsoleHttpSession;
import org.medsign.hub.HubTestSupport;
import org.medsign.hub.seal.SealPngs;
import org.medsign.hub.security.AdminRole;
import org.medsign.hub.security.AdminUsers;
import org.medsign.hub.security.AdministratorAccounts;
import org.medsign.hub.security.AccountRules;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The console's 电子印章 page (issue #15 point 6) in headless Chromium against a hub on H2 with dual control of
 * organisation seals ({@code SEAL}): a personal seal uploaded from the page appears in the list with its picture
 * (the same bytes as the registry's); bad uploads (not a PNG, no alpha channel, no transparent pixel, no file, a
 * size that does not match the picture, an unknown owner, a special seal without its type) are refused on the page
 * with the code and the registry's reason, nothing stored; a hospital seal is created PENDING_APPROVAL (the 202 of the
 * API) with its approval number and becomes 在用 when a second security administrator approves it; the system and
 * audit administrators get neither the page nor its picture nor its form. Screenshots {@code console-seals*.png}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "medsign.security.max-failed-authentications=100")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SealsConsoleBrowserIntegrationTests extends HubTestSupport {

    static final String SECOND_PASSWORD = "Second-admin-2026";

    static Path home;

    @Autowired
    JdbcClient jdbc;
    @Autowired
    AdminUsers users;
    @Autowired
    AdministratorAccounts accounts;

    @TempDir
    Path files;

    ConsoleBrowser browser;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        home = freshHome(registry);
        registry.add("medsign.lifecycle.dual-control", () -> "SEAL");
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
    void start() {
        browser = ConsoleBrowser.start(port);
        AdministratorAccounts.Filed filed = accounts.requestCreation(
                new AccountRules.Actor("secadmin", AdminRole.SECURITY_ADMIN), "secadmin2", AdminRole.SECURITY_ADMIN);
        accounts.approve(new AccountRules.Actor("auditadmin", AdminRole.AUDIT_ADMIN), filed.request().id(), null);
        users.changePassword("secadmin2", filed.temporaryPassword(), SECOND_PASSWORD);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    @Order(1)
    void aPersonalSealUploadedFromThePageIsListedWithItsPicture() throws Exception {
        browser.loginAndWait("secadmin", adminPassword());
        browser.clickAndWaitForNewPage("menu-seals");
        assertThat(browser.title()).isEqualTo("电子印章");
        assertThat(browser.text("no-seals")).isEqualTo("印章库中还没有印章。");

        byte[] png = SealPngs.transparent(300, 100);
        upload("张伟签名", "PERSONAL", null, "D0001", null, "30", "10", file("signature.png", png));

        assertThat(browser.text("seal-created")).isEqualTo("已创建印章「张伟签名」。");
        String id = jdbc.sql("SELECT seal_id FROM seal WHERE name = '张伟签名'").query(String.class).single();
        WebElement row = browser.byId("seal-" + id);
        assertThat(cell(row, "kind")).isEqualTo("个人签名");
        assertThat(cell(row, "owner")).isEqualTo("D0001");
        assertThat(cell(row, "size")).isEqualTo("30 × 10");
        assertThat(cell(row, "status")).isEqualTo("在用");
        assertThat(cell(row, "certificate")).isEqualTo(jdbc.sql("SELECT cert_serial FROM seal WHERE seal_id = ?")
                .param(id).query(String.class).single());
        WebElement image = row.findElement(By.className("seal-image"));
        Number width = (Number) ((JavascriptExecutor) browser.driver).executeScript(
                "const i = arguments[0]; return i.complete ? i.naturalWidth : 0;", image);
        assertThat(width.intValue()).as("the picture is shown").isEqualTo(300);

        // the preview is the registry's picture, within the console session
        HttpResponse<byte[]> picture = sendBytes(HttpRequest.newBuilder(uri("/console/seals/" + id + "/image"))
                .header("Cookie", "JSESSIONID=" + browser.driver.manage().getCookieNamed("JSESSIONID").getValue())
                .GET().build());
        assertThat(picture.statusCode()).isEqualTo(200);
        assertThat(picture.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(Hex.toHexString(Sm3.digest(picture.body()))).isEqualTo(jdbc.sql(
                "SELECT image_sm3 FROM seal WHERE seal_id = ?").param(id).query(String.class).single());
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'SEAL_CREATED' AND actor = 'secadmin' "
                + "AND target = ?").param(id).query(Integer.class).single()).isEqualTo(1);
        browser.open("/console/seals/no-such-seal/image");
        assertThat(browser.driver.getPageSource()).contains("请求的页面或证书不存在。");
    }

    @Test
    @Order(2)
    void badUploadsAreRefusedOnThePageWithTheRegistrysReasonAndNothingIsStored() throws Exception {
        browser.loginAndWait("secadmin", adminPassword());
        int before = seals();
        int organisations = organisationSigners();

        browser.open("/console/seals");
        upload("检验科科室章", "DEPARTMENT", null, null, "检验科", "38", "38",
                file("not-a-png.png", "这不是图片".getBytes(StandardCharsets.UTF_8)));
        assertRefused("SEAL_IMAGE_INVALID", "印章图片不符合要求（格式、透明背景、大小或尺寸）",
                "the seal image is not a PNG (only PNG with transparency is accepted)");
        assertThat(browser.byId("seal-name").getAttribute("value")).as("the form keeps what was typed")
                .isEqualTo("检验科科室章");
        assertThat(browser.byId("seal-ownerUnit").getAttribute("value")).isEqualTo("检验科");
        assertThat(new Select(browser.byId("seal-kind")).getFirstSelectedOption().getAttribute("value"))
                .isEqualTo("DEPARTMENT");
        screenshot("console-seals-refused");

        uploadAgain(file("opaque.png", SealPngs.opaque(200, 200)));
        assertRefused("SEAL_IMAGE_INVALID", null, "the seal image has no alpha channel: a seal must be a PNG with a "
                + "transparent background");

        uploadAgain(file("solid.png", SealPngs.solidWithAlpha(200, 200)));
        assertRefused("SEAL_IMAGE_INVALID", null, "the seal image has no transparent pixel: a seal must be a PNG "
                + "with a transparent background");

        browser.clickAndWaitForNewPage("seal-submit"); // no file chosen
        assertRefused("SEAL_IMAGE_INVALID", null, "the seal image is missing");

        type("seal-heightMm", "20");
        uploadAgain(file("round.png", SealPngs.transparent(200, 200)));
        assertRefused("SEAL_IMAGE_INVALID", null, "the declared size 38.0x20.0 mm does not match the image's aspect "
                + "ratio (200x200 pixels)");

        upload("无名氏签名", "PERSONAL", null, "NOBODY-15", null, "30", "10", file("sig.png", SealPngs.transparent(300, 100)));
        assertRefused("SEAL_OWNER_INVALID", "印章所有者缺失、不存在或没有可用于该印章的证书", "no staff member NOBODY-15");

        upload("专用章", "SPECIAL", null, null, "检验科", "40", "40", file("special.png", SealPngs.transparent(200, 200)));
        assertRefused("SEAL_INVALID", "印章申请缺少字段或字段有误", "a SPECIAL seal needs specialType");

        browser.open("/console/seals?lang=en");
        assertThat(browser.title()).isEqualTo("Electronic seals");
        upload("Lab seal", "DEPARTMENT", null, null, "检验科", "38", "38", file("x.png", SealPngs.opaque(100, 100)));
        assertThat(browser.text("seal-failed-label")).startsWith("The seal image is refused");
        assertThat(browser.text("seal-failed-detail")).startsWith("the seal image has no alpha channel");
        browser.open("/console/seals?lang=zh");

        assertThat(seals()).as("nothing stored").isEqualTo(before);
        assertThat(organisationSigners()).as("no organisation signer made for a refused seal").isEqualTo(organisations);
    }

    @Test
    @Order(3)
    void aHospitalSealWaitsForASecondSecurityAdministratorAndIsThenActive() throws Exception {
        browser.loginAndWait("secadmin", adminPassword());
        browser.open("/console/seals");
        upload("示范医院院章", "HOSPITAL", null, null, "示范医院", "42", "42", file("hospital.png", SealPngs.transparent(496, 496)));

        // the page after the post first: the click may return before the upload is stored
        assertThat(browser.text("seal-pending")).contains("已创建印章「示范医院院章」，状态为待复核");
        String id = jdbc.sql("SELECT seal_id FROM seal WHERE name = '示范医院院章'").query(String.class).single();
        long approval = jdbc.sql("SELECT id FROM approval_request WHERE operation = 'SEAL' AND target = ? AND state = "
                + "'PENDING'").param(id).query(Long.class).single();
        assertThat(browser.text("seal-pending")).contains("复核申请 #" + approval);
        assertThat(cell(browser.byId("seal-" + id), "status")).isEqualTo("待复核");
        assertThat(cell(browser.byId("seal-" + id), "kind")).isEqualTo("院章");
        screenshot("console-seals");

        browser.open("/console/approvals");
        browser.byId("approve-" + approval).click();
        assertThat(browser.text("approval-failed")).contains("不能批准自己提交的申请");

        browser.loginAndWait("secadmin2", SECOND_PASSWORD);
        browser.open("/console/approvals");
        assertThat(browser.byId("approval-" + approval).findElement(By.linkText(id)).getAttribute("href"))
                .endsWith("/console/seals#seal-" + id);
        browser.byId("approve-" + approval).click();
        assertThat(browser.text("approval-done")).startsWith("已批准");
        browser.open("/console/seals");
        assertThat(cell(browser.byId("seal-" + id), "status")).isEqualTo("在用");
        assertThat(jdbc.sql("SELECT status FROM seal WHERE seal_id = ?").param(id).query(String.class).single())
                .isEqualTo("ACTIVE");

        // a special-purpose seal with its type
        upload("示范医院检验检查专用章", "SPECIAL", "检验检查专用章", null, "示范医院", "40", "40",
                file("lab.png", SealPngs.transparent(400, 400)));
        assertThat(browser.text("seal-pending")).contains("示范医院检验检查专用章");
        String lab = jdbc.sql("SELECT seal_id FROM seal WHERE name = '示范医院检验检查专用章'").query(String.class).single();
        assertThat(cell(browser.byId("seal-" + lab), "kind")).isEqualTo("专用章 · 检验检查专用章");
        assertThat(cell(browser.byId("seal-" + lab), "status")).isEqualTo("待复核");
    }

    @Test
    @Order(4)
    void aSealIsSuspendedResumedAndRevokedFromItsRowWithAReason() {
        browser.loginAndWait("secadmin", adminPassword());
        browser.open("/console/seals");
        String personal = jdbc.sql("SELECT seal_id FROM seal WHERE name = '张伟签名'").query(String.class).single();

        act(personal, "SUSPEND", "");
        assertRefused("SEAL_INVALID", null, "a reason is required");
        assertThat(sealStatus(personal)).isEqualTo("ACTIVE");

        act(personal, "SUSPEND", "张伟医生调离本院");
        assertThat(browser.text("seal-acted")).isEqualTo("已暂停印章「张伟签名」：恢复前任何签章请求都将被拒绝。");
        assertThat(cell(browser.byId("seal-" + personal), "status")).isEqualTo("已暂停");
        assertThat(sealStatus(personal)).isEqualTo("SUSPENDED");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'SEAL_SUSPENDED' AND actor = 'secadmin' "
                + "AND target = ?").param(personal).query(Integer.class).single()).isEqualTo(1);

        act(personal, "RESUME", "");
        assertThat(browser.text("seal-acted")).isEqualTo("已恢复印章「张伟签名」。");
        assertThat(cell(browser.byId("seal-" + personal), "status")).isEqualTo("在用");

        // an organisation seal under dual control: the revocation is filed, the seal stays in use until approved
        String hospital = jdbc.sql("SELECT seal_id FROM seal WHERE name = '示范医院院章'").query(String.class).single();
        act(hospital, "REVOKE", "院章重新刻制");
        long approval = jdbc.sql("SELECT id FROM approval_request WHERE operation = 'SEAL' AND target = ? AND state = "
                + "'PENDING'").param(hospital).query(Long.class).single();
        assertThat(browser.text("seal-action-pending")).contains("撤销印章「示范医院院章」的申请已提交")
                .contains("#" + approval);
        assertThat(sealStatus(hospital)).isEqualTo("ACTIVE");

        act(personal, "REVOKE", "签名图样作废");
        assertThat(browser.text("seal-acted")).isEqualTo("已撤销印章「张伟签名」。");
        assertThat(cell(browser.byId("seal-" + personal), "status")).isEqualTo("已撤销");
        assertThat(browser.byId("seal-" + personal).findElements(By.className("seal-action")))
                .as("a revoked seal offers nothing").isEmpty();
    }

    @Test
    @Order(5)
    void theSystemAndAuditAdministratorsGetNeitherThePageNorItsPictureNorItsForm() {
        String id = jdbc.sql("SELECT seal_id FROM seal WHERE name = '张伟签名'").query(String.class).single();
        int before = seals();
        for (String user : List.of("sysadmin", "auditadmin")) {
            browser.loginAndWait(user, adminPassword());
            assertThat(browser.driver.findElements(By.id("menu-seals"))).as(user).isEmpty();
            browser.open("/console/seals");
            assertThat(browser.title()).as(user).isEqualTo("无权访问");

            ConsoleHttpSession session = ConsoleHttpSession.login(uri("/"), user, adminPassword());
            assertThat(session.get("/console/seals/" + id + "/image").statusCode()).isEqualTo(403);
            assertThat(session.postMultipart("/console/seals", "/console", "name", "x").statusCode()).as(user).isEqualTo(403);
            assertThat(session.postForm("/console/seals/" + id + "/lifecycle", "action=SUSPEND&reason=x", "/console")
                    .statusCode()).as(user).isEqualTo(403);
        }
        assertThat(seals()).isEqualTo(before);
    }

    // ---- plumbing

    /** Fills the whole form and submits it; null leaves a field empty. */
    private void upload(String name, String kind, String specialType, String ownerStaffId, String ownerUnit,
                        String widthMm, String heightMm, Path image) {
        type("seal-name", name);
        new Select(browser.byId("seal-kind")).selectByValue(kind);
        new Select(browser.byId("seal-specialType")).selectByValue(specialType == null ? "" : specialType);
        type("seal-ownerStaffId", ownerStaffId);
        type("seal-ownerUnit", ownerUnit);
        type("seal-widthMm", widthMm);
        type("seal-heightMm", heightMm);
        uploadAgain(image);
    }

    /** Chooses another file and submits the form as it stands. */
    private void uploadAgain(Path image) {
        browser.sendKeys("seal-image", false, image.toAbsolutePath().toString());
        browser.clickAndWaitForNewPage("seal-submit");
    }

    private void type(String id, String value) {
        browser.sendKeys(id, true, value);
    }

    /** Chooses the action in the seal's row, types the reason and applies it. */
    private void act(String sealId, String action, String reason) {
        WebElement row = browser.byId("seal-" + sealId);
        new Select(row.findElement(By.className("seal-action-choice"))).selectByValue(action);
        WebElement why = row.findElement(By.className("seal-action-reason"));
        why.clear();
        why.sendKeys(reason);
        browser.clickAndWaitForNewPage(row.findElement(By.className("seal-action-submit")));
    }

    private String sealStatus(String sealId) {
        return jdbc.sql("SELECT status FROM seal WHERE seal_id = ?").param(sealId).query(String.class).single();
    }

    private void assertRefused(String code, String label, String detail) {
        assertThat(browser.text("seal-failed-code")).isEqualTo(code);
        if (label != null) {
            assertThat(browser.text("seal-failed-label")).isEqualTo(label);
        }
        assertThat(browser.text("seal-failed-detail")).startsWith(detail);
    }

    private static String cell(WebElement row, String className) {
        return row.findElement(By.className(className)).getText().trim();
    }

    private int seals() {
        return jdbc.sql("SELECT COUNT(*) FROM seal").query(Integer.class).single();
    }

    private int organisationSigners() {
        return jdbc.sql("SELECT COUNT(*) FROM staff WHERE staff_id LIKE 'ORG-%'").query(Integer.class).single();
    }

    private Path file(String name, byte[] bytes) throws IOException {
        return Files.write(files.resolve(System.nanoTime() + "-" + name), bytes);
    }

    private void screenshot(String name) {
        browser.screenshot(name);
    }
}
