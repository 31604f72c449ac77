package org.medsign.hub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.CookieManager;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.medsign.hub.HubTestSupport;
import org.medsign.hub.lifecycle.expiry.SmtpSink;
import org.medsign.hub.signing.SigningQueue;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Alerts and the fault ledger against real things breaking: the external TSA configured to a port that refuses
 * connections (then a TSA answering there), a dead letter parked on the broker, an audit row changed in the database.
 * Each alert fires within the evaluation interval, reaches a stand-in for the WeCom group robot (an HTTP server in
 * the test) and a real SMTP server process ({@link SmtpSink}), opens an incident with the contract's deadlines, and
 * resolves by itself when fixed (the incident's restoration recorded). Then the incident API, its bad inputs and its
 * roles, and the console page.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertsIntegrationTests extends HubTestSupport {

    static final ObjectMapper JSON = AlertChannels.JSON;
    static final String OPS_MAIL = AlertChannels.OPS_MAIL;
    static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    static Path home;
    static AlertChannels channels;
    static HttpServer tsa;
    static int tsaPort;

    @Autowired
    JmsTemplate jms;

    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        home = freshHome(registry);
        channels = AlertChannels.start(home, registry);

        // a port nobody listens on: connections are refused until the test starts a TSA there
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            tsaPort = free.getLocalPort();
        }
        registry.add("medsign.pki.external-tsa-url", () -> "http://127.0.0.1:" + tsaPort + "/tsa");
        registry.add("medsign.ops.alerts.interval", () -> "PT1S");
        registry.add("medsign.ops.alerts.initial-delay", () -> "PT1S");
        // SEVERE respond deadline (15 min) falls within the lead, ORDINARY's (30 min) does not
        registry.add("medsign.ops.incidents.escalation-lead", () -> "PT20M");
        registry.add("medsign.audit.verify-interval", () -> "PT1S");
        registry.add("medsign.audit.verify-initial-delay", () -> "PT1S");
    }

    @AfterAll
    static void stop() {
        channels.stop();
        if (tsa != null) {
            tsa.stop(0);
        }
    }

    @Override
    protected Path home() {
        return home;
    }

    @Override
    protected boolean demoWindows() {
        return false;
    }

    private JsonNode get(String path) throws IOException {
        HttpResponse<String> response = asAdmin("sysadmin", HttpRequest.newBuilder(uri(path)).GET());
        assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> post(String user, String path, String json) {
        return asAdmin(user, HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private Optional<JsonNode> alert(String rule) throws IOException {
        for (JsonNode alert : get("/api/v1/ops/alerts")) {
            if (alert.path("rule").asText().equals(rule)) {
                return Optional.of(alert);
            }
        }
        return Optional.empty();
    }

    private JsonNode awaitState(String rule, String state) {
        return Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> alert(rule).orElse(null), a -> a != null && a.path("state").asText().equals(state)
                        // a firing is recorded, then its incident opened and linked
                        && (!state.equals("FIRING") || a.path("incidentId").isNumber()));
    }

    private static List<String> webhookTexts() {
        return channels.webhookTexts();
    }

    private static List<String> mailTexts() throws Exception {
        return channels.mailTexts();
    }

    private static Instant instant(JsonNode node, String field) {
        return Instant.parse(node.path(field).asText());
    }

    @Test
    @Order(1)
    void anUnreachableTsaFiresNotifiesAndOpensASevereIncidentWithTheContractsDeadlines() throws Exception {
        JsonNode alert = awaitState("tsa-unreachable", "FIRING");
        assertThat(alert.path("severity").asText()).isEqualTo("SEVERE");
        assertThat(alert.path("summary").asText()).contains("unreachable");
        assertThat(Instant.parse(alert.path("since").asText())).isBefore(Instant.now().plusSeconds(1));

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> webhookTexts().stream()
                .anyMatch(t -> t.startsWith("markdown|") && t.contains("tsa-unreachable") && t.contains("严重告警")));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> mailTexts().stream()
                .anyMatch(t -> t.startsWith(OPS_MAIL) && t.contains("【严重告警】时间戳服务不可达（tsa-unreachable）")));

        long id = alert.path("incidentId").asLong();
        JsonNode incident = get("/api/v1/ops/incidents/" + id);
        assertThat(incident.path("severity").asText()).isEqualTo("SEVERE");
        assertThat(incident.path("rule").asText()).isEqualTo("tsa-unreachable");
        assertThat(incident.path("openedBy").asText()).isEqualTo("alert:tsa-unreachable");
        Instant opened = instant(incident, "openedAt");
        assertThat(instant(incident, "respondBy")).isEqualTo(opened.plus(Duration.ofMinutes(15)));
        assertThat(instant(incident, "restoreBy")).isEqualTo(opened.plus(Duration.ofHours(4)));
        assertThat(instant(incident, "onsiteBy")).isEqualTo(opened.plus(Duration.ofHours(24)));
        assertThat(incident.path("respondedAt").isNull()).isTrue();
        assertThat(incident.path("state").asText()).isEqualTo("OPEN");
        assertThat(get("/api/v1/ops/incidents?open=true").findValues("id").stream().map(JsonNode::asLong))
                .contains(id);

        // the response deadline (15 min) is within the escalation lead (20 min): escalated once
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> webhookTexts().stream()
                .anyMatch(t -> t.contains("故障升级") && t.contains("#" + id + " ") && t.contains("响应")));
        JsonNode escalated = get("/api/v1/ops/incidents/" + id);
        assertThat(escalated.path("escalated").toString()).isEqualTo("[\"respond\"]");
    }

    @Test
    @Order(2)
    void aTsaAnsweringAgainResolvesTheAlertAndRecordsTheRestoration() throws Exception {
        int before = channels.posts();
        // the TSA comes back: it answers RFC 3161 requests (the hub's own embedded TSA behind it)
        tsa = HttpServer.create(new InetSocketAddress("127.0.0.1", tsaPort), 0);
        tsa.createContext("/tsa", exchange -> {
            byte[] query = exchange.getRequestBody().readAllBytes();
            try {
                HttpResponse<byte[]> reply = HTTP.send(HttpRequest.newBuilder(uri("/tsa"))
                        .header("Content-Type", "application/timestamp-query")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(query)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                exchange.getResponseHeaders().add("Content-Type", "application/timestamp-reply");
                exchange.sendResponseHeaders(reply.statusCode(), reply.body().length);
                exchange.getResponseBody().write(reply.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(503, -1);
            }
            exchange.close();
        });
        tsa.start();

        JsonNode alert = awaitState("tsa-unreachable", "RESOLVED");
        JsonNode incident = get("/api/v1/ops/incidents/" + alert.path("incidentId").asLong());
        assertThat(incident.path("restoredAt").isNull()).isFalse();
        assertThat(incident.path("restorer").asText()).isEqualTo("alert:tsa-unreachable");
        assertThat(incident.path("state").asText()).isEqualTo("RESTORED");
        assertThat(incident.path("restoredInTime").asBoolean()).isTrue();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> channels.webhookTexts(before)
                .stream().anyMatch(t -> t.contains("告警恢复") && t.contains("tsa-unreachable")));
    }

    @Test
    @Order(3)
    void aDeadLetterFiresAndOpensAnOrdinaryIncident() throws Exception {
        jms.convertAndSend(SigningQueue.DEAD_LETTERS, "987654321");

        JsonNode alert = awaitState("dead-letters", "FIRING");
        assertThat(alert.path("severity").asText()).isEqualTo("ORDINARY");
        assertThat(alert.path("summary").asText()).startsWith("1 dead-lettered request(s)");
        JsonNode incident = get("/api/v1/ops/incidents/" + alert.path("incidentId").asLong());
        assertThat(incident.path("severity").asText()).isEqualTo("ORDINARY");
        Instant opened = instant(incident, "openedAt");
        assertThat(instant(incident, "respondBy")).isEqualTo(opened.plus(Duration.ofMinutes(30)));
        assertThat(instant(incident, "restoreBy")).isEqualTo(opened.plus(Duration.ofHours(2)));
        assertThat(incident.path("onsiteBy").isNull()).isTrue();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> mailTexts().stream()
                .anyMatch(t -> t.contains("【一般告警】死信队列有积压（dead-letters）")));
        // 30 min to respond is outside the 20 min escalation lead: nothing escalated
        assertThat(get("/api/v1/ops/incidents/" + incident.path("id").asLong()).path("escalated").size()).isZero();
    }

    @Test
    @Order(4)
    void anAuditRowChangedInTheDatabaseFiresAuditChainBrokenUntilItIsPutBack() throws Exception {
        String node = jdbc.sql("SELECT node FROM audit_event ORDER BY event_time LIMIT 1").query(String.class).single();
        String action = jdbc.sql("SELECT action FROM audit_event WHERE node = ? AND seq = 1").param(node)
                .query(String.class).single();
        jdbc.sql("UPDATE audit_event SET action = 'TAMPERED' WHERE node = ? AND seq = 1").param(node).update();

        JsonNode alert = awaitState("audit-chain-broken", "FIRING");
        assertThat(alert.path("severity").asText()).isEqualTo("ORDINARY");
        assertThat(get("/api/v1/ops/incidents/" + alert.path("incidentId").asLong()).path("rule").asText())
                .isEqualTo("audit-chain-broken");

        jdbc.sql("UPDATE audit_event SET action = ? WHERE node = ? AND seq = 1").params(action, node).update();
        awaitState("audit-chain-broken", "RESOLVED");
    }

    @Test
    @Order(5)
    void anIncidentOpenedByHandIsRespondedRestoredAndResolvedWithItsAnalysis() throws Exception {
        HttpResponse<String> opened = post("sysadmin", "/api/v1/ops/incidents",
                "{\"severity\":\"SEVERE\",\"title\":\"批量签名全部失败\",\"description\":\"HIS 夜间批量签名报错\"}");
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
        JsonNode incident = JSON.readTree(opened.body());
        long id = incident.path("id").asLong();
        assertThat(incident.path("openedBy").asText()).isEqualTo("sysadmin");
        assertThat(instant(incident, "respondBy")).isEqualTo(instant(incident, "openedAt").plus(Duration.ofMinutes(15)));

        JsonNode responded = JSON.readTree(post("sysadmin", "/api/v1/ops/incidents/" + id + "/respond",
                "{\"note\":\"已电话联系信息科\"}").body());
        assertThat(responded.path("respondedAt").isNull()).isFalse();
        assertThat(responded.path("respondedInTime").asBoolean()).isTrue();
        assertThat(responded.path("notes").asText()).contains("已电话联系信息科");

        HttpResponse<String> again = post("sysadmin", "/api/v1/ops/incidents/" + id + "/respond", "{}");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(again.body()).path("code").asText()).isEqualTo("INCIDENT_STEP_CONFLICT");

        assertThat(post("sysadmin", "/api/v1/ops/incidents/" + id + "/onsite", "{\"engineer\":\"张工\"}")
                .statusCode()).isEqualTo(200);
        assertThat(post("sysadmin", "/api/v1/ops/incidents/" + id + "/restore", "").statusCode()).isEqualTo(200);

        HttpResponse<String> noCause = post("sysadmin", "/api/v1/ops/incidents/" + id + "/resolve",
                "{\"review\":\"复盘\",\"advice\":\"建议\"}");
        assertThat(noCause.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noCause.body()).path("code").asText()).isEqualTo("INCIDENT_INVALID");
        assertThat(JSON.readTree(noCause.body()).path("detail").asText()).contains("cause");

        HttpResponse<String> resolved = post("sysadmin", "/api/v1/ops/incidents/" + id + "/resolve",
                "{\"cause\":\"签名服务器磁盘满\",\"review\":\"日志未轮转\",\"advice\":\"启用日志轮转与磁盘告警\"}");
        assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
        JsonNode closed = JSON.readTree(resolved.body());
        assertThat(closed.path("state").asText()).isEqualTo("RESOLVED");
        assertThat(closed.path("onsiteEngineer").asText()).isEqualTo("张工");
        assertThat(closed.path("cause").asText()).isEqualTo("签名服务器磁盘满");
        assertThat(post("sysadmin", "/api/v1/ops/incidents/" + id + "/restore", "{}").statusCode()).isEqualTo(409);

        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE target = ? AND action LIKE 'INCIDENT_%'")
                .param("incident/" + id).query(Long.class).single()).isEqualTo(5);
    }

    @Test
    @Order(6)
    void badInputsAndOtherRolesAreRefused() throws Exception {
        HttpResponse<String> unknown = asAdmin("sysadmin",
                HttpRequest.newBuilder(uri("/api/v1/ops/incidents/999999")).GET());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).path("code").asText()).isEqualTo("INCIDENT_UNKNOWN");
        assertThat(asAdmin("sysadmin", HttpRequest.newBuilder(uri("/api/v1/ops/incidents/abc")).GET()).statusCode())
                .isEqualTo(404);
        assertThat(post("sysadmin", "/api/v1/ops/incidents/999999/respond", "{}").statusCode()).isEqualTo(404);

        HttpResponse<String> badSeverity = post("sysadmin", "/api/v1/ops/incidents",
                "{\"severity\":\"CRITICAL\",\"title\":\"x\"}");
        assertThat(badSeverity.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badSeverity.body()).path("code").asText()).isEqualTo("INCIDENT_INVALID");
        assertThat(post("sysadmin", "/api/v1/ops/incidents", "{\"severity\":\"ORDINARY\"}").statusCode())
                .isEqualTo(400);
        assertThat(post("sysadmin", "/api/v1/ops/incidents", "{\"severity\":\"ORDINARY\",\"title\":\""
                + "长".repeat(201) + "\"}").statusCode()).isEqualTo(400);

        for (String user : List.of("secadmin", "auditadmin")) {
            assertThat(asAdmin(user, HttpRequest.newBuilder(uri("/api/v1/ops/alerts")).GET()).statusCode())
                    .as(user).isEqualTo(403);
            assertThat(post(user, "/api/v1/ops/incidents", "{\"severity\":\"ORDINARY\",\"title\":\"x\"}")
                    .statusCode()).as(user).isEqualTo(403);
        }
        assertThat(getWithKey("/api/v1/ops/incidents").statusCode()).isEqualTo(403);
        assertThat(send(HttpRequest.newBuilder(uri("/api/v1/ops/alerts")).GET().build()).statusCode())
                .isEqualTo(401);
    }

    @Test
    @Order(7)
    void theConsoleListsTheAlertsAndTheOpenIncidents() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(uri("/console/login")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher csrf = CSRF.matcher(login.body());
        assertThat(csrf.find()).isTrue();
        browser.send(HttpRequest.newBuilder(uri("/console/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=sysadmin&password="
                        + URLEncoder.encode(adminPassword(), StandardCharsets.UTF_8) + "&_csrf=" + csrf.group(1)))
                .build(), HttpResponse.BodyHandlers.ofString());

        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(uri("/console/systems/alerts")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("告警与故障台账", "tsa-unreachable", "dead-letters", "告警中", "已恢复",
                "未关闭的故障单", "/console/systems/alerts");
    }
}
