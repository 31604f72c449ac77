package org.medsign.hub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.medsign.crypto.ca.CaHierarchy;
import org.medsign.crypto.ca.CaSettings;
import org.medsign.crypto.cert.DistinguishedNames;
import org.medsign.crypto.tsp.EmbeddedTimestampAuthority;
import org.medsign.hub.HubTestSupport;
import org.medsign.hub.integration.MllpPeer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.yaml.snakeyaml.Yaml;

/**
 * The alert rules beyond {@link AlertsIntegrationTests}, each against something really going wrong in a hub of its
 * own: a system sending garbage over MLLP ({@code route-errors}), then falling silent ({@code system-silent}),
 * signatures slower than an objective ({@code signing-latency}), an external TSA whose clock is an hour ahead
 * ({@code clock-drift}) and then failing so that the signing itself fails ({@code batch-signing-failing}), a staff
 * certificate about to end without a campaign ({@code certificate-expiring}), and last the embedded broker stopped
 * and started again ({@code broker-down}), and the database connection pool suspended ({@code database-down}, seen
 * without the database and recorded when it is back). Each fires, reaches the webhook and the SMTP server, opens its incident
 * with the contract's deadlines and resolves when fixed. The short windows and thresholds are set below. Also: the
 * exported Prometheus rules and Grafana dashboard name only metrics this hub exposes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertRulesIntegrationTests extends HubTestSupport {

    static Path home;
    static AlertChannels channels;
    static HttpServer tsa;
    static MllpPeer.Listener hisResults;
    static int hisPort;
    static volatile int hubPort;
    /** FORWARD (to the hub's embedded TSA), SKEW (a TSA an hour ahead), FAIL (HTTP 503). */
    static final AtomicReference<String> tsaMode = new AtomicReference<>("FORWARD");
    static EmbeddedTimestampAuthority skewed;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    EmbeddedActiveMQ broker;

    @Autowired
    javax.sql.DataSource dataSource;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        home = freshHome(registry);
        channels = AlertChannels.start(home, registry);

        CaHierarchy other = CaHierarchy.create(DistinguishedNames.parse("CN=Skewed TSA,O=Test,C=CN"),
                CaSettings.defaults().withUrls("http://localhost/crl", "http://localhost/ocsp"), Clock.systemUTC());
        skewed = EmbeddedTimestampAuthority.builder().key(other.tsaKey()).certificate(other.tsa())
                .issuers(List.of(other.issuing(), other.root()))
                .clock(Clock.offset(Clock.systemUTC(), Duration.ofHours(1))).build();
        tsa = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        tsa.createContext("/tsa", exchange -> {
            byte[] query = exchange.getRequestBody().readAllBytes();
            String mode = tsaMode.get();
            try {
                byte[] reply;
                if (mode.equals("SKEW")) {
                    reply = skewed.respond(query);
                } else if (mode.equals("FORWARD") && hubPort != 0) {
                    reply = HTTP.send(HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + hubPort
                                    + "/tsa")).header("Content-Type", "application/timestamp-query")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(query)).build(),
                            HttpResponse.BodyHandlers.ofByteArray()).body();
                } else {
                    exchange.sendResponseHeaders(503, -1);
                    return;
                }
                exchange.getResponseHeaders().add("Content-Type", "application/timestamp-reply");
                exchange.sendResponseHeaders(200, reply.length);
                exchange.getResponseBody().write(reply);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(503, -1);
            } finally {
                exchange.close();
            }
        });
        tsa.start();
        registry.add("medsign.pki.external-tsa-url",
                () -> "http://127.0.0.1:" + tsa.getAddress().getPort() + "/tsa");

        // the HIS route of the repository on free ports
        Path routes = Files.createDirectories(home.resolveSibling(home.getFileName() + "-routes"));
        hisResults = new MllpPeer.Listener(StandardCharsets.UTF_8);
        try (ServerSocket free = new ServerSocket(0)) {
            hisPort = free.getLocalPort();
        }
        Files.writeString(routes.resolve("his.yaml"), Files.readString(Path.of("../routes/his.yaml"))
                .replace("value: \"2575\"", "value: \"" + hisPort + "\"")
                .replace("value: \"2585\"", "value: \"" + hisResults.port() + "\""));
        registry.add("medsign.routes.dir", routes::toString);

        Map<String, String> alerts = Map.ofEntries(
                Map.entry("interval", "PT1S"), Map.entry("initial-delay", "PT5S"),
                Map.entry("route-errors-window", "PT20S"), Map.entry("route-errors-min", "3"),
                Map.entry("silent-after", "PT10S"), Map.entry("silent-history", "PT1H"),
                Map.entry("silent-min-history", "3"),
                Map.entry("batch-failure-window", "PT20S"), Map.entry("batch-failure-min", "2"),
                Map.entry("latency-objective", "PT0.001S"), Map.entry("latency-window", "PT20S"),
                Map.entry("latency-min-samples", "1"));
        alerts.forEach((name, value) -> registry.add("medsign.ops.alerts." + name, () -> value));
        // database-down: the test suspends the connection pool (getConnection then waits until it is resumed)
        registry.add("spring.datasource.hikari.allow-pool-suspension", () -> "true");
        // a request whose timestamp fails is dead-lettered at its first failure
        registry.add("medsign.signing.max-attempts", () -> "1");
    }

    @AfterAll
    static void stop() {
        channels.stop();
        tsa.stop(0);
    }

    @BeforeEach
    void hubPort() {
        hubPort = port;
    }

    @Override
    protected Path home() {
        return home;
    }

    private JsonNode get(String path) throws IOException {
        HttpResponse<String> response = asAdmin("sysadmin", HttpRequest.newBuilder(uri(path)).GET());
        assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
        return AlertChannels.JSON.readTree(response.body());
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
                .until(() -> alert(rule).orElse(null), a -> a != null && a.path("state").asText().equals(state));
    }

    /**
     * The alert FIRING with its severity, notified by webhook and e-mail with its Chinese name, and its incident
     * opened with the contract's deadlines for that severity.
     */
    private JsonNode awaitFiringNotifiedWithIncident(String rule, String severity, String chineseName)
            throws Exception {
        // the firing is recorded, then its incident opened and linked
        JsonNode alert = Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> alert(rule).orElse(null), a -> a != null && a.path("state").asText().equals("FIRING")
                        && a.path("incidentId").isNumber());
        assertThat(alert.path("severity").asText()).isEqualTo(severity);
        String grade = severity.equals("SEVERE") ? "严重" : "一般";
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> channels.webhookTexts().stream()
                .anyMatch(t -> t.startsWith("markdown|") && t.contains("【" + grade + "告警】" + chineseName
                        + "（" + rule + "）")));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> channels.mailTexts().stream()
                .anyMatch(t -> t.startsWith(AlertChannels.OPS_MAIL) && t.contains("【" + grade + "告警】"
                        + chineseName + "（" + rule + "）")));
        JsonNode incident = get("/api/v1/ops/incidents/" + alert.path("incidentId").asLong());
        assertThat(incident.path("rule").asText()).isEqualTo(rule);
        assertThat(incident.path("severity").asText()).isEqualTo(severity);
        Instant opened = Instant.parse(incident.path("openedAt").asText());
        boolean severe = severity.equals("SEVERE");
        assertThat(Instant.parse(incident.path("respondBy").asText()))
                .isEqualTo(opened.plus(Duration.ofMinutes(severe ? 15 : 30)));
        assertThat(Instant.parse(incident.path("restoreBy").asText()))
                .isEqualTo(opened.plus(Duration.ofHours(severe ? 4 : 2)));
        if (severe) {
            assertThat(Instant.parse(incident.path("onsiteBy").asText())).isEqualTo(opened.plus(Duration.ofHours(24)));
        } else {
            assertThat(incident.path("onsiteBy").isNull()).isTrue();
        }
        return alert;
    }

    /** The alert RESOLVED by itself: its incident restored by the rule, and the recovery notified. */
    private void awaitResolved(String rule, long incidentId) throws Exception {
        awaitState(rule, "RESOLVED");
        JsonNode incident = get("/api/v1/ops/incidents/" + incidentId);
        assertThat(incident.path("restorer").asText()).isEqualTo("alert:" + rule);
        assertThat(incident.path("state").asText()).isEqualTo("RESTORED");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> channels.webhookTexts().stream()
                .anyMatch(t -> t.contains("告警恢复") && t.contains("（" + rule + "）")));
    }

    private static String mdm(String controlId) {
        return "MSH|^~\\&|HIS|HOSP|MEDSIGN|HOSP|20261127093000||MDM^T02^MDM_T02|" + controlId
                + "|P|2.5.1|||||CHN|UNICODE UTF-8\rEVN|T02|20261127093000\rPID|1||P1^^^HOSP^MR||李^雷\r"
                + "TXA|1|PN|TX|20261127092500|D0001^李^医生||20261127092500|||||DOC-" + controlId
                + "||||||AU||||D0001^李^医生\rOBX|1|TX|NOTE^病程记录^L||一般情况可。||||||F\r";
    }

    static long incidentOf(JsonNode alert) {
        return alert.path("incidentId").asLong();
    }

    static long routeErrorsIncident;

    @Test
    @Order(1)
    void aSystemSendingGarbageOverMllpFiresRouteErrors() throws Exception {
        for (int i = 0; i < 4; i++) {
            String answer = MllpPeer.send(hisPort, ("MSH|^~\\&|HIS|HOSP|MEDSIGN|HOSP|20261127||ADT^A01|BAD" + i
                    + "|P|2.5\rGARBAGE|not a segment\r").getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
            assertThat(MllpPeer.field(answer, "MSA", 1)).isEqualTo("AR");
        }
        JsonNode alert = awaitFiringNotifiedWithIncident("route-errors", "ORDINARY", "接入系统错误率过高");
        assertThat(alert.path("summary").asText()).contains("his 4/4", "rejected 4");
        routeErrorsIncident = incidentOf(alert);
    }

    @Test
    @Order(2)
    void aSystemThatStopsSendingFiresSystemSilentUntilItSendsAgain() throws Exception {
        // his sent 4 messages, then nothing for silent-after (10 s)
        JsonNode alert = awaitFiringNotifiedWithIncident("system-silent", "ORDINARY", "接入系统长时间无报文");
        assertThat(alert.path("summary").asText()).contains("his (4 message(s)");

        String controlId = "ALERTOK" + System.nanoTime();
        assertThat(MllpPeer.field(MllpPeer.send(hisPort, mdm(controlId).getBytes(StandardCharsets.UTF_8),
                StandardCharsets.UTF_8), "MSA", 1)).isEqualTo("AA");
        awaitResolved("system-silent", incidentOf(alert));

        // the garbage leaves route-errors' window (20 s): the window is clean
        awaitResolved("route-errors", routeErrorsIncident);
    }

    @Test
    @Order(3)
    void signaturesSlowerThanTheObjectiveFireSigningLatency() throws Exception {
        // the objective is 1 ms here: the HIS document signed just now is slower
        JsonNode alert = awaitFiringNotifiedWithIncident("signing-latency", "ORDINARY", "签名时延超出目标");
        assertThat(alert.path("summary").asText()).contains("his p99");
        // the signature leaves the latency window (20 s)
        awaitResolved("signing-latency", incidentOf(alert));
    }

    @Test
    @Order(4)
    void aTsaWhoseClockIsAnHourAheadFiresClockDrift() throws Exception {
        tsaMode.set("SKEW");
        JsonNode alert = awaitFiringNotifiedWithIncident("clock-drift", "ORDINARY", "本机时钟与时间戳服务偏差过大");
        assertThat(alert.path("summary").asText()).contains("ahead");
        tsaMode.set("FORWARD");
        awaitResolved("clock-drift", incidentOf(alert));
        assertThat(alert("ca-unreachable")).as("the embedded CA is usable").isEmpty();
    }

    @Test
    @Order(5)
    void signingThatFailsAcrossTheBoardFiresBatchSigningFailingAsSevere() throws Exception {
        tsaMode.set("FAIL");
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            calls.add(HTTP.sendAsync(HttpRequest.newBuilder(uri("/api/v1/sign/message"))
                    .header("Content-Type", "application/json").header("X-Medsign-Api-Key", demoKey())
                    .POST(HttpRequest.BodyPublishers.ofString(signMessage("batch-" + System.nanoTime() + "-" + i,
                            "D0001", "夜间批量签名 " + i))).build(), HttpResponse.BodyHandlers.ofString()));
        }
        JsonNode alert = awaitFiringNotifiedWithIncident("batch-signing-failing", "SEVERE", "批量签名失败");
        assertThat(alert.path("summary").asText()).contains("failed or were dead-lettered");
        calls.forEach(java.util.concurrent.CompletableFuture::join);

        tsaMode.set("FORWARD");
        // the failures leave the window (20 s)
        awaitResolved("batch-signing-failing", incidentOf(alert));
    }

    @Test
    @Order(6)
    void aCertificateEndingWithoutACampaignFiresUntilACampaignHoldsIt() throws Exception {
        String serial = jdbc.sql("SELECT serial FROM staff_certificate WHERE status = 'ACTIVE' AND staff_id IS NOT NULL "
                + "ORDER BY serial LIMIT 1").query(String.class).single();
        jdbc.sql("UPDATE staff_certificate SET not_after = ? WHERE serial = ?")
                .params(java.sql.Timestamp.from(Instant.now().plus(Duration.ofDays(5))), serial).update();

        JsonNode alert = awaitFiringNotifiedWithIncident("certificate-expiring", "ORDINARY", "证书即将到期且未纳入更新批次");
        assertThat(alert.path("summary").asText()).contains(serial);

        HttpResponse<String> campaign = asAdmin("secadmin", HttpRequest.newBuilder(uri("/api/v1/ledger/campaigns"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"serials\":[\"" + serial + "\"],\"dryRun\":true}")));
        assertThat(campaign.statusCode()).as(campaign.body()).isEqualTo(200);
        awaitResolved("certificate-expiring", incidentOf(alert));
    }

    @Test
    @Order(7)
    void theExportedRulesAndDashboardNameOnlyMetricsTheHubExposes() throws Exception {
        // a synchronous API signature, so that the per-system histogram exists too
        assertThat(postJson("/api/v1/sign/message", signMessage("prom-" + System.nanoTime(), "D0002", "指标"))
                .statusCode()).isEqualTo(200);
        HttpResponse<String> scrape = send(HttpRequest.newBuilder(uri("/actuator/prometheus"))
                .header("Authorization", "Bearer " + metricsToken()).GET().build());
        assertThat(scrape.statusCode()).as(scrape.body()).isEqualTo(200);
        Set<String> exposed = new LinkedHashSet<>();
        for (String line : scrape.body().split("\n")) {
            Matcher name = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]").matcher(line);
            if (!line.startsWith("#") && name.find()) {
                exposed.add(name.group(1));
            }
        }

        Map<String, Object> rules = new Yaml().load(Files.readString(Path.of("../docs/monitoring/medsign-alerts.rules.yml")));
        List<String> expressions = new ArrayList<>();
        for (Object group : (List<?>) rules.get("groups")) {
            for (Object rule : (List<?>) ((Map<?, ?>) group).get("rules")) {
                Map<?, ?> r = (Map<?, ?>) rule;
                assertThat(r.get("alert")).as("every rule is an alert").isNotNull();
                assertThat(((Map<?, ?>) r.get("labels")).get("medsign_severity")).isNotNull();
                expressions.add(String.valueOf(r.get("expr")));
            }
        }
        assertThat(expressions).hasSizeGreaterThanOrEqualTo(12);
        JsonNode dashboard = AlertChannels.JSON.readTree(Path.of("../docs/monitoring/medsign-grafana.json").toFile());
        assertThat(dashboard.path("panels").size()).isGreaterThanOrEqualTo(6);
        dashboard.path("panels").forEach(panel -> panel.path("targets")
                .forEach(target -> expressions.add(target.path("expr").asText())));

        Set<String> named = new LinkedHashSet<>();
        for (String expr : expressions) {
            named.addAll(metricNames(expr));
        }
        named.remove("up"); // Prometheus' own series of the scrape target
        assertThat(named).contains("medsign_alerts_firing", "medsign_queue_depth", "medsign_signatures_total",
                "medsign_system_latency_seconds", "medsign_audit_verification_intact");
        assertThat(exposed).as("metrics the rules and the dashboard name").containsAll(named);
    }

    private static final Set<String> PROMQL_WORDS = Set.of("and", "or", "unless", "by", "without", "offset", "on",
            "ignoring", "group_left", "group_right", "bool");

    /** The metric names of a PromQL expression: identifiers outside strings, label matchers and ranges. */
    static Set<String> metricNames(String expr) {
        String bare = expr.replaceAll("\"[^\"]*\"", "").replaceAll("\\b\\d+(ms|[smhdwy])\\b", " ").replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ").replaceAll("(by|without|on|ignoring)\\s*\\([^)]*\\)", " ");
        Set<String> names = new LinkedHashSet<>();
        Matcher token = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?").matcher(bare);
        while (token.find()) {
            if (token.group(2) == null && !PROMQL_WORDS.contains(token.group(1))) {
                names.add(token.group(1));
            }
        }
        return names;
    }

    @Test
    @Order(8)
    void theBrokerStoppedFiresBrokerDownAsSevereAndItsRestartResolvesIt() throws Exception {
        broker.getActiveMQServer().stop();
        try {
            JsonNode alert = awaitFiringNotifiedWithIncident("broker-down", "SEVERE", "消息中间件不可用");
            assertThat(alert.path("summary").asText()).contains("not active");
            broker.getActiveMQServer().start();
            awaitResolved("broker-down", incidentOf(alert));
        } finally {
            if (!broker.getActiveMQServer().isActive()) {
                broker.getActiveMQServer().start();
            }
        }
    }

    @Test
    @Order(9)
    void theDatabaseGoneIsNotifiedWithoutItAndItsEpisodeRecordedWhenItIsBack() throws Exception {
        int before = channels.posts();
        com.zaxxer.hikari.HikariPoolMXBean pool = dataSource.unwrap(com.zaxxer.hikari.HikariDataSource.class)
                .getHikariPoolMXBean();
        Instant suspended = Instant.now();
        pool.suspendPool();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> channels.webhookTexts(before).stream()
                    .anyMatch(t -> t.contains("【严重告警】数据库不可用（database-down）") && t.contains("故障单：无")));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> channels.mailTexts().stream()
                    .anyMatch(t -> t.contains("【严重告警】数据库不可用（database-down）")));
        } finally {
            pool.resumePool();
        }
        JsonNode alert = awaitState("database-down", "RESOLVED");
        assertThat(alert.path("severity").asText()).isEqualTo("SEVERE");
        assertThat(Instant.parse(alert.path("firedAt").asText())).isAfterOrEqualTo(suspended.minusSeconds(1));
        assertThat(alert.path("summary").asText()).contains("no database connection");
        JsonNode incident = get("/api/v1/ops/incidents/" + incidentOf(alert));
        assertThat(incident.path("severity").asText()).isEqualTo("SEVERE");
        assertThat(incident.path("rule").asText()).isEqualTo("database-down");
        Instant opened = Instant.parse(incident.path("openedAt").asText());
        assertThat(opened).isEqualTo(Instant.parse(alert.path("firedAt").asText()));
        assertThat(Instant.parse(incident.path("respondBy").asText())).isEqualTo(opened.plus(Duration.ofMinutes(15)));
        assertThat(Instant.parse(incident.path("restoreBy").asText())).isEqualTo(opened.plus(Duration.ofHours(4)));
        assertThat(Instant.parse(incident.path("onsiteBy").asText())).isEqualTo(opened.plus(Duration.ofHours(24)));
        assertThat(incident.path("restorer").asText()).isEqualTo("alert:database-down");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> channels.webhookTexts(before).stream()
                .anyMatch(t -> t.contains("告警恢复") && t.contains("（database-down）")
                        && t.contains("#" + incidentOf(alert))));
    }
}
