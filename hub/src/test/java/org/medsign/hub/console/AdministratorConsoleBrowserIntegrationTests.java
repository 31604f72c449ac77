package org.medsign.hub.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.medsign.hub.HubTestSupport;
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
 * Administrator accounts in headless Chromium: the security administrator requests a new audit administrator and
 * sees the temporary password once; the account cannot log in before the audit administrator approves on the same
 * page; at its first login it is held on the password page (Chinese texts, the broken rules listed) until it chooses
 * a compliant password; disabled from the page, it cannot log in again; the system administrator has no such page.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"medsign.demo.enabled=true", "medsign.expiry.initial-delay=PT1H",
                "medsign.security.max-failed-authentications=100"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdministratorConsoleBrowserIntegrationTests extends HubTestSupport {

    static Path home;

    @Autowired
    JdbcClient jdbc;

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
    void aNewAuditAdministratorIsApprovedThenForcedToChooseAPasswordThenDisabled() {
        browser.loginAndWait("secadmin", adminPassword());
        browser.clickAndWaitForNewPage("menu-administrators");
        assertThat(browser.title()).isEqualTo("管理员账户");
        assertThat(browser.byId("account-auditadmin").getText()).contains("审计管理员").contains("启用");
        assertThat(browser.driver.findElements(By.id("disable-secadmin"))).as("not one's own account").isEmpty();
        browser.byId("new-username").sendKeys("auditor5");
        new org.openqa.selenium.support.ui.Select(browser.byId("new-role")).selectByValue("AUDIT_ADMIN");
        browser.clickAndWaitForNewPage("create-submit");
        assertThat(browser.title()).isEqualTo("临时密码");
        assertThat(browser.text("request-filed")).contains("auditor5").contains("须由审计管理员批准后生效");
        String temporary = browser.text("temporary-password");
        assertThat(temporary).hasSize(16);
        assertThat(browser.text("temporary-hint")).startsWith("临时密码仅显示这一次");
        browser.byId("back-to-administrators").click();
        assertThat(browser.driver.getPageSource()).as("shown once").doesNotContain(temporary);
        WebElement pending = browser.byId("pending-requests");
        assertThat(pending.getText()).contains("auditor5").contains("新建账户").contains("secadmin");
        assertThat(pending.findElements(By.tagName("button"))).as("secadmin cannot approve").isEmpty();

        browser.login("auditor5", temporary);
        assertThat(browser.text("login-error")).as("not active before approval").isEqualTo("用户名或密码错误，请重新输入。");

        browser.loginAndWait("auditadmin", adminPassword());
        assertThat(menu()).contains("管理员账户");
        browser.clickAndWaitForNewPage("menu-administrators");
        assertThat(browser.driver.findElements(By.id("create-administrator"))).as("auditadmin creates nothing")
                .isEmpty();
        long request = jdbc.sql("SELECT id FROM admin_account_request WHERE username = 'auditor5'")
                .query(Long.class).single();
        browser.byId("approve-" + request).click();
        assertThat(browser.text("admin-done")).isEqualTo("已批准，申请已生效。");
        assertThat(browser.byId("account-auditor5").getText()).contains("须修改密码");

        // the first login lands on the password page and stays there until the change
        browser.login("auditor5", temporary);
        new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(ExpectedConditions.urlContains(
                "/console/account/password"));
        assertThat(browser.title()).isEqualTo("修改密码");
        assertThat(browser.text("password-required")).startsWith("您正在使用初始密码或临时密码");
        assertThat(menu()).as("nothing else to open").isEmpty();
        browser.open("/console/audit");
        assertThat(browser.driver.getCurrentUrl()).endsWith("/console/account/password");

        changePassword(temporary, "auditor5-audit", "auditor5-audit");
        assertThat(browser.text("password-failed")).isEqualTo("新密码不符合密码规则，密码未修改：");
        assertThat(browser.text("violation-CONTAINS_USERNAME")).isEqualTo("不得包含用户名");
        changePassword(temporary, "Audit-trail-2026", "Audit-trail-2027");
        assertThat(browser.text("password-failed")).isEqualTo("两次输入的新密码不一致，密码未修改。");
        changePassword("wrong-current-pw", "Audit-trail-2026", "Audit-trail-2026");
        assertThat(browser.text("password-failed")).isEqualTo("当前密码错误，密码未修改。");
        changePassword(temporary, "Audit-trail-2026", "Audit-trail-2026");
        assertThat(browser.text("password-changed")).isEqualTo("密码已修改。");
        assertThat(browser.driver.findElements(By.id("password-required"))).isEmpty();
        browser.clickAndWaitForNewPage("menu-audit");
        assertThat(browser.title()).isEqualTo("审计日志");

        browser.open("/console/account/password?lang=en");
        assertThat(browser.title()).isEqualTo("Change password");
        assertThat(browser.byId("password-policy").getText()).contains("at least 12 characters")
                .contains("must not contain the user name");

        browser.loginAndWait("secadmin", adminPassword());
        browser.open("/console/administrators");
        browser.byId("disable-auditor5").click();
        assertThat(browser.text("admin-done")).isEqualTo("账户已停用，立即无法登录。");
        assertThat(browser.byId("account-auditor5").getText()).contains("已停用");
        browser.byId("disable-auditadmin").click();
        assertThat(browser.text("admin-failed")).startsWith("这是该角色最后一个启用的账户");
        browser.login("auditor5", "Audit-trail-2026");
        assertThat(browser.text("login-error")).isEqualTo("用户名或密码错误，请重新输入。");

        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE target = 'auditor5' AND action IN "
                + "('ADMIN_CREATE_REQUESTED', 'ADMIN_CREATED', 'ADMIN_PASSWORD_CHANGED', 'ADMIN_DISABLED') "
                + "AND outcome = 'SUCCESS'").query(Integer.class).single()).isEqualTo(4);
    }

    @Test
    void theSystemAdministratorHasNoAdministratorPageButChangesTheirOwnPassword() {
        browser.loginAndWait("sysadmin", adminPassword());
        assertThat(menu()).doesNotContain("管理员账户");
        browser.open("/console/administrators");
        assertThat(browser.title()).isEqualTo("无权访问");
        browser.byId("change-password").click();
        assertThat(browser.title()).isEqualTo("修改密码");
        assertThat(browser.driver.findElements(By.id("password-required"))).isEmpty();
    }

    private void changePassword(String current, String next, String confirm) {
        browser.byId("current-password").sendKeys(current);
        browser.byId("new-password").sendKeys(next);
        browser.byId("confirm-password").sendKeys(confirm);
        browser.clickAndWaitForNewPage("password-submit");
    }

    private List<String> menu() {
        return browser.driver.findElements(By.cssSelector("#menu a")).stream().map(WebElement::getText).toList();
    }
}
