package org.medsign.hub.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.medsign.hub.HubTestSupport;
import org.medsign.hub.security.AccountRules;
import org.medsign.hub.security.AdminRole;
import org.medsign.hub.security.AdminUsers;
import org.medsign.hub.security.AdministratorAccounts;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Certificate operations and dual control in headless Chromium: the security administrator freezes and unfreezes a
 * certificate from its page, files its revocation, cannot approve it himself, and a second security administrator
 * approves it on the approvals page; the audit administrator cannot reach the approvals.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"medsign.lifecycle.dual-control=REVOKE", "medsign.expiry.initial-delay=PT1H"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleOperationsBrowserIntegrationTests extends HubTestSupport {

    static final String SECOND_PASSWORD = "Second-admin-2026";
    static Path home;

    @Autowired
    JdbcClient jdbc;
    @Autowired
    AdminUsers users;
    @Autowired
    AdministratorAccounts accounts;
    @Autowired
    org.medsign.hub.lifecycle.ledger.StaffCertificates certificates;

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
    void start() {
        browser = ConsoleBrowser.start(port);
        // a second security administrator: requested by secadmin, approved by auditadmin, password chosen
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

    private String status(String serial) {
        return jdbc.sql("SELECT status FROM staff_certificate WHERE serial = ?").param(serial).query(String.class)
                .single();
    }

    @Test
    void freezeUnfreezeAndARevocationApprovedByASecondAdministrator() {
        String serial = jdbc.sql("SELECT serial FROM staff_certificate WHERE staff_id = 'D0006' AND status = 'ACTIVE'")
                .query(String.class).single();
        browser.loginAndWait("secadmin", adminPassword());
        browser.open("/console/certificates/" + serial);
        browser.byId("freeze-reason").sendKeys("病假停职");
        browser.clickAndWaitForNewPage("freeze");
        assertThat(browser.text("operation-done")).startsWith("证书已冻结");
        assertThat(browser.text("certificate-status")).isEqualTo("已冻结");
        assertThat(status(serial)).isEqualTo("FROZEN");

        browser.clickAndWaitForNewPage("unfreeze");
        assertThat(browser.text("operation-done")).startsWith("证书已解冻");
        assertThat(browser.text("certificate-status")).isEqualTo("在用");

        new Select(browser.byId("revocation-reason")).selectByValue("keyCompromise");
        browser.byId("revoke-note").sendKeys("U盾遗失");
        browser.clickAndWaitForNewPage("revoke");
        assertThat(browser.text("operation-pending")).contains("须由另一名安全管理员批准");
        assertThat(status(serial)).as("waits for approval").isEqualTo("ACTIVE");
        long approval = jdbc.sql("SELECT id FROM approval_request WHERE target = ? AND state = 'PENDING'").param(serial)
                .query(Long.class).single();

        browser.open("/console/approvals");
        assertThat(browser.title()).isEqualTo("待复核（双人复核）");
        browser.clickAndWaitForNewPage("approve-" + approval);
        assertThat(browser.text("approval-failed")).contains("不能批准自己提交的申请");
        assertThat(status(serial)).isEqualTo("ACTIVE");

        browser.loginAndWait("secadmin2", SECOND_PASSWORD);
        browser.open("/console/approvals");
        browser.clickAndWaitForNewPage("approve-" + approval);
        assertThat(browser.text("approval-done")).startsWith("已批准");
        assertThat(browser.driver.findElement(By.cssSelector("#decided-approvals .approval-state")).getText())
                .isEqualTo("已批准并执行");
        assertThat(status(serial)).isEqualTo("REVOKED");
        browser.open("/console/certificates/" + serial);
        assertThat(browser.text("certificate-status")).isEqualTo("已吊销");
        assertThat(browser.driver.findElements(By.id("revoke"))).as("nothing left to do").isEmpty();
        assertThat(browser.driver.findElement(By.id("certificate-history")).getText()).contains("secadmin+secadmin2");

        browser.loginAndWait("auditadmin", adminPassword());
        browser.open("/console/approvals");
        assertThat(browser.title()).isEqualTo("无权访问");
    }

    @Test
    void aRenewalCampaignIsPlannedStartedAndWatchedToTheEnd() {
        java.sql.Timestamp now = java.sql.Timestamp.from(java.time.Instant.now());
        jdbc.sql("INSERT INTO staff (staff_id, name, department, post, employment_status, created_at, updated_at) "
                + "VALUES ('K0001', '顾青', '儿科', '主治医师', 'active', ?, ?)").params(now, now).update();
        String expiring = certificates.issue("K0001", "顾青", "儿科", "主治医师",
                java.time.Instant.now().minus(java.time.Duration.ofDays(700)),
                java.time.Instant.now().plus(java.time.Duration.ofDays(20))).serial();

        browser.loginAndWait("secadmin", adminPassword());
        browser.clickAndWaitForNewPage("menu-campaigns");
        assertThat(browser.title()).isEqualTo("证书续期批次");
        assertThat(browser.byId("category-expiring").isSelected()).isTrue();
        assertThat(browser.byId("campaign-dry-run").isSelected()).as("a dry run first by default").isTrue();
        browser.clickAndWaitForNewPage("campaign-create");
        assertThat(browser.text("campaign-state")).isEqualTo("已计划（未执行）");
        assertThat(browser.byId("campaign-items").getText()).contains(expiring).contains("待更新");
        assertThat(status(expiring)).as("a dry run changes nothing").isEqualTo("ACTIVE");

        browser.clickAndWaitForNewPage("campaign-start");
        // the page reloads itself every 2 s while the campaign runs: an element read across a reload is stale
        new org.openqa.selenium.support.ui.WebDriverWait(browser.driver, java.time.Duration.ofSeconds(60))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(driver -> driver.findElement(By.id("campaign-state")).getText().equals("已完成"));
        assertThat(browser.text("campaign-counts")).startsWith("已处理 1 / 1");
        assertThat(browser.byId("campaign-items").getText()).contains("已更新");
        assertThat(status(expiring)).isEqualTo("SUPERSEDED");
    }
}
