package org.medsign.hub.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import org.apache.camel.CamelContext;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.medsign.hub.HubTestSupport;
import org.medsign.hub.lifecycle.operations.CertificateOperations;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The system administrator's rejected/failed view (拒收消息 page, section 失败请求): accepted requests that ended
 * without a signature, each with its category and reason in Chinese (and English with {@code lang=en}), how its
 * system was answered, and a replay button only where the cause was transient. Real Chromium against the hub, whose
 * external TSA refuses connections.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "medsign.signing.max-attempts=2", "medsign.signing.sync-timeout=PT0.3S"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleFailuresBrowserIntegrationTests extends HubTestSupport {

    static Path home;

    @Autowired
    JdbcClient jdbc;
    @Autowired
    CamelContext camel;
    @Autowired
    CertificateOperations operations;

    ConsoleBrowser browser;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        home = freshHome(registry);
        // port 1: outside the range random ports come from, so no other hub or listener of the test run can take it
        // (a port found free and released can be bound again by anything started later)
        registry.add("medsign.pki.external-tsa-url", () -> "http://127.0.0.1:1/tsa");
    }

    @Override
    protected Path home() {
        return home;
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

    private String status(String requestId) {
        return jdbc.sql("SELECT status FROM signing_request WHERE request_id = ?").param(requestId)
                .query(String.class).single();
    }

    private WebElement row(String requestId) {
        return browser.driver.findElement(By.cssSelector("#failures tr[data-request-id='" + requestId + "']"));
    }

    @Test
    void failedRequestsAreListedWithCategoryReasonAndAnswerAndOnlyTransientOnesCanBeReplayed() throws Exception {
        String transientId = "cf-tsa-" + System.nanoTime();
        assertThat(postJson("/api/v1/sign/message", signMessage(transientId, "D0001", "x")).statusCode())
                .isEqualTo(202);
        Awaitility.await("dead-lettered").atMost(Duration.ofSeconds(60)).until(() -> status(transientId),
                "DEAD_LETTER"::equals);

        // refused after acceptance: the certificate is frozen while the intake waits
        String frozenId = "cf-frozen-" + System.nanoTime();
        String serial = jdbc.sql("SELECT serial FROM staff_certificate WHERE staff_id = 'D0002' AND status = 'ACTIVE'")
                .query(String.class).single();
        camel.getRouteController().stopRoute("hub.intake.sign");
        try {
            assertThat(postJson("/api/v1/sign/message", signMessage(frozenId, "D0002", "x")).statusCode())
                    .isEqualTo(202);
            operations.freeze(serial, "on leave", "secadmin", "SECURITY_ADMIN");
        } finally {
            camel.getRouteController().startRoute("hub.intake.sign");
        }
        Awaitility.await("refused").atMost(Duration.ofSeconds(60)).until(() -> status(frozenId), "FAILED"::equals);

        browser.loginAndWait("sysadmin", adminPassword());
        browser.clickAndWaitForNewPage("menu-rejections");
        assertThat(browser.title()).isEqualTo("拒收消息");
        assertThat(browser.text("failures-title")).isEqualTo("失败请求");
        WebElement dead = row(transientId);
        assertThat(dead.getAttribute("data-code")).isEqualTo("INFRASTRUCTURE_FAILURE");
        assertThat(dead.findElement(By.className("category")).getText()).isEqualTo("暂时故障（稍后重试）");
        assertThat(dead.findElement(By.className("reason")).getText()).contains("多次尝试后仍无法签名");
        assertThat(dead.findElement(By.className("answer")).getText()).isEqualTo("由系统查询状态获得");
        WebElement refused = row(frozenId);
        assertThat(refused.findElement(By.className("category")).getText()).isEqualTo("最终拒绝（不要原样重发）");
        assertThat(refused.findElement(By.className("reason")).getText()).contains("签名人的证书已冻结");
        assertThat(refused.findElements(By.className("replay"))).as("a final refusal is not replayed").isEmpty();

        browser.open("/console/systems/rejections?lang=en");
        assertThat(browser.text("failures-title")).isEqualTo("Failed requests");
        assertThat(row(transientId).findElement(By.className("category")).getText())
                .isEqualTo("Transient (retry later)");
        assertThat(row(frozenId).findElement(By.className("reason")).getText())
                .contains("The signer's certificate is frozen");
        browser.open("/console/systems/rejections?lang=zh");

        row(transientId).findElement(By.className("replay")).click();
        assertThat(browser.text("failure-done")).isEqualTo("已放回签名队列。");
        Awaitility.await("replayed, and dead-lettered again while the TSA is down").atMost(Duration.ofSeconds(60))
                .until(() -> jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'SIGN_DEAD_LETTER' "
                        + "AND target = ?").param("demo/" + transientId).query(Integer.class).single() == 2
                        && "DEAD_LETTER".equals(status(transientId)));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'DEAD_LETTER_REPLAY' AND actor = "
                + "'sysadmin' AND target LIKE 'request/%'").query(Integer.class).single()).isEqualTo(1);
    }
}
