package org.medsign.hub.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.medsign.hub.HubTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The audit chain inside a running hub: anchors made on schedule by event count, the scheduled verification in
 * health, metrics and the chain itself, and the search API for the audit administrator only. Subclasses choose
 * the database.
 */
@AutoConfigureObservability
abstract class AbstractAuditApiIntegrationTests extends HubTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AuditLog audit;

    @Autowired
    AuditChainVerification verification;

    /** Receives exported anchors (a stand-in for a log collector outside the hub). */
    static final java.util.List<String> exportedAnchors = new java.util.concurrent.CopyOnWriteArrayList<>();
    static com.sun.net.httpserver.HttpServer anchorReceiver;

    /**
     * Anchor after 5 events, look every second, verify one second after start and then every 2 seconds; anchors are
     * also posted to a receiver.
     */
    static void auditSchedule(DynamicPropertyRegistry registry) {
        try {
            if (anchorReceiver == null) {
                anchorReceiver = com.sun.net.httpserver.HttpServer.create(
                        new java.net.InetSocketAddress("127.0.0.1", 0), 0);
                anchorReceiver.createContext("/anchors", exchange -> {
                    exportedAnchors.add(new String(exchange.getRequestBody().readAllBytes(),
                            java.nio.charset.StandardCharsets.UTF_8));
                    exchange.sendResponseHeaders(204, -1);
                    exchange.close();
                });
                anchorReceiver.start();
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        registry.add("medsign.audit.anchor-export-url",
                () -> "http://127.0.0.1:" + anchorReceiver.getAddress().getPort() + "/anchors");
        registry.add("medsign.audit.anchor-events", () -> "5");
        registry.add("medsign.audit.anchor-check", () -> "PT1S");
        registry.add("medsign.audit.verify-initial-delay", () -> "PT1S");
        registry.add("medsign.audit.verify-interval", () -> "PT2S");
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    private HttpResponse<String> get(String user, String path) {
        return asAdmin(user, HttpRequest.newBuilder(uri(path)).GET());
    }

    @Test
    void anchorsAndScheduledVerificationShowInHealthMetricsAndTheChain() {
        for (int i = 0; i < 6; i++) {
            audit.append(AuditEvent.success("test", "SYSTEM", "TEST_EVENT", "t-" + i, "n=" + i));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_anchor").query(Integer.class).single()).isPositive());
        // a verification that started after the anchor existed has checked it
        long anchorsBefore = jdbc.sql("SELECT COUNT(*) FROM audit_anchor").query(Long.class).single();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var last = verification.last();
            assertThat(last).isPresent();
            assertThat(last.get().result().anchors()).isGreaterThanOrEqualTo((int) anchorsBefore);
        });

        HttpResponse<String> health = get("sysadmin", "/actuator/health/auditChain");
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        assertThat(json(health).get("status").asText()).isEqualTo("UP");
        assertThat(json(health).get("details").get("events").asLong()).isPositive();

        HttpResponse<String> prometheus = send(HttpRequest.newBuilder(uri("/actuator/prometheus"))
                .header("Authorization", "Bearer " + metricsToken()).GET().build());
        assertThat(prometheus.body()).contains("medsign_audit_verification_intact 1.0")
                .contains("medsign_audit_verification_events");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'AUDIT_VERIFY' AND outcome = 'SUCCESS'")
                .query(Integer.class).single()).isPositive();

        long firstAnchor = jdbc.sql("SELECT MIN(id) FROM audit_anchor").query(Long.class).single();
        await().atMost(Duration.ofSeconds(30)).until(() -> exportedAnchors.stream()
                .anyMatch(line -> line.contains("\"id\":" + firstAnchor + ",")));

        HttpResponse<String> last = get("auditadmin", "/api/v1/audit/verification");
        assertThat(json(last).get("intact").asBoolean()).as(last.body()).isTrue();
    }

    @Test
    void auditAdministratorSearchesAndExportsPagedWithFilters() {
        for (int i = 0; i < 3; i++) {
            audit.append(AuditEvent.failure("dr.search", "SYSTEM", "SIGN_REFUSED", "req-search-" + i, "FROZEN"));
        }
        HttpResponse<String> page = get("auditadmin",
                "/api/v1/audit/events?actor=dr.search&action=SIGN_REFUSED&from=2000-01-01T00:00:00Z&size=2&page=0");
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        JsonNode body = json(page);
        assertThat(body.get("total").asLong()).isEqualTo(3);
        assertThat(body.get("events")).hasSize(2);
        assertThat(body.get("events").get(0).get("target").asText()).isEqualTo("req-search-0");
        assertThat(body.get("events").get(0).get("hash").asText()).hasSize(64);
        JsonNode second = json(get("auditadmin", "/api/v1/audit/events?actor=dr.search&size=2&page=1"));
        assertThat(second.get("events")).hasSize(1);
        assertThat(second.get("events").get(0).get("target").asText()).isEqualTo("req-search-2");

        HttpResponse<String> csv = get("auditadmin", "/api/v1/audit/events?target=req-search-1&format=csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(csv.body()).startsWith("node,seq,event_time,actor,role,action,target,outcome,detail,prev_hash,hash\r\n")
                .contains(",dr.search,SYSTEM,SIGN_REFUSED,req-search-1,FAILURE,FROZEN,");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action IN ('AUDIT_SEARCH', 'AUDIT_EXPORT') "
                + "AND actor = 'auditadmin'").query(Integer.class).single()).isGreaterThanOrEqualTo(3);

        HttpResponse<String> badTime = get("auditadmin", "/api/v1/audit/events?from=yesterday");
        assertThat(badTime.statusCode()).isEqualTo(400);
        assertThat(json(badTime).get("code").asText()).isEqualTo("BAD_TIME");
    }

    @Test
    void otherRolesAndSystemsAreRefusedAndTheRefusalIsAudited() {
        for (String user : new String[] {"sysadmin", "secadmin"}) {
            assertThat(get(user, "/api/v1/audit/events").statusCode()).as(user).isEqualTo(403);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'ACCESS_DENIED' AND actor = ? "
                    + "AND target = '/api/v1/audit/events'").param(user).query(Integer.class).single()).isPositive();
        }
        assertThat(getWithKey("/api/v1/audit/events").statusCode()).isEqualTo(403);
        assertThat(send(HttpRequest.newBuilder(uri("/api/v1/audit/events")).GET().build()).statusCode())
                .isEqualTo(401);
    }
}
