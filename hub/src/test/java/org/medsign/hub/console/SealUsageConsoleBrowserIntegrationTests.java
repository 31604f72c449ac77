package org.medsign.hub.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.medsign.crypto.pdf.PdfFixtures;
import org.medsign.hub.HubTestSupport;
import org.medsign.hub.demo.DemoData;
import org.medsign.hub.mobile.SigningWindows;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The console's 用章记录 page (issue #15 point 6) in headless Chromium: two PDFs sealed through {@code POST
 * /api/v1/sign/pdf} with the demo seals are listed for the audit administrator (seal name, system, request, who asked,
 * who signed); the filters by staff and by seal narrow the list; a bad date is named; the CSV download carries the
 * filtered rows; the system administrator is refused.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SealUsageConsoleBrowserIntegrationTests extends HubTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Path home;

    @Autowired
    SigningWindows windows;

    ConsoleBrowser browser;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        home = freshHome(registry);
        registry.add("medsign.demo.seals", () -> "true");
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
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void theAuditorSeesEverySealUseFiltersItAndExportsIt() throws Exception {
        windows.open("D0001", List.of(DemoData.DEMO_SYSTEM), null, 1);
        HttpResponse<String> rule = asAdmin("secadmin", HttpRequest.newBuilder(uri("/api/v1/ledger/permissions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"action\":\"HOSPITAL\",\"post\":\"*\",\"system\":\"demo\"}")));
        assertThat(rule.statusCode()).as(rule.body()).isEqualTo(201);
        sign("usage-1", "D0001", null);
        sign("usage-2", "D0002", "name:示范医院院章");

        browser.loginAndWait("auditadmin", adminPassword());
        browser.clickAndWaitForNewPage("menu-sealUsage");
        assertThat(browser.title()).isEqualTo("用章记录");
        List<WebElement> rows = browser.driver.findElements(By.className("usage-row"));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).getText()).contains("示范医院院章").contains("usage-2").contains("D0002").contains("ORG-");
        assertThat(rows.get(1).getText()).contains("张伟签名").contains("usage-1").contains("D0001");

        browser.byId("filter-staff").sendKeys("D0001");
        browser.clickAndWaitForNewPage("filter-submit");
        browser.waitFor(By.id("usage-filter"));
        assertThat(browser.driver.findElements(By.className("usage-row"))).hasSize(1);

        browser.open("/console/seal-usage?from=2026-13-40");
        assertThat(browser.text("bad-date")).contains("年-月-日");

        HttpResponse<String> csv = send(HttpRequest.newBuilder(uri("/console/seal-usage.csv?system=demo&staff=D0002"))
                .header("Cookie", "JSESSIONID=" + browser.driver.manage().getCookieNamed("JSESSIONID").getValue())
                .GET().build());
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(csv.body()).contains("seal_name").contains("示范医院院章").contains("usage-2").doesNotContain("usage-1");

        ConsoleBrowser other = ConsoleBrowser.start(port);
        try {
            other.loginAndWait("sysadmin", adminPassword());
            other.open("/console/seal-usage");
            assertThat(other.driver.getPageSource()).doesNotContain("usage-row");
            assertThat(other.driver.findElements(By.id("menu-sealUsage"))).isEmpty();
        } finally {
            other.close();
        }
    }

    private void sign(String requestId, String signer, String sealId) {
        ObjectNode body = JSON.createObjectNode().put("requestId", requestId).put("signer", signer)
                .put("pdf", b64(PdfFixtures.onePage()));
        if (sealId != null) {
            body.put("sealId", sealId);
        }
        body.putObject("placement").put("page", 1).put("xMm", 120).put("yMm", 30);
        HttpResponse<String> answer = postJson("/api/v1/sign/pdf", body.toString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }
}
