package org.medsign.hub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.medsign.hub.HubTestSupport;
import org.medsign.hub.signing.SigningQueue;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The retention clean-up through the API of a running hub: old operational data goes (request contents purged,
 * sent reply originals, old rejections, delivered status events, old dead letters), recent data and every piece of
 * evidence stay (signature records, audit chain, certificate history), a purged request still answers a resend with
 * its signature, and the run is reported and audited.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"medsign.retention.dead-letters=PT1S", "medsign.retention.request-content=P90D", "medsign.retention.schedule=0 0 0 1 1 *"})
class RetentionIntegrationTests extends HubTestSupport {

    static final ObjectMapper JSON = new ObjectMapper();
    static Path home;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JmsTemplate jms;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        home = freshHome(registry);
    }

    @Override
    protected Path home() {
        return home;
    }

    private static Timestamp daysAgo(int days) {
        return Timestamp.from(Instant.now().minus(Duration.ofDays(days)));
    }

    @Test
    void oldOperationalDataGoesAndEvidenceStays() throws Exception {
        String oldId = "retention-old-" + System.nanoTime();
        String newId = "retention-new-" + System.nanoTime();
        assertThat(postJson("/api/v1/sign/message", signMessage(oldId, "D0002", "旧文档")).statusCode()).isEqualTo(200);
        assertThat(postJson("/api/v1/sign/message", signMessage(newId, "D0002", "新文档")).statusCode()).isEqualTo(200);
        jdbc.sql("UPDATE signing_request SET updated_at = ? WHERE request_id = ?").params(daysAgo(100), oldId).update();
        long pk = jdbc.sql("SELECT id FROM signing_request WHERE request_id = ?").param(oldId).query(Long.class).single();
        jdbc.sql("INSERT INTO reply_context (request_pk, endpoint, signer_code, original_enc, sent_at, created_at) "
                + "VALUES (?, 'direct:x', 'D0002', ?, ?, ?)").params(pk, new byte[] {1, 2, 3}, daysAgo(10), daysAgo(10))
                .update();
        jdbc.sql("INSERT INTO inbound_rejection (system_id, protocol, reference, code, detail, payload_bytes, "
                + "payload_sm3, node, created_at) VALUES ('his', 'hl7v2', 'OLD', 'HL7_PARSE', 'x', 3, NULL, 'n', ?)")
                .param(daysAgo(200)).update();
        jdbc.sql("INSERT INTO inbound_rejection (system_id, protocol, reference, code, detail, payload_bytes, "
                + "payload_sm3, node, created_at) VALUES ('his', 'hl7v2', 'NEW', 'HL7_PARSE', 'x', 3, NULL, 'n', ?)")
                .param(daysAgo(1)).update();
        Instant parked = Instant.now();
        jms.convertAndSend(SigningQueue.REPLIES_DEAD_LETTERS, "0");
        long signatures = jdbc.sql("SELECT COUNT(*) FROM signature_record").query(Long.class).single();
        long history = jdbc.sql("SELECT COUNT(*) FROM certificate_history").query(Long.class).single();
        long cleanups = sysadminCleanups();

        // the dead letter must be older than the (test) retention of one second
        Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> Instant.now().isAfter(parked.plusMillis(1100)));
        HttpResponse<String> run = asAdmin("sysadmin", HttpRequest.newBuilder(uri("/api/v1/admin/retention/run"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
        JsonNode removed = JSON.readTree(run.body()).get("removed");
        assertThat(removed.get("requestContent").asLong()).isEqualTo(1);
        assertThat(removed.get("replyOriginals").asLong()).isEqualTo(1);
        assertThat(removed.get("rejections").asLong()).isEqualTo(1);
        assertThat(removed.get("deadLetters").asLong()).isEqualTo(1);

        assertThat(jdbc.sql("SELECT LENGTH(content_enc) FROM signing_request WHERE request_id = ?").param(oldId)
                .query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("SELECT LENGTH(content_enc) FROM signing_request WHERE request_id = ?").param(newId)
                .query(Integer.class).single()).isPositive();
        assertThat(jdbc.sql("SELECT reference FROM inbound_rejection").query(String.class).list()).containsExactly("NEW");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM signature_record").query(Long.class).single()).isEqualTo(signatures);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM certificate_history").query(Long.class).single()).isEqualTo(history);
        assertThat(sysadminCleanups()).isEqualTo(cleanups + 1);

        // a purged request is still answered with its signature when the system asks again
        HttpResponse<String> again = postJson("/api/v1/sign/message", signMessage(oldId, "D0002", "旧文档"));
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).get("cms").asText()).isNotBlank();

        // its evidence package carries the digest only
        String signatureId = jdbc.sql("SELECT signature_id FROM signature_record WHERE request_id = ?").param(oldId)
                .query(String.class).single();
        HttpResponse<byte[]> zip = sendBytes(HttpRequest.newBuilder(uri("/api/v1/evidence/" + signatureId))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                        ("auditadmin:" + adminPassword()).getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .GET().build());
        assertThat(zip.statusCode()).isEqualTo(200);
        String manifest = null;
        try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip.body()))) {
            for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                assertThat(entry.getName()).isNotEqualTo("document.bin");
                if (entry.getName().equals("manifest.txt")) {
                    manifest = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                }
            }
        }
        assertThat(manifest).contains("document=none");

        HttpResponse<String> status = asAdmin("sysadmin", HttpRequest.newBuilder(uri("/api/v1/admin/retention")));
        assertThat(JSON.readTree(status.body()).get("runs").get(0).get("report").asText()).contains("requestContent=1");
        assertThat(asAdmin("secadmin", HttpRequest.newBuilder(uri("/api/v1/admin/retention/run"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(403);
    }

    @Test
    void endedAppSessionsAndUsedOrExpiredActivationCodesGoAfterTheirPeriod() throws Exception {
        // D0003…D0007 are demo staff; rows as the app leaves them (hashes only), aged by their timestamps; the demo
        // signers' start-up codes (secrets/demo-activation-codes) are replaced by these
        jdbc.sql("DELETE FROM mobile_activation").update();
        session("retention-live", "D0003", null, hoursAhead(12), daysAgo(40));
        session("retention-ended-old", "D0003", daysAgo(31), hoursAhead(-24 * 31 + 12), daysAgo(31));
        session("retention-ended-new", "D0003", daysAgo(2), hoursAhead(10), daysAgo(2));
        session("retention-expired-old", "D0004", null, daysAgo(35), daysAgo(36));
        session("retention-expired-new", "D0004", null, daysAgo(1), daysAgo(2));
        code("D0003", daysAgo(45), daysAgo(40));   // used long ago
        code("D0004", daysAgo(5), daysAgo(1));     // used recently
        code("D0005", daysAgo(31), null);          // expired unused long ago
        code("D0006", hoursAhead(60), null);       // still valid, unused
        code("D0007", daysAgo(2), null);           // expired unused recently

        challenge("retention-lc-old", daysAgo(31));    // expired long ago
        challenge("retention-lc-recent", daysAgo(1));  // expired recently
        challenge("retention-lc-live", hoursAhead(1)); // still open

        HttpResponse<String> run = asAdmin("sysadmin", HttpRequest.newBuilder(uri("/api/v1/admin/retention/run"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
        JsonNode removed = JSON.readTree(run.body()).get("removed");
        assertThat(removed.get("loginChallenges").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(jdbc.sql("SELECT id FROM login_challenge WHERE id LIKE 'retention-lc-%' ORDER BY id")
                .query(String.class).list()).containsExactly("retention-lc-live", "retention-lc-recent");
        assertThat(removed.get("appSessions").asLong()).isEqualTo(2);
        assertThat(removed.get("activationCodes").asLong()).isEqualTo(2);
        assertThat(jdbc.sql("SELECT token_hash FROM mobile_session WHERE token_hash LIKE 'retention-%' ORDER BY token_hash")
                .query(String.class).list())
                .containsExactly("retention-ended-new", "retention-expired-new", "retention-live");
        assertThat(jdbc.sql("SELECT staff_id FROM mobile_activation ORDER BY staff_id").query(String.class).list())
                .containsExactly("D0004", "D0006", "D0007");

        HttpResponse<String> status = asAdmin("sysadmin", HttpRequest.newBuilder(uri("/api/v1/admin/retention")));
        JsonNode policies = JSON.readTree(status.body()).get("policies");
        assertThat(policies.get("appSessions").asText()).isEqualTo("PT720H");
        assertThat(policies.get("activationCodes").asText()).isEqualTo("PT720H");
        assertThat(policies.get("loginChallenges").asText()).isEqualTo("PT720H");
        assertThat(JSON.readTree(status.body()).get("runs").get(0).get("report").asText())
                .contains("appSessions=2", "activationCodes=2");
    }

    private void challenge(String id, Timestamp expiresAt) {
        jdbc.sql("INSERT INTO login_challenge (id, system_id, challenge, created_at, expires_at, status) "
                        + "VALUES (?, 'demo', 'c', ?, ?, 'PENDING')")
                .params(id, new Timestamp(expiresAt.getTime() - 120_000), expiresAt).update();
    }

    private long sysadminCleanups() {
        return jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'RETENTION_CLEANUP' AND actor = 'sysadmin'")
                .query(Long.class).single();
    }

    private static Timestamp hoursAhead(int hours) {
        return Timestamp.from(Instant.now().plus(Duration.ofHours(hours)));
    }

    private void session(String tokenHash, String staffId, Timestamp endedAt, Timestamp expiresAt, Timestamp createdAt) {
        jdbc.sql("INSERT INTO mobile_session (token_hash, staff_id, created_at, last_used_at, expires_at, ended_at, "
                        + "end_reason) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(tokenHash, staffId, createdAt, createdAt, expiresAt, endedAt, endedAt == null ? null : "LOGOUT")
                .update();
    }

    private void code(String staffId, Timestamp expiresAt, Timestamp usedAt) {
        jdbc.sql("INSERT INTO mobile_activation (staff_id, code_hash, issued_by, issued_at, expires_at, used_at) "
                        + "VALUES (?, ?, 'secadmin', ?, ?, ?)")
                .params(staffId, "0".repeat(64), daysAgo(50), expiresAt, usedAt).update();
    }
}
