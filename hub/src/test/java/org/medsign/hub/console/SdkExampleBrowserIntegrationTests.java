package org.medsign.hub.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.medsign.crypto.cert.Pem;
import org.medsign.hub.DemoSigners;
import org.medsign.hub.HubTestSupport;
import org.medsign.hub.OpensslCmsCheck;
import org.medsign.hub.QrDecoder;
import org.medsign.hub.lifecycle.ledger.StaffCertificates;
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
 * The JS SDK's example page (docs/examples/sdk) in headless Chromium (issue #13). A small HTTP server on another port
 * — another origin, configured for the {@code demo} system in {@code medsign.sdk.allowed-origins.demo} — plays the
 * hospital system: it serves the page under a strict CSP that allows only itself and the hub, and its {@code
 * /ticket} endpoint exchanges the demo API key for a web ticket (the page never sees the key). The page loads
 * {@code /sdk/medsign.js} from the hub, signs for a signer without a window → a task; the QR code on the page, read
 * off the page with a canvas and decoded with ZXing, names the task; the signer confirms in the app API; the page's
 * {@code waitFor} resolves DONE with the signature id, and OpenSSL verifies the CMS the page received. With
 * {@code MEDSIGN_SCREENSHOTS} naming a directory the waiting page is saved as {@code sdk-example.png}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SdkExampleBrowserIntegrationTests extends HubTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PIN = "270419";
    private static final Path EXAMPLE = Path.of("../docs/examples/sdk");
    private static final String PLACEHOLDER = "https://hub.hospital.example:8443";

    static Path home;
    static HttpServer emr;

    @Autowired
    JdbcClient jdbc;
    @Autowired
    StaffCertificates certificates;

    ConsoleBrowser browser;
    final AtomicInteger ticketsGiven = new AtomicInteger();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        home = freshHome(registry);
        try {
            emr = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        registry.add("medsign.sdk.allowed-origins.demo", () -> emrOrigin());
    }

    static String emrOrigin() {
        return "http://localhost:" + emr.getAddress().getPort();
    }

    @Override
    protected Path home() {
        return home;
    }

    @BeforeAll
    void startTheHospitalSystemAndTheBrowser() {
        String hub = "http://localhost:" + port;
        emr.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            switch (path) {
                case "/", "/index.html" -> {
                    exchange.getResponseHeaders().add("Content-Security-Policy", "default-src 'none'; script-src "
                            + "'self' " + hub + "; connect-src 'self' " + hub + "; img-src blob:; style-src 'self'; "
                            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
                    reply(exchange, 200, "text/html; charset=utf-8", example("index.html").replace(PLACEHOLDER, hub));
                }
                case "/example.js" -> reply(exchange, 200, "text/javascript; charset=utf-8", example("example.js"));
                case "/example.css" -> reply(exchange, 200, "text/css; charset=utf-8", example("example.css"));
                case "/ticket" -> {
                    // the hospital system's backend: its API key stays here, the page gets a ticket
                    HttpResponse<String> issued = postJson("/api/v1/web-tickets", "{}");
                    ticketsGiven.incrementAndGet();
                    String ticket = JSON.readTree(issued.body()).get("ticket").asText();
                    reply(exchange, 200, "application/json", "{\"ticket\":\"" + ticket + "\"}");
                }
                default -> reply(exchange, 404, "text/plain", "not found");
            }
        });
        emr.start();
        browser = ConsoleBrowser.start(port);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        emr.stop(0);
    }

    @Test
    void theExamplePageSignsThroughTheSdkShowsTheTasksQrCodeAndReceivesTheVerifiedSignature() throws Exception {
        String staffId = DemoSigners.withoutWindow(jdbc, certificates, "SDK01");
        String token = activateAndLogin(staffId);

        browser.driver.get(emrOrigin() + "/");
        browser.byId("signer").sendKeys(staffId);
        String content = browser.byId("content").getAttribute("value");
        browser.byId("sign").click();

        WebDriverWait wait = new WebDriverWait(browser.driver, Duration.ofSeconds(30));
        wait.until(ExpectedConditions.attributeToBe(By.id("status"), "data-status", "PENDING"));
        JavascriptExecutor js = (JavascriptExecutor) browser.driver;
        wait.until(driver -> Boolean.TRUE.equals(js.executeScript(
                "const i = document.querySelector('#qr img'); return !!i && i.complete && i.naturalWidth > 0;")));
        long taskId = Long.parseLong(browser.text("task-id"));
        String requestId = browser.text("request-id");
        assertThat(browser.driver.findElement(By.cssSelector("#qr img")).getAttribute("src")).startsWith("blob:");

        // the QR code as the page shows it: drawn on a canvas (the blob is the page's own), read as a PNG
        String dataUrl = (String) js.executeScript("const i = document.querySelector('#qr img');"
                + "const c = document.createElement('canvas'); c.width = i.naturalWidth; c.height = i.naturalHeight;"
                + "c.getContext('2d').drawImage(i, 0, 0); return c.toDataURL('image/png');");
        byte[] png = Base64.getDecoder().decode(dataUrl.substring(dataUrl.indexOf(',') + 1));
        assertThat(QrDecoder.decode(png)).isEqualTo("http://localhost:" + port + "/m/?task=" + taskId);
        assertThat(json(getWithKey("/api/v1/requests/" + requestId)).get("taskId").asLong()).isEqualTo(taskId);
        screenshot("sdk-example");

        HttpResponse<String> confirmed = app("POST", "/api/v1/m/tasks/" + taskId + "/confirm", token,
                "{\"pin\":\"" + PIN + "\"}");
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);

        wait.until(ExpectedConditions.attributeToBe(By.id("status"), "data-status", "DONE"));
        JsonNode done = json(getWithKey("/api/v1/requests/" + requestId));
        assertThat(done.get("status").asText()).isEqualTo("DONE");
        assertThat(browser.text("signature-id")).isEqualTo(done.get("signatureId").asText());
        assertThat(browser.driver.findElement(By.id("error")).isDisplayed()).isFalse();
        byte[] cms = Base64.getDecoder().decode(browser.byId("cms").getAttribute("value"));
        List<X509CertificateHolder> chain = Pem.parseCertificates(getWithKey("/api/v1/ca/chain").body()
                .getBytes(StandardCharsets.US_ASCII));
        assertThat(OpensslCmsCheck.verify(Files.createTempDirectory("sdk-openssl-"), cms,
                content.getBytes(StandardCharsets.UTF_8), chain)).isEqualTo(staffId);
        assertThat(ticketsGiven.get()).as("one ticket served the whole flow").isEqualTo(1);
        assertThat(browser.driver.getPageSource()).doesNotContain(demoKey());
    }

    // ---- plumbing

    private static String example(String name) {
        try {
            return Files.readString(EXAMPLE.resolve(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void reply(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.getResponseHeaders().add("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private String activateAndLogin(String staffId) {
        HttpResponse<String> issued = asAdmin("secadmin", HttpRequest.newBuilder(
                uri("/api/v1/admin/staff/" + staffId + "/activation")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
        HttpResponse<String> activated = app("POST", "/api/v1/m/activate", null, "{\"staffId\":\"" + staffId
                + "\",\"code\":\"" + json(issued).get("code").asText() + "\",\"pin\":\"" + PIN + "\"}");
        assertThat(activated.statusCode()).as(activated.body()).isEqualTo(200);
        HttpResponse<String> login = app("POST", "/api/v1/m/login", null, "{\"staffId\":\"" + staffId
                + "\",\"pin\":\"" + PIN + "\"}");
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        return json(login).get("token").asText();
    }

    private HttpResponse<String> app(String method, String path, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    /** Saves the page as {@code <name>.png} when a screenshot directory is named (never in CI by default). */
    private void screenshot(String name) {
        browser.screenshot(name);
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }
}
