package org.medsign.hub.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.medsign.hub.HubTestSupport;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The console's 岗位权限 page (issue #15 point 2) in headless Chromium: the security administrator reaches it from the
 * menu and sees the defaults of V31; adds a rule (listed, audited as PERMISSION_RULE_CREATED by secadmin), sees a bad
 * one refused with its reason, edits and deletes a rule (each audited); the page speaks English on request; and the
 * audit administrator is refused. With {@code MEDSIGN_SCREENSHOTS} naming a directory, the page is saved there as
 * {@code console-permissions.png}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "medsign.security.max-failed-authentications=100")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PermissionsConsoleBrowserIntegrationTests extends HubTestSupport {

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
    @Order(1)
    void listsTheDefaults() {
        browser.loginAndWait("secadmin", adminPassword());
        browser.clickAndWaitForNewPage("menu-permissions");
        assertThat(browser.title()).isEqualTo("岗位权限");
        List<WebElement> rows = browser.driver.findElements(By.cssSelector("tr.rule-row"));
        assertThat(rows).hasSize(6);
        assertThat(rows.get(0).getText()).contains("签名").contains("文书类型：病程记录").contains("全部系统")
                .contains("住院医师及以上");
        assertThat(rows.get(1).getText()).contains("文书类型：出院小结").contains("主治医师及以上");
        assertThat(rows.get(2).getText()).contains("专用章 · 检验检查专用章").contains("技师及以上").contains("科室：检验科");
        assertThat(rows.get(4).getText()).contains("院章").contains("全部文书").contains("his").contains("任何人员");
        assertThat(rows.get(5).getText()).contains("physical-exam");
        browser.screenshot("console-permissions");
    }

    @Test
    @Order(2)
    void addsARuleWhichIsListedAndAudited() {
        browser.open("/console/ledger/permissions");
        new Select(browser.byId("rule-action")).selectByValue("DEPARTMENT");
        browser.byId("rule-documentType").sendKeys("手术记录");
        browser.byId("rule-system").clear();
        browser.byId("rule-system").sendKeys("anesthesia");
        new Select(browser.byId("rule-minPost")).selectByValue("副主任医师");
        browser.byId("rule-department").sendKeys("麻醉科");
        browser.byId("rule-note").sendKeys("麻醉科副主任医师及以上使用科室章");
        browser.clickAndWaitForNewPage("rule-submit");

        String done = browser.text("permissions-done");
        assertThat(done).matches("已新增规则 #\\d+。");
        long id = Long.parseLong(done.replaceAll("\\D", ""));
        WebElement row = browser.byId("rule-" + id);
        assertThat(row.getText()).contains("科室章").contains("文书类型：手术记录").contains("anesthesia")
                .contains("副主任医师及以上").contains("科室：麻醉科").contains("麻醉科副主任医师及以上使用科室章")
                .contains("secadmin");
        assertThat(jdbc.sql("SELECT actor || ' ' || detail FROM audit_event WHERE action = 'PERMISSION_RULE_CREATED' "
                + "AND target = ?").param("permission/" + id).query(String.class).single())
                .startsWith("secadmin #" + id + " DEPARTMENT").contains("documentType=手术记录")
                .contains("system=anesthesia").contains("minPost=副主任医师").contains("department=麻醉科");
    }

    @Test
    @Order(3)
    void refusesABadRuleWithItsReasonAndStoresNothing() {
        browser.open("/console/ledger/permissions");
        int before = browser.driver.findElements(By.cssSelector("tr.rule-row")).size();
        new Select(browser.byId("rule-action")).selectByValue("SIGN");
        browser.byId("rule-documentType").sendKeys("出院小结");
        browser.clickAndWaitForNewPage("rule-submit"); // no post, grade or department
        assertThat(browser.text("permissions-failed")).startsWith("岗位权限规则缺少字段或字段有误");
        assertThat(browser.text("permissions-failed-reason")).startsWith("name who");
        assertThat(browser.driver.findElements(By.cssSelector("tr.rule-row"))).hasSize(before);
    }

    @Test
    @Order(4)
    void editsAndDeletesARuleEachAudited() {
        browser.open("/console/ledger/permissions");
        long id = jdbc.sql("SELECT MAX(id) FROM permission_rule").query(Long.class).single();
        browser.byId("edit-rule-" + id).click();
        assertThat(browser.text("rule-form-title")).isEqualTo("编辑规则 #" + id);
        assertThat(browser.byId("rule-department").getAttribute("value")).isEqualTo("麻醉科");
        browser.byId("rule-department").clear();
        browser.byId("rule-department").sendKeys("心内科");
        browser.clickAndWaitForNewPage("rule-submit");
        assertThat(browser.text("permissions-done")).isEqualTo("已保存规则 #" + id + "。");
        assertThat(browser.byId("rule-" + id).getText()).contains("科室：心内科").doesNotContain("科室：麻醉科");

        browser.byId("delete-rule-" + id).click();
        assertThat(browser.text("permissions-done")).isEqualTo("已删除规则 #" + id + "。");
        assertThat(browser.driver.findElements(By.id("rule-" + id))).isEmpty();
        assertThat(jdbc.sql("SELECT action FROM audit_event WHERE target = ? ORDER BY seq")
                .param("permission/" + id).query(String.class).list())
                .containsExactly("PERMISSION_RULE_CREATED", "PERMISSION_RULE_CHANGED", "PERMISSION_RULE_DELETED");
    }

    @Test
    @Order(5)
    void speaksEnglishOnRequest() {
        browser.open("/console/ledger/permissions?lang=en");
        assertThat(browser.title()).isEqualTo("Post-based permissions");
        assertThat(browser.driver.findElements(By.cssSelector("tr.rule-row")).get(1).getText())
                .contains("Document type: 出院小结").contains("主治医师 and above");
        browser.open("/console/ledger/permissions?lang=zh");
    }

    @Test
    @Order(6)
    void theAuditAdministratorIsRefused() {
        browser.loginAndWait("auditadmin", adminPassword());
        assertThat(browser.driver.findElements(By.id("menu-permissions"))).isEmpty();
        browser.open("/console/ledger/permissions");
        assertThat(browser.driver.findElements(By.id("permission-rules"))).isEmpty();
    }
}
