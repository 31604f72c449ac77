package org.medsign.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.medsign.hub.DemoSigners;
import org.medsign.hub.HubTestSupport;
import org.medsign.hub.LoginSignatureCheck;
import org.medsign.hub.QrDecoder;
import org.medsign.hub.lifecycle.ledger.StaffCertificates;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * QR codes over real HTTP on the embedded default (issue #13): scan-to-sign (a system's task as a PNG QR code that a
 * phone's scanner reads as the app's link to the task) and scan-to-login (a system's challenge, confirmed in the app
 * with the PIN, signed with the clinician's certificate and checked with the OpenSSL CLI), and every refusal with
 * nothing signed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class QrFlowsIntegrationTests extends HubTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PIN = "270419";

    static Path home;

    @Autowired
    JdbcClient jdbc;
    @Autowired
    StaffCertificates certificates;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        home = freshHome(registry);
    }

    @Override
    protected Path home() {
        return home;
    }

    // ---- scan-to-sign

    @Test
    void taskQrCodeDecodesToTheLinkThatOpensTheTaskInTheApp() {
        String staffId = DemoSigners.withoutWindow(jdbc, certificates, "Q1001");
        HttpResponse<String> pending = sign(staffId);
        assertThat(pending.statusCode()).as(pending.body()).isEqualTo(202);
        long taskId = json(pending).get("taskId").asLong();

        HttpResponse<byte[]> qr = png("/api/v1/tasks/" + taskId + "/qr", demoKey());
        assertThat(qr.statusCode()).isEqualTo(200);
        assertThat(qr.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(qr.headers().firstValue("Cache-Control")).hasValue("no-store");
        String link = "http://localhost:" + port + "/m/?task=" + taskId;
        assertThat(QrDecoder.decode(qr.body())).isEqualTo(link);
        assertThat(qr.headers().firstValue("X-Medsign-Qr-Link")).hasValue(link);
        assertThat(send(HttpRequest.newBuilder(java.net.URI.create(link)).GET().build()).statusCode())
                .as("the link opens the app").isEqualTo(200);
    }

    @Test
    void anotherSystemsTaskAnUnknownTaskAndNonSystemsGetNoQrCode() {
        String staffId = DemoSigners.withoutWindow(jdbc, certificates, "Q1002");
        long taskId = json(sign(staffId)).get("taskId").asLong();
        String otherKey = newSystem("qrpacs");

        HttpResponse<byte[]> foreign = png("/api/v1/tasks/" + taskId + "/qr", otherKey);
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(problemCode(foreign)).isEqualTo("TASK_UNKNOWN");
        HttpResponse<byte[]> unknown = png("/api/v1/tasks/987654321/qr", demoKey());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(problemCode(unknown)).isEqualTo("TASK_UNKNOWN");
        HttpResponse<byte[]> asImage = sendBytes(HttpRequest.newBuilder(uri("/api/v1/tasks/987654321/qr"))
                .header("X-Medsign-Api-Key", demoKey()).header("Accept", "image/png").GET().build());
        assertThat(asImage.statusCode()).as("a scanner's Accept header still gets the problem").isEqualTo(404);
        assertThat(png("/api/v1/tasks/" + taskId + "/qr", null).statusCode()).as("no key").isEqualTo(401);
        HttpResponse<String> admin = asAdmin("secadmin", HttpRequest.newBuilder(uri("/api/v1/tasks/" + taskId + "/qr"))
                .GET());
        assertThat(admin.statusCode()).isEqualTo(403);
        assertThat(json(admin).get("code").asText()).isEqualTo("SYSTEM_REQUIRED");
        assertThat(png("/api/v1/tasks/abc/qr", demoKey()).statusCode()).isEqualTo(400);
    }

    // ---- scan-to-login

    @Test
    void confirmedLoginIsSignedWithTheCliniciansCertificateAndVerifiesWithOpenssl() throws Exception {
        String staffId = DemoSigners.withoutWindow(jdbc, certificates, "Q2001");
        String token = activateAndLogin(staffId);

        HttpResponse<String> issued = postJson("/api/v1/login-challenges", "");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        JsonNode challenge = json(issued);
        String id = challenge.get("challengeId").asText();
        assertThat(Base64.getDecoder().decode(challenge.get("challenge").asText())).hasSize(32);
        assertThat(Instant.parse(challenge.get("expiresAt").asText()))
                .isBetween(Instant.now().plus(Duration.ofMinutes(2)), Instant.now().plus(Duration.ofMinutes(3)));
        assertThat(challenge.get("qr").asText()).isEqualTo("/api/v1/login-challenges/" + id + "/qr");
        assertThat(issued.headers().firstValue("Location")).hasValue("/api/v1/login-challenges/" + id);
        String link = QrDecoder.decode(png(challenge.get("qr").asText(), demoKey()).body());
        assertThat(link).isEqualTo("http://localhost:" + port + "/m/?login=" + id)
                .isEqualTo(challenge.get("link").asText());
        assertThat(json(getWithKey("/api/v1/login-challenges/" + id)).get("status").asText()).isEqualTo("PENDING");

        JsonNode prompt = json(app("GET", "/api/v1/m/login-challenges/" + id, token, null));
        assertThat(prompt.get("system").asText()).isEqualTo("demo");
        assertThat(prompt.get("account").asText()).isEqualTo(staffId);
        assertThat(prompt.get("status").asText()).isEqualTo("PENDING");

        HttpResponse<String> confirmed = app("POST", "/api/v1/m/login-challenges/" + id + "/confirm", token,
                "{\"pin\":\"" + PIN + "\"}");
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
        assertThat(confirmed.body()).doesNotContain(PIN);

        JsonNode state = json(getWithKey("/api/v1/login-challenges/" + id));
        assertThat(state.get("status").asText()).isEqualTo("CONFIRMED");
        assertThat(state.get("staffId").asText()).isEqualTo(staffId);
        assertThat(state.get("account").asText()).isEqualTo(staffId);
        String statement = new String(Base64.getDecoder().decode(state.get("signedData").asText()),
                StandardCharsets.UTF_8);
        assertThat(statement.split("\n")).startsWith("MEDSIGN-LOGIN-1", "challengeId=" + id,
                "challenge=" + challenge.get("challenge").asText(), "system=demo", "account=" + staffId,
                "staffId=" + staffId);
        assertThat(state.get("certificate").asText()).startsWith("-----BEGIN CERTIFICATE-----");
        String chain = getWithKey("/api/v1/ca/chain").body();
        Path work = Files.createTempDirectory("login-openssl-");
        assertThat(LoginSignatureCheck.verify(work, state.get("signedData").asText(), state.get("signature").asText(),
                state.get("certificate").asText(), chain)).as("OpenSSL verifies the login signature").isTrue();
        String tampered = Base64.getEncoder().encodeToString(statement.replace("system=demo", "system=his")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(LoginSignatureCheck.verify(Files.createTempDirectory("login-openssl-"), tampered,
                state.get("signature").asText(), state.get("certificate").asText(), chain))
                .as("other bytes do not verify").isFalse();

        HttpResponse<String> replayed = app("POST", "/api/v1/m/login-challenges/" + id + "/confirm", token,
                "{\"pin\":\"" + PIN + "\"}");
        assertThat(replayed.statusCode()).isEqualTo(409);
        assertThat(json(replayed).get("code").asText()).isEqualTo("LOGIN_CHALLENGE_USED");
        assertThat(json(getWithKey("/api/v1/login-challenges/" + id)).get("signature").asText())
                .as("the first signature stays").isEqualTo(state.get("signature").asText());
        assertThat(auditCount("LOGIN_CHALLENGE_ISSUED", id)).isEqualTo(1);
        assertThat(auditCount("LOGIN_CHALLENGE_CONFIRMED", id)).isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE detail LIKE ?").param("%" + PIN + "%")
                .query(Integer.class).single()).as("the PIN is never audited").isZero();
    }

    @Test
    void wrongOrMissingPinExpiredUnknownAndForeignChallengesAreRefusedAndNothingIsSigned() {
        String staffId = DemoSigners.withoutWindow(jdbc, certificates, "Q2002");
        String token = activateAndLogin(staffId);
        String id = json(postJson("/api/v1/login-challenges", "")).get("challengeId").asText();

        HttpResponse<String> wrong = app("POST", "/api/v1/m/login-challenges/" + id + "/confirm", token,
                "{\"pin\":\"918273\"}");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(json(wrong).get("code").asText()).isEqualTo("PIN_WRONG");
        HttpResponse<String> missing = app("POST", "/api/v1/m/login-challenges/" + id + "/confirm", token, "{}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(json(missing).get("code").asText()).isEqualTo("PIN_MISSING");
        assertThat(json(jdbcPinStatus(staffId)).get("failedAttempts").asInt()).as("counted like a task's PIN")
                .isEqualTo(1);
        assertUnsigned(id, "PENDING");

        HttpResponse<String> unknown = app("POST", "/api/v1/m/login-challenges/00000000-0000-0000-0000-000000000000"
                + "/confirm", token, "{\"pin\":\"" + PIN + "\"}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("code").asText()).isEqualTo("LOGIN_CHALLENGE_UNKNOWN");
        assertThat(app("GET", "/api/v1/m/login-challenges/nonsense", token, null).statusCode()).isEqualTo(404);
        HttpResponse<String> unknownPoll = getWithKey("/api/v1/login-challenges/nonsense");
        assertThat(unknownPoll.statusCode()).isEqualTo(404);
        assertThat(json(unknownPoll).get("code").asText()).isEqualTo("LOGIN_CHALLENGE_UNKNOWN");
        assertThat(app("POST", "/api/v1/m/login-challenges/" + id + "/confirm", null, "{\"pin\":\"" + PIN + "\"}")
                .statusCode()).as("no app session").isEqualTo(401);
        assertThat(postJson("/api/v1/m/login-challenges/" + id + "/confirm", "{\"pin\":\"" + PIN + "\"}")
                .statusCode()).as("an API key is no app session").isEqualTo(401);

        String otherKey = newSystem("qrlis");
        HttpResponse<String> foreignPoll = send(HttpRequest.newBuilder(uri("/api/v1/login-challenges/" + id))
                .header("X-Medsign-Api-Key", otherKey).GET().build());
        assertThat(foreignPoll.statusCode()).as("another system's challenge").isEqualTo(404);
        assertThat(png("/api/v1/login-challenges/" + id + "/qr", otherKey).statusCode()).isEqualTo(404);

        jdbc.sql("UPDATE login_challenge SET expires_at = ? WHERE id = ?")
                .params(Timestamp.from(Instant.now().minusSeconds(1)), id).update();
        HttpResponse<String> expired = app("POST", "/api/v1/m/login-challenges/" + id + "/confirm", token,
                "{\"pin\":\"" + PIN + "\"}");
        assertThat(expired.statusCode()).isEqualTo(409);
        assertThat(json(expired).get("code").asText()).isEqualTo("LOGIN_CHALLENGE_EXPIRED");
        assertThat(json(app("GET", "/api/v1/m/login-challenges/" + id, token, null)).get("status").asText())
                .isEqualTo("EXPIRED");
        assertUnsigned(id, "EXPIRED");
        assertThat(auditCount("LOGIN_CHALLENGE_CONFIRMED", id)).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'LOGIN_CHALLENGE_CONFIRM' "
                + "AND outcome = 'FAILURE' AND target = ?").param("login/" + id).query(Integer.class).single())
                .isEqualTo(3);
    }

    @Test
    void aClinicianWithoutAnAccountInTheAskingSystemCannotConfirm() {
        String staffId = DemoSigners.withoutWindow(jdbc, certificates, "Q2003");
        String token = activateAndLogin(staffId);
        String otherKey = newSystem("qrward");
        HttpResponse<String> issued = send(HttpRequest.newBuilder(uri("/api/v1/login-challenges"))
                .header("X-Medsign-Api-Key", otherKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        String id = json(issued).get("challengeId").asText();

        JsonNode prompt = json(app("GET", "/api/v1/m/login-challenges/" + id, token, null));
        assertThat(prompt.get("system").asText()).isEqualTo("qrward");
        assertThat(prompt.get("account").isNull()).isTrue();
        HttpResponse<String> refused = app("POST", "/api/v1/m/login-challenges/" + id + "/confirm", token,
                "{\"pin\":\"" + PIN + "\"}");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(json(refused).get("code").asText()).isEqualTo("LOGIN_CHALLENGE_NO_ACCOUNT");
        HttpResponse<String> state = send(HttpRequest.newBuilder(uri("/api/v1/login-challenges/" + id))
                .header("X-Medsign-Api-Key", otherKey).GET().build());
        assertThat(json(state).get("status").asText()).isEqualTo("PENDING");
        assertThat(json(state).get("signature").isNull()).isTrue();
        assertThat(postJson("/api/v1/login-challenges", "").statusCode()).isEqualTo(201);
        HttpResponse<String> admin = asAdmin("secadmin", HttpRequest.newBuilder(uri("/api/v1/login-challenges"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(admin.statusCode()).isEqualTo(403);
        assertThat(json(admin).get("code").asText()).isEqualTo("SYSTEM_REQUIRED");
    }

    // ---- plumbing

    private void assertUnsigned(String id, String status) {
        JsonNode state = json(getWithKey("/api/v1/login-challenges/" + id));
        assertThat(state.get("status").asText()).isEqualTo(status);
        assertThat(state.get("signature").isNull()).isTrue();
        assertThat(state.get("signedData").isNull()).isTrue();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM login_challenge WHERE id = ? AND signature IS NULL").param(id)
                .query(Integer.class).single()).isEqualTo(1);
    }

    private HttpResponse<String> jdbcPinStatus(String staffId) {
        return asAdmin("secadmin", HttpRequest.newBuilder(uri("/api/v1/ledger/staff/" + staffId + "/pin")).GET());
    }

    private int auditCount(String action, String id) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = ? AND target = ?")
                .params(action, "login/" + id).query(Integer.class).single();
    }

    /** A new system with its own API key. */
    private String newSystem(String systemId) {
        HttpResponse<String> created = asAdmin("sysadmin", HttpRequest.newBuilder(uri("/api/v1/admin/systems"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"systemId\":\"" + systemId + "\",\"name\":\"QR\"}")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created).get("apiKey").asText();
    }

    private HttpResponse<byte[]> png(String path, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (key != null) {
            request.header("X-Medsign-Api-Key", key);
        }
        return sendBytes(request.build());
    }

    private static String problemCode(HttpResponse<byte[]> response) {
        try {
            return JSON.readTree(response.body()).get("code").asText();
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + new String(response.body(), StandardCharsets.UTF_8), e);
        }
    }

    private HttpResponse<String> sign(String staffId) {
        return postJson("/api/v1/sign/message", signMessage("qr-" + System.nanoTime(), staffId, "出院小结"));
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

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }
}
