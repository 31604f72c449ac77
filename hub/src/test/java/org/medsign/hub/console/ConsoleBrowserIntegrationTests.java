package org.medsign.hub.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.medsign.hub.HubTestSupport;
import org.medsign.hub.lifecycle.StaffCredential;
import org.medsign.hub.lifecycle.inventory.Inventory;
import org.medsign.hub.lifecycle.inventory.InventoryCategory;
import org.medsign.hub.lifecycle.inventory.InventoryReport;
import org.medsign.hub.lifecycle.ledger.LedgerSearch;
import org.medsign.hub.lifecycle.ledger.StaffCertificates;
import org.medsign.hub.lifecycle.operations.CertificateOperations;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The console in headless Chromium against a running hub (demo data plus two planted staff members: one whose
 * certificate ends in 20 days, one whose certificate was frozen): login refused in Chinese, the security
 * administrator's dashboard, ledger search, certificate detail with history and masked identity number, inventory
 * counts equal to the inventory's own, expiry warnings and the scan button, English on request and kept, role
 * separation (403 page), the system administrator's statistics, logout.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"medsign.demo.enabled=true", "medsign.expiry.initial-delay=PT1H"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserIntegrationTests extends HubTestSupport {

    static final Pattern CLEAR_IDENTITY_NUMBER = Pattern.compile("[0-9]{17}[0-9X]");

    static Path home;

    @Autowired
    JdbcClient jdbc;
    @Autowired
    StaffCertificates certificates;
    @Autowired
    CertificateOperations operations;
    @Autowired
    Inventory inventory;
    @Autowired
    LedgerSearch ledger;
    @Autowired
    org.springframework.jms.core.JmsTemplate jms;

    ConsoleBrowser browser;
    StaffCredential expiring;
    StaffCredential frozen;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        home = freshHome(registry);
    }

    @Override
    protected Path home() {
        return home;
    }

    @BeforeAll
    void startBrowserAndPlantData() {
        browser = ConsoleBrowser.start(port);
        Instant now = Instant.now();
        staff("C0001", "林清", "心内科", "主治医师", "110***********1234");
        staff("C0002", "周晓", "检验科", "主管技师", "320***********567X");
        expiring = certificates.issue("C0001", "林清", "心内科", "主治医师", now.minus(Duration.ofDays(700)),
                now.plus(Duration.ofDays(20)));
        frozen = certificates.issue("C0002", "周晓", "检验科", "主管技师", now, now.plus(Duration.ofDays(700)));
        operations.freeze(frozen.serial(), "产假停用", "secadmin", "SECURITY_ADMIN");
    }

    private void staff(String staffId, String name, String department, String post, String masked) {
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.sql("INSERT INTO staff (staff_id, name, department, post, employment_status, id_card_masked, created_at, "
                + "updated_at) VALUES (?, ?, ?, ?, 'active', ?, ?, ?)")
                .params(staffId, name, department, post, masked, now, now).update();
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void wrongPasswordIsRefusedInChineseAndAudited() {
        browser.login("secadmin", "not-the-password");
        assertThat(browser.text("login-error")).isEqualTo("用户名或密码错误，请重新输入。");
        assertThat(browser.driver.getCurrentUrl()).contains("/console/login");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'LOGIN_FAILED' AND target = 'console' "
                + "AND actor = 'secadmin'").query(Integer.class).single()).isGreaterThanOrEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE detail LIKE '%not-the-password%'")
                .query(Integer.class).single()).isZero();
    }

    @Test
    void securityAdministratorSeesTheDashboardInChinese() {
        browser.loginAndWait("secadmin", adminPassword());
        assertThat(browser.title()).isEqualTo("总览");
        assertThat(browser.text("current-user")).contains("secadmin").contains("安全管理员");
        assertThat(menu()).containsExactly("总览", "证书台账", "证书清查", "到期提醒", "续期批次", "待复核", "管理员账户",
                "移动签名", "协同签名激活", "电子印章", "用章记录", "岗位权限");
        // demo staff D0001…D0010 plus C0001 are active, C0002 is frozen
        assertThat(Integer.parseInt(browser.text("status-ACTIVE"))).isEqualTo(11);
        assertThat(browser.text("status-FROZEN")).isEqualTo("1");
        assertThat(browser.byId("expiry-buckets").getText()).contains("已过期").contains("30 天内");
        assertThat(browser.driver.findElements(By.id("system-statistics"))).isEmpty();
    }

    @Test
    void searchesTheLedgerAndOpensACertificateWithItsHistory() {
        browser.loginAndWait("secadmin", adminPassword());
        browser.clickAndWaitForNewPage("menu-ledger");
        assertThat(browser.title()).isEqualTo("证书台账");
        assertThat(browser.text("ledger-total")).isEqualTo("共 12 张证书");

        browser.byId("filter-name").sendKeys("周晓");
        browser.clickAndWaitForNewPage("ledger-search");
        new WebDriverWait(browser.driver, Duration.ofSeconds(10))
                .until(ExpectedConditions.textToBe(By.id("ledger-total"), "共 1 张证书"));
        List<WebElement> rows = browser.driver.findElements(By.cssSelector("#ledger-results .ledger-row"));
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).getText()).contains(frozen.serial()).contains("C0002").contains("检验科")
                .contains("已冻结").contains("平台托管");

        // filters by status and by end of validity (a date typed as yyyy-MM-dd)
        browser.open("/console/ledger?status=ACTIVE&expiringBefore="
                + java.time.LocalDate.now().plusDays(30));
        assertThat(browser.text("ledger-total")).isEqualTo("共 1 张证书");
        assertThat(browser.byId("ledger-results").getText()).contains(expiring.serial()).contains("林清");

        browser.open("/console/ledger?staffId=C0002");
        browser.waitFor(By.linkText(frozen.serial())).click();
        assertThat(browser.title()).isEqualTo("证书详情");
        assertThat(browser.text("certificate-serial")).isEqualTo(frozen.serial());
        assertThat(browser.text("certificate-status")).isEqualTo("已冻结");
        assertThat(browser.text("holder-name")).isEqualTo("周晓");
        assertThat(browser.text("holder-idCard")).isEqualTo("320***********567X");
        List<String> actions = browser.driver.findElements(By.cssSelector("#certificate-history .history-action"))
                .stream().map(WebElement::getText).toList();
        assertThat(actions).containsExactly("签发", "冻结");
        assertThat(browser.byId("certificate-history").getText()).contains("产假停用").contains("status=FROZEN");
        assertThat(CLEAR_IDENTITY_NUMBER.matcher(browser.driver.getPageSource()).find()).isFalse();

        browser.open("/console/certificates/00DEADBEEF");
        assertThat(browser.text("error-message")).isEqualTo("请求的页面或证书不存在。");
    }

    @Test
    void ledgerSearchPagesInOrderOfExpiry() {
        LedgerSearch.Criteria all = new LedgerSearch.Criteria(null, null, null, null, null, null);
        LedgerSearch.Page first = ledger.search(all, 0, 5);
        LedgerSearch.Page last = ledger.search(all, 2, 5);
        assertThat(first.total()).isEqualTo(12);
        assertThat(first.pages()).isEqualTo(3);
        assertThat(first.rows()).hasSize(5);
        assertThat(first.rows().get(0).serial()).as("ends first").isEqualTo(expiring.serial());
        assertThat(last.rows()).hasSize(2);
        assertThat(ledger.search(new LedgerSearch.Criteria(null, null, "检验", null, null, null), 0, 5).rows())
                .extracting(LedgerSearch.Row::staffId).containsExactly("C0002");
        assertThat(ledger.search(new LedgerSearch.Criteria("%", null, null, null, null, null), 0, 5).total())
                .as("LIKE wildcards are literal").isZero();
    }

    @Test
    void inventoryPageShowsTheInventorysCounts() {
        browser.loginAndWait("secadmin", adminPassword());
        browser.clickAndWaitForNewPage("menu-inventory");
        assertThat(browser.title()).isEqualTo("证书清查");
        InventoryReport report = inventory.run(Inventory.DEFAULT_EXPIRING_DAYS, Inventory.DEFAULT_IDLE_DAYS,
                Instant.now());
        for (InventoryCategory category : InventoryCategory.values()) {
            assertThat(browser.text("count-" + category.key())).as(category.key())
                    .isEqualTo(String.valueOf(report.counts().get(category)));
        }
        assertThat(report.counts().get(InventoryCategory.EXPIRING)).isEqualTo(1);
        assertThat(browser.byId("inventory-items").getText()).contains(expiring.serial()).contains("即将过期")
                .contains("续期");
        assertThat(browser.byId("inventory-departments").getText()).contains("心内科");
        assertThat(browser.byId("export-csv").getAttribute("href"))
                .endsWith("/console/inventory/export.csv?expiringDays=60&idleDays=90");
    }

    @Test
    void expiryWarningsPageScansOnDemand() {
        browser.loginAndWait("secadmin", adminPassword());
        browser.clickAndWaitForNewPage("menu-expiry");
        assertThat(browser.title()).isEqualTo("到期提醒");
        browser.clickAndWaitForNewPage("scan-now");
        assertThat(browser.text("scan-result")).startsWith("扫描完成：窗口内证书 1 张");
        List<WebElement> rows = browser.driver.findElements(By.cssSelector("#expiry-warnings .warning-row"));
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).getText()).contains(expiring.serial()).contains("林清").contains("30 天内");
        assertThat(rows.get(0).findElement(By.className("webhook-state")).getText()).isEqualTo("未配置");
        assertThat(browser.text("bucket-30")).isEqualTo("1");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'EXPIRY_SCAN' AND actor = 'secadmin'")
                .query(Integer.class).single()).isGreaterThanOrEqualTo(1);
        // reload: post/redirect/get, the result is not shown twice and nothing is scanned again
        browser.driver.navigate().refresh();
        assertThat(browser.driver.findElements(By.id("scan-result"))).isEmpty();
    }

    @Test
    void englishOnRequestIsKeptUntilSwitchedBack() {
        browser.loginAndWait("secadmin", adminPassword());
        browser.byId("lang-switch").click();
        new WebDriverWait(browser.driver, Duration.ofSeconds(10))
                .until(ExpectedConditions.textToBe(By.id("page-title"), "Dashboard"));
        browser.open("/console/ledger");
        assertThat(browser.title()).isEqualTo("Certificate ledger");
        assertThat(browser.text("ledger-total")).isEqualTo("12 certificates");
        browser.open("/console/ledger?lang=zh");
        assertThat(browser.title()).isEqualTo("证书台账");
        browser.open("/console/login?lang=en");
        assertThat(browser.title()).isEqualTo("Dashboard");
    }

    @Test
    void auditAdministratorSearchesTheAuditChainAndExportsIt() throws Exception {
        browser.loginAndWait("auditadmin", adminPassword());
        browser.clickAndWaitForNewPage("menu-audit");
        assertThat(browser.title()).isEqualTo("审计日志");
        browser.byId("filter-action").sendKeys("CONSOLE_LOGIN");
        browser.byId("filter-actor").sendKeys("auditadmin");
        browser.clickAndWaitForNewPage("audit-search");
        // the filtered page (GET with the filters) has loaded: its rows, not the unfiltered page's
        new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(ExpectedConditions.and(
                ExpectedConditions.urlContains("action=CONSOLE_LOGIN"),
                ExpectedConditions.presenceOfElementLocated(By.cssSelector("#audit-events .audit-row"))));
        List<WebElement> rows = browser.driver.findElements(By.cssSelector("#audit-events .audit-row"));
        assertThat(rows).isNotEmpty();
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.findElement(By.className("audit-action")).getText()).isEqualTo("CONSOLE_LOGIN");
            assertThat(row.findElement(By.className("audit-actor")).getText()).isEqualTo("auditadmin");
        });
        String href = browser.byId("audit-export").getAttribute("href");
        assertThat(href).contains("action=CONSOLE_LOGIN").contains("actor=auditadmin");
        // the export with the browser's session (a download the test reads over HTTP)
        String session = browser.driver.manage().getCookieNamed("JSESSIONID").getValue();
        java.net.http.HttpResponse<String> csv = send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(href))
                .header("Cookie", "JSESSIONID=" + session).GET().build());
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(csv.body()).contains("node,seq,event_time,actor,role,action,target,outcome,detail,prev_hash,hash")
                .contains(",auditadmin,").doesNotContain("SIGN_REFUSED");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'AUDIT_EXPORT' AND actor = 'auditadmin'")
                .query(Integer.class).single()).isPositive();

        browser.loginAndWait("secadmin", adminPassword());
        browser.open("/console/audit");
        assertThat(browser.title()).as("the audit pages are the audit administrator's only").isEqualTo("无权访问");
    }

    @Test
    void auditAdministratorReadsTheInventoryButNotTheSecurityPages() {
        browser.loginAndWait("auditadmin", adminPassword());
        assertThat(menu()).containsExactly("总览", "证书清查", "审计日志", "用章记录", "管理员账户");
        browser.clickAndWaitForNewPage("menu-inventory");
        assertThat(browser.title()).isEqualTo("证书清查");
        assertThat(browser.driver.findElements(By.cssSelector("#inventory-items a"))).as("no links to certificates")
                .isEmpty();
        for (String page : List.of("/console/ledger", "/console/certificates/" + frozen.serial(), "/console/expiry",
                "/console/approvals", "/console/campaigns", "/console/systems")) {
            browser.open(page);
            assertThat(browser.title()).as(page).isEqualTo("无权访问");
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'ACCESS_DENIED' AND actor = 'auditadmin'")
                .query(Integer.class).single()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void systemAdministratorSeesStatisticsAndRejections() {
        browser.loginAndWait("sysadmin", adminPassword());
        assertThat(menu()).containsExactly("总览", "系统统计", "拒收消息", "死信队列", "告警与故障");
        assertThat(browser.byId("system-statistics").getText()).contains("demo").contains("his");
        assertThat(browser.driver.findElements(By.id("certificate-counts"))).isEmpty();
        browser.clickAndWaitForNewPage("menu-systems");
        assertThat(browser.title()).isEqualTo("系统统计");
        assertThat(browser.byId("system-demo").getText()).startsWith("demo");
        browser.clickAndWaitForNewPage("menu-rejections");
        assertThat(browser.title()).isEqualTo("拒收消息");

        // a signed request parked in the dead-letter queue (as after a lost reply): replayed, never signed twice
        String requestId = "dlq-" + System.nanoTime();
        assertThat(postJson("/api/v1/sign/message", signMessage(requestId, "D0001", "x")).statusCode()).isEqualTo(200);
        long pk = jdbc.sql("SELECT id FROM signing_request WHERE request_id = ?").param(requestId).query(Long.class)
                .single();
        jms.convertAndSend(org.medsign.hub.signing.SigningQueue.DEAD_LETTERS, Long.toString(pk));
        browser.clickAndWaitForNewPage("menu-deadLetters");
        assertThat(browser.title()).isEqualTo("死信队列");
        assertThat(browser.byId("dead-letters").getText()).contains(requestId);
        browser.driver.findElement(By.cssSelector("#dead-letters .replay")).click();
        assertThat(browser.text("dead-letter-done")).isEqualTo("已放回签名队列。");
        assertThat(browser.driver.findElements(By.id("dead-letters"))).isEmpty();
        new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(driver -> jdbc.sql(
                "SELECT COUNT(*) FROM audit_event WHERE action = 'DEAD_LETTER_REPLAY' AND actor = 'sysadmin'")
                .query(Integer.class).single() == 1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM signature_record WHERE request_id = ?").param(requestId)
                .query(Integer.class).single()).isEqualTo(1);

        browser.open("/console/ledger");
        assertThat(browser.title()).isEqualTo("无权访问");
    }

    @Test
    void logoutEndsTheSession() {
        browser.loginAndWait("secadmin", adminPassword());
        browser.clickAndWaitForNewPage("logout");
        assertThat(browser.text("logged-out")).isEqualTo("您已安全退出。");
        browser.open("/console/ledger");
        browser.byId("login-form");
        assertThat(browser.driver.getCurrentUrl()).contains("/console/login");
    }

    private List<String> menu() {
        return browser.byId("menu").findElements(By.tagName("a")).stream().map(WebElement::getText).toList();
    }
}
