package org.medsign.hub.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.medsign.hub.HubTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An infrastructure failure (the configured external TSA is unreachable) is retried by the broker, then parked in
 * the dead-letter queue; the system administrator lists it and replays it; the request is never lost or half-signed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "medsign.pki.external-tsa-url=http://127.0.0.1:1/tsa", "medsign.signing.max-attempts=2",
        "medsign.signing.sync-timeout=PT0.3S"})
class DeadLetterIntegrationTests extends HubTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Path home;

    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        home = freshHome(registry);
    }

    @Override
    protected Path home() {
        return home;
    }

    private JsonNode deadLetters() throws Exception {
        HttpResponse<String> response = asAdmin("sysadmin", HttpRequest.newBuilder(uri("/api/v1/admin/dead-letters")).GET());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Test
    void unreachableTsaLeadsToTheDeadLetterQueueAndReplayWorks() throws Exception {
        HttpResponse<String> accepted = postJson("/api/v1/sign/message", signMessage("dlq-1", "D0001", "x"));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertThat(accepted.body()).contains("\"status\":\"RECEIVED\"");

        Awaitility.await("dead-lettered").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> deadLetters().size() == 1);
        JsonNode entry = deadLetters().get(0);
        assertThat(entry.get("requestId").asText()).isEqualTo("dlq-1");
        assertThat(entry.get("errorCode").asText()).isEqualTo("INFRASTRUCTURE_FAILURE");
        assertThat(entry.get("attempts").asInt()).isEqualTo(2);
        assertThat(jdbc.sql("SELECT status FROM signing_request WHERE request_id = 'dlq-1'").query(String.class).single())
                .isEqualTo("DEAD_LETTER");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM signature_record WHERE request_id = 'dlq-1'").query(Integer.class)
                .single()).isZero();

        HttpResponse<String> replay = asAdmin("sysadmin", HttpRequest.newBuilder(uri("/api/v1/admin/dead-letters/"
                + entry.get("messageId").asText() + "/replay")).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
        Awaitility.await("replayed and dead-lettered again").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'SIGN_DEAD_LETTER'")
                        .query(Integer.class).single() == 2 && deadLetters().size() == 1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'DEAD_LETTER_REPLAY'").query(Integer.class)
                .single()).isEqualTo(1);
        assertThat(asAdmin("sysadmin", HttpRequest.newBuilder(uri("/api/v1/admin/dead-letters/ID:nope/replay"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(404);
    }
}
