package org.medsign.hub.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.medsign.hub.DemoSigners;
import org.medsign.hub.HubTestSupport;
import org.medsign.hub.lifecycle.ledger.StaffCertificates;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The clinician's mobile app over real HTTP on the embedded default (issue #13, first slice): activation codes, app
 * login with the signing PIN, signing windows the signing worker honours at once, lost phones, and bad input.
 * Each test uses its own staff members, mapped into the {@code demo} system without any blanket authorization.
 * Subclasses choose the database (H2, PostgreSQL).
 */
abstract class AbstractMobileApiIntegrationTests extends HubTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PIN = "270419";

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StaffCertificates certificates;

    @Autowired
    org.medsign.hub.evidence.HandwritingImages handwritings;

    @Autowired
    org.medsign.hub.lifecycle.operations.CertificateOperations operations;

    // ---- the whole path

    @Test
    void activatedClinicianOpensAWindowThatLetsTheSystemSignAtOnceUntilItIsClosed() {
        String staffId = newSigner("M1001");
        assertThat(sign(staffId).statusCode()).as("no window: the request waits").isEqualTo(202);

        String code = issueCode(staffId);
        HttpResponse<String> activated = activate(staffId, code, PIN);
        assertThat(activated.statusCode()).as(activated.body()).isEqualTo(200);
        String token = login(staffId, PIN);

        HttpResponse<String> opened = app("POST", "/api/v1/m/windows", token, "{\"systems\":[\"demo\"],\"hours\":8}");
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(200);
        JsonNode window = json(opened).get("windows").get(0);
        assertThat(window.get("system").asText()).isEqualTo("demo");
        assertThat(window.get("scenario").isNull()).isTrue();
        assertThat(Instant.parse(window.get("validUntil").asText()))
                .isBetween(Instant.now().plus(Duration.ofHours(7)), Instant.now().plus(Duration.ofHours(8)));
        long windowId = window.get("id").asLong();

        HttpResponse<String> signed = sign(staffId);
        assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
        assertThat(json(signed).get("signatureId").asText()).isNotBlank();

        HttpResponse<String> listed = app("GET", "/api/v1/m/windows", token, null);
        assertThat(json(listed).get("windows")).hasSize(1);
        assertThat(json(listed).get("windows").get(0).get("id").asLong()).isEqualTo(windowId);

        HttpResponse<String> closed = app("DELETE", "/api/v1/m/windows/" + windowId, token, null);
        assertThat(closed.statusCode()).as(closed.body()).isEqualTo(200);
        assertThat(sign(staffId).statusCode()).as("window closed: waits again").isEqualTo(202);
        assertThat(json(app("GET", "/api/v1/m/windows", token, null)).get("windows")).isEmpty();
        assertThat(app("DELETE", "/api/v1/m/windows/" + windowId, token, null).statusCode())
                .as("closed twice").isEqualTo(404);

        assertThat(auditActions(staffId)).contains("APP_ACTIVATION_ISSUED", "APP_ACTIVATED", "APP_LOGIN");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action IN ('WINDOW_OPENED', 'WINDOW_CLOSED') "
                + "AND target = ?").param("window/" + windowId).query(Integer.class).single()).isEqualTo(2);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE detail LIKE ?").param("%" + code + "%")
                .query(Integer.class).single()).as("the code is never audited").isZero();
        assertThat(jdbc.sql("SELECT code_hash FROM mobile_activation WHERE staff_id = ?").param(staffId)
                .query(String.class).single()).hasSize(64).isNotEqualTo(code);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM mobile_session WHERE token_hash = ?").param(token)
                .query(Integer.class).single()).as("tokens are stored hashed").isZero();
        assertThat(jdbc.sql("SELECT created_by FROM signing_authorization WHERE id = ?").param(windowId)
                .query(String.class).single()).isEqualTo("staff:" + staffId);
    }

    @Test
    void scenarioWindowsOpenOnePerSystemAndScenario() {
        String staffId = newSigner("M1002");
        String token = activateAndLogin(staffId);
        HttpResponse<String> opened = app("POST", "/api/v1/m/windows", token,
                "{\"systems\":[\"demo\",\"demo\"],\"hours\":1,\"scenarios\":[\"出院小结\",\"病程记录\"]}");
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(200);
        List<String> scenarios = new ArrayList<>();
        json(opened).get("windows").forEach(w -> scenarios.add(w.get("scenario").asText()));
        assertThat(scenarios).containsExactly("出院小结", "病程记录");
    }

    // ---- activation codes

    @Test
    void wrongExpiredUsedAndReplacedActivationCodesAreRefusedAndChangeNothing() {
        String staffId = newSigner("M2001");
        String code = issueCode(staffId);

        HttpResponse<String> wrong = activate(staffId, "WRONGCODE2", PIN);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(json(wrong).get("code").asText()).isEqualTo("ACTIVATION_CODE_INVALID");
        assertThat(pinSet(staffId)).isFalse();

        HttpResponse<String> weak = activate(staffId, code, "123456");
        assertThat(weak.statusCode()).isEqualTo(400);
        assertThat(json(weak).get("code").asText()).isEqualTo("PIN_TOO_WEAK");
        assertThat(pinSet(staffId)).isFalse();

        assertThat(activate(staffId, code.toLowerCase(), PIN).statusCode()).as("still unused; case-insensitive")
                .isEqualTo(200);
        assertThat(pinSet(staffId)).isTrue();
        HttpResponse<String> used = activate(staffId, code, "905173");
        assertThat(used.statusCode()).isEqualTo(401);
        assertThat(json(used).get("code").asText()).isEqualTo("ACTIVATION_CODE_INVALID");
        assertThat(login(staffId, PIN)).as("the PIN of the first activation stays").isNotBlank();

        String replaced = issueCode(staffId);
        String current = issueCode(staffId);
        assertThat(json(activate(staffId, replaced, PIN)).get("code").asText()).isEqualTo("ACTIVATION_CODE_INVALID");
        jdbc.sql("UPDATE mobile_activation SET expires_at = ? WHERE staff_id = ?")
                .params(Timestamp.from(Instant.now().minusSeconds(1)), staffId).update();
        HttpResponse<String> expired = activate(staffId, current, PIN);
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(json(expired).get("code").asText()).isEqualTo("ACTIVATION_CODE_INVALID");

        HttpResponse<String> nobody = activate("NOBODY", "ABCDEFGHJK", PIN);
        assertThat(nobody.statusCode()).isEqualTo(401);
        assertThat(json(nobody).get("code").asText()).isEqualTo("ACTIVATION_CODE_INVALID");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'APP_ACTIVATE' AND outcome = 'FAILURE' "
                + "AND target = ?").param("staff/" + staffId).query(Integer.class).single()).isEqualTo(4);
    }

    @Test
    void activationCodesGuessedTooOftenAreThrottled() {
        String staffId = newSigner("M2002");
        String code = issueCode(staffId);
        for (int attempt = 1; attempt <= 5; attempt++) {
            assertThat(activate(staffId, "WRONGCODE" + attempt, PIN).statusCode()).as("attempt " + attempt)
                    .isEqualTo(401);
        }
        HttpResponse<String> throttled = activate(staffId, code, PIN);
        assertThat(throttled.statusCode()).as("refused before the code is even compared").isEqualTo(429);
        assertThat(json(throttled).get("code").asText()).isEqualTo("AUTHENTICATION_LOCKED_OUT");
        assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
        assertThat(pinSet(staffId)).isFalse();
    }

    @Test
    void onlyTheSecurityAdministratorIssuesCodesAndOnlyForKnownStaff() {
        HttpResponse<String> unknown = asAdmin("secadmin", adminPost("/api/v1/admin/staff/NOBODY/activation"));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("code").asText()).isEqualTo("STAFF_UNKNOWN");
        assertThat(asAdmin("sysadmin", adminPost("/api/v1/admin/staff/D0001/activation")).statusCode()).isEqualTo(403);
        assertThat(asAdmin("auditadmin", adminPost("/api/v1/admin/staff/D0001/activation")).statusCode())
                .isEqualTo(403);
        assertThat(postJson("/api/v1/admin/staff/D0001/activation", "{}").statusCode()).as("a system's key")
                .isEqualTo(403);
        HttpResponse<String> issued = asAdmin("secadmin", adminPost("/api/v1/admin/staff/D0001/activation"));
        assertThat(issued.statusCode()).isEqualTo(200);
        assertThat(json(issued).get("code").asText()).matches("[A-HJKMNP-Z2-9]{10}");
        assertThat(Instant.parse(json(issued).get("expiresAt").asText()))
                .isBetween(Instant.now().plus(Duration.ofHours(71)), Instant.now().plus(Duration.ofHours(72)));
    }

    // ---- login and PIN

    @Test
    void fiveWrongPinsLockUntilTheSecurityAdministratorUnlocks() {
        String staffId = newSigner("M3001");
        activateOnly(staffId);
        for (int attempt = 1; attempt <= 4; attempt++) {
            HttpResponse<String> wrong = loginResponse(staffId, "918273");
            assertThat(wrong.statusCode()).as("attempt " + attempt).isEqualTo(401);
            assertThat(json(wrong).get("code").asText()).isEqualTo("PIN_WRONG");
        }
        HttpResponse<String> fifth = loginResponse(staffId, "918273");
        assertThat(fifth.statusCode()).isEqualTo(423);
        assertThat(json(fifth).get("code").asText()).isEqualTo("PIN_LOCKED");
        HttpResponse<String> right = loginResponse(staffId, PIN);
        assertThat(right.statusCode()).as("locked even for the right PIN").isEqualTo(423);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'APP_LOGIN_FAILED' AND target = ?")
                .param("staff/" + staffId).query(Integer.class).single()).isEqualTo(6);

        HttpResponse<String> unlock = asAdmin("secadmin", adminPost("/api/v1/ledger/staff/" + staffId + "/pin/unlock"));
        assertThat(unlock.statusCode()).as(unlock.body()).isEqualTo(200);
        assertThat(login(staffId, PIN)).isNotBlank();
    }

    @Test
    void appEndpointsNeedALiveBearerSession() {
        for (String header : new String[] {null, "Bearer ", "Bearer not-a-token", "Basic c2VjYWRtaW46eA=="}) {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri("/api/v1/m/windows")).GET();
            if (header != null) {
                request.header("Authorization", header);
            }
            HttpResponse<String> refused = send(request.build());
            assertThat(refused.statusCode()).as(String.valueOf(header)).isEqualTo(401);
            assertThat(json(refused).get("code").asText()).isEqualTo("APP_SESSION_INVALID");
        }
        HttpResponse<String> withKey = getWithKey("/api/v1/m/windows");
        assertThat(withKey.statusCode()).as("a system's API key is no app session").isEqualTo(401);

        String staffId = newSigner("M4001");
        String token = activateAndLogin(staffId);
        assertThat(app("GET", "/api/v1/m/windows", token, null).statusCode()).isEqualTo(200);
        jdbc.sql("UPDATE mobile_session SET last_used_at = ? WHERE staff_id = ?")
                .params(Timestamp.from(Instant.now().minus(Duration.ofMinutes(31))), staffId).update();
        assertThat(json(app("GET", "/api/v1/m/windows", token, null)).get("code").asText())
                .as("idle for longer than 30 min").isEqualTo("APP_SESSION_INVALID");

        String second = login(staffId, PIN);
        HttpResponse<String> logout = app("POST", "/api/v1/m/logout", second, null);
        assertThat(logout.statusCode()).as(logout.body()).isEqualTo(200);
        assertThat(app("GET", "/api/v1/m/windows", second, null).statusCode()).isEqualTo(401);

        String third = login(staffId, PIN);
        jdbc.sql("UPDATE mobile_session SET expires_at = ? WHERE staff_id = ? AND ended_at IS NULL")
                .params(Timestamp.from(Instant.now().minusSeconds(1)), staffId).update();
        assertThat(app("GET", "/api/v1/m/windows", third, null).statusCode()).as("past the maximum").isEqualTo(401);

        HttpResponse<String> plain = send(HttpRequest.newBuilder(uri("/api/v1/m/login"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"staffId\":\"" + staffId + "\",\"pin\":\"" + PIN + "\"}"))
                .build());
        assertThat(plain.statusCode()).as("JSON only").isEqualTo(415);
    }

    // ---- windows

    @Test
    void windowsOutsideTheRulesAreRefused() {
        String staffId = newSigner("M5001");
        String token = activateAndLogin(staffId);
        for (String body : List.of("{\"systems\":[\"demo\"],\"hours\":0}", "{\"systems\":[\"demo\"],\"hours\":721}",
                "{\"systems\":[\"demo\"]}", "{\"systems\":[],\"hours\":2}", "{\"hours\":2}",
                "{\"systems\":[\"his\"],\"hours\":2}", "{\"systems\":[\"nowhere\"],\"hours\":2}",
                "{\"systems\":[\"demo\"],\"hours\":2,\"scenarios\":[\" \"]}")) {
            HttpResponse<String> refused = app("POST", "/api/v1/m/windows", token, body);
            assertThat(refused.statusCode()).as(body).isEqualTo(400);
            assertThat(json(refused).get("code").asText()).as(body).isEqualTo("WINDOW_INVALID");
        }
        assertThat(app("POST", "/api/v1/m/windows", token, "{\"systems\":[\"demo\"],\"hours\":720}").statusCode())
                .isEqualTo(200);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM signing_authorization WHERE staff_id = ?").param(staffId)
                .query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void anotherSignersWindowIsUnknown() {
        String owner = newSigner("M6001");
        String other = newSigner("M6002");
        String ownerToken = activateAndLogin(owner);
        String otherToken = activateAndLogin(other);
        long windowId = json(app("POST", "/api/v1/m/windows", ownerToken, "{\"systems\":[\"demo\"],\"hours\":2}"))
                .get("windows").get(0).get("id").asLong();

        HttpResponse<String> foreign = app("DELETE", "/api/v1/m/windows/" + windowId, otherToken, null);
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(json(foreign).get("code").asText()).isEqualTo("WINDOW_UNKNOWN");
        assertThat(json(app("GET", "/api/v1/m/windows", otherToken, null)).get("windows")).isEmpty();
        assertThat(app("DELETE", "/api/v1/m/windows/999999", otherToken, null).statusCode()).isEqualTo(404);
        assertThat(sign(owner).statusCode()).as("the owner's window is untouched").isEqualTo(200);
    }

    // ---- lost phone

    @Test
    void reportingThePhoneLostEndsEverySessionAndWindow() {
        String staffId = newSigner("M7001");
        String token = activateAndLogin(staffId);
        String otherSession = login(staffId, PIN);
        app("POST", "/api/v1/m/windows", token, "{\"systems\":[\"demo\"],\"hours\":24}");
        assertThat(sign(staffId).statusCode()).isEqualTo(200);

        HttpResponse<String> lost = app("POST", "/api/v1/m/lost", token, null);
        assertThat(lost.statusCode()).as(lost.body()).isEqualTo(200);
        assertThat(json(lost).get("sessionsEnded").asInt()).isEqualTo(2);
        assertThat(json(lost).get("windowsClosed").asInt()).isEqualTo(1);
        for (String ended : List.of(token, otherSession)) {
            HttpResponse<String> refused = app("GET", "/api/v1/m/windows", ended, null);
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(json(refused).get("code").asText()).isEqualTo("APP_SESSION_INVALID");
        }
        assertThat(sign(staffId).statusCode()).as("windows gone").isEqualTo(202);

        String again = login(staffId, PIN);
        assertThat(json(app("GET", "/api/v1/m/windows", again, null)).get("windows")).isEmpty();
        app("POST", "/api/v1/m/windows", again, "{\"systems\":[\"demo\"],\"hours\":24}");
        HttpResponse<String> byAdmin = asAdmin("secadmin", adminPost("/api/v1/admin/staff/" + staffId + "/lost-phone"));
        assertThat(byAdmin.statusCode()).as(byAdmin.body()).isEqualTo(200);
        assertThat(app("GET", "/api/v1/m/windows", again, null).statusCode()).isEqualTo(401);
        assertThat(sign(staffId).statusCode()).isEqualTo(202);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'APP_LOST' AND target = ?")
                .param("staff/" + staffId).query(Integer.class).single()).isEqualTo(2);
        assertThat(asAdmin("secadmin", adminPost("/api/v1/admin/staff/NOBODY/lost-phone")).statusCode())
                .isEqualTo(404);
    }

    // ---- pending tasks (待签任务) in the app

    @Test
    void pendingTaskIsListedOnlyForItsSignerAndSignedOnlyAfterTheRightPin() {
        String staffId = newSigner("M8001");
        String other = newSigner("M8002");
        HttpResponse<String> pending = sign(staffId);
        assertThat(pending.statusCode()).as(pending.body()).isEqualTo(202);
        long taskId = json(pending).get("taskId").asLong();
        String requestId = json(pending).get("requestId").asText();
        String token = activateAndLogin(staffId);
        String otherToken = activateAndLogin(other);

        JsonNode inbox = json(app("GET", "/api/v1/m/tasks", token, null));
        assertThat(inbox).hasSize(1);
        assertThat(inbox.get(0).get("id").asLong()).isEqualTo(taskId);
        assertThat(inbox.get(0).get("system").asText()).isEqualTo("demo");
        assertThat(inbox.get(0).get("title").asText()).isNotBlank();
        assertThat(Instant.parse(inbox.get(0).get("expiresAt").asText()))
                .isAfter(Instant.parse(inbox.get(0).get("createdAt").asText()));
        assertThat(json(app("GET", "/api/v1/m/tasks", otherToken, null))).isEmpty();

        HttpResponse<String> foreign = app("POST", "/api/v1/m/tasks/" + taskId + "/confirm", otherToken,
                "{\"pin\":\"" + PIN + "\"}");
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(json(foreign).get("code").asText()).isEqualTo("TASK_UNKNOWN");
        assertThat(app("GET", "/api/v1/m/tasks/" + taskId, otherToken, null).statusCode()).isEqualTo(404);

        HttpResponse<String> wrongPin = app("POST", "/api/v1/m/tasks/" + taskId + "/confirm", token,
                "{\"pin\":\"000000\"}");
        assertThat(wrongPin.statusCode()).isEqualTo(401);
        assertThat(json(wrongPin).get("code").asText()).isEqualTo("PIN_WRONG");
        HttpResponse<String> noPin = app("POST", "/api/v1/m/tasks/" + taskId + "/confirm", token, "{}");
        assertThat(noPin.statusCode()).isEqualTo(400);
        assertThat(json(noPin).get("code").asText()).isEqualTo("PIN_MISSING");
        assertThat(requestStatus(requestId)).isEqualTo("PENDING");
        assertThat(app("POST", "/api/v1/m/tasks/" + taskId + "/confirm", null, "{\"pin\":\"" + PIN + "\"}")
                .statusCode()).as("no session").isEqualTo(401);

        HttpResponse<String> confirmed = app("POST", "/api/v1/m/tasks/" + taskId + "/confirm", token,
                "{\"pin\":\"" + PIN + "\"}");
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
        assertThat(json(confirmed).get("confirmed").get(0).asLong()).isEqualTo(taskId);
        await().atMost(Duration.ofSeconds(30)).until(() -> "DONE".equals(requestStatus(requestId)));
        HttpResponse<String> replayed = app("POST", "/api/v1/m/tasks/" + taskId + "/confirm", token,
                "{\"pin\":\"" + PIN + "\"}");
        assertThat(replayed.statusCode()).isEqualTo(409);
        assertThat(json(replayed).get("code").asText()).isEqualTo("TASK_NOT_PENDING");
        assertThat(json(app("GET", "/api/v1/m/tasks", token, null))).isEmpty();
    }

    @Test
    void batchOfTwentyIsConfirmedWithOnePinAndARejectedTaskFailsItsRequest() {
        String staffId = newSigner("M8101");
        List<Long> ids = new ArrayList<>();
        List<String> requestIds = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            JsonNode pending = json(sign(staffId));
            ids.add(pending.get("taskId").asLong());
            requestIds.add(pending.get("requestId").asText());
        }
        String token = activateAndLogin(staffId);
        long rejected = ids.remove(20);
        String rejectedRequest = requestIds.remove(20);

        HttpResponse<String> refused = app("POST", "/api/v1/m/tasks/" + rejected + "/reject", token,
                "{\"reason\":\"内容有误，请修改后重新提交\"}");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(200);
        assertThat(requestStatus(rejectedRequest)).isEqualTo("REJECTED");

        String idList = ids.stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElseThrow();
        HttpResponse<String> withRejected = app("POST", "/api/v1/m/tasks/confirm", token,
                "{\"ids\":[" + idList + "," + rejected + "],\"pin\":\"" + PIN + "\"}");
        assertThat(withRejected.statusCode()).as("all or nothing").isEqualTo(409);
        assertThat(requestStatus(requestIds.get(0))).isEqualTo("PENDING");

        HttpResponse<String> batch = app("POST", "/api/v1/m/tasks/confirm", token,
                "{\"ids\":[" + idList + "],\"pin\":\"" + PIN + "\"}");
        assertThat(batch.statusCode()).as(batch.body()).isEqualTo(200);
        assertThat(json(batch).get("confirmed")).hasSize(20);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> requestIds.stream().allMatch(id -> "DONE".equals(requestStatus(id))));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'TASK_CONFIRMED' AND actor = ?")
                .param("staff:" + staffId).query(Integer.class).single()).isEqualTo(20);

        assertThat(app("POST", "/api/v1/m/tasks/confirm", token, "{\"ids\":[],\"pin\":\"" + PIN + "\"}")
                .statusCode()).isEqualTo(400);
        assertThat(app("POST", "/api/v1/m/tasks/confirm", token, "{\"pin\":\"" + PIN + "\"}").statusCode())
                .isEqualTo(400);
    }

    @Test
    void aTaskWhoseCertificateWasRevokedMeanwhileIsRefusedAtConfirmationAndNothingIsSigned() {
        String staffId = newSigner("M8301");
        HttpResponse<String> pending = sign(staffId);
        assertThat(pending.statusCode()).as(pending.body()).isEqualTo(202);
        long taskId = json(pending).get("taskId").asLong();
        String requestId = json(pending).get("requestId").asText();
        String token = activateAndLogin(staffId);
        String serial = jdbc.sql("SELECT serial FROM staff_certificate WHERE staff_id = ? AND status = 'ACTIVE'")
                .param(staffId).query(String.class).single();
        operations.revoke(serial, org.medsign.crypto.ca.RevocationReason.KEY_COMPROMISE, "phone and key lost",
                "secadmin", "SECURITY_ADMIN");

        HttpResponse<String> confirmed = app("POST", "/api/v1/m/tasks/" + taskId + "/confirm", token,
                "{\"pin\":\"" + PIN + "\"}");
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(422);
        assertThat(json(confirmed).get("code").asText()).isEqualTo("SIGNER_CERTIFICATE_REVOKED");
        assertThat(requestStatus(requestId)).as("nothing confirmed").isEqualTo("PENDING");
        assertThat(jdbc.sql("SELECT status FROM signing_task WHERE id = ?").param(taskId).query(String.class).single())
                .isEqualTo("PENDING");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM signature_record WHERE request_id = ?").param(requestId)
                .query(Integer.class).single()).isZero();
    }

    // ---- handwriting (手写签名) where the policy asks for it

    @Test
    void aScenarioRequiringHandwritingIsSignedOnlyWithTheSignersHandwritingWhoseSm3TheCmsCarries() throws Exception {
        String staffId = newSigner("M8201");
        String token = activateAndLogin(staffId);
        assertThat(app("POST", "/api/v1/m/windows", token, "{\"systems\":[\"demo\"],\"hours\":8}").statusCode())
                .isEqualTo(200);
        HttpResponse<String> refused = asAdmin("secadmin", policyPut("demo",
                "{\"policy\":\"auto\",\"scenario\":\"informed-consent\",\"handwriting\":true}"));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(json(refused).get("code").asText()).isEqualTo("SIGNING_POLICY_INVALID");
        HttpResponse<String> set = asAdmin("secadmin", policyPut("demo",
                "{\"policy\":\"window\",\"scenario\":\"informed-consent\",\"handwriting\":true}"));
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        assertThat(json(set).get("handwriting").toString()).isEqualTo("[\"informed-consent\"]");
        try {
            String document = "知情同意书 " + System.nanoTime();
            HttpResponse<String> plain = postJson("/api/v1/sign/message",
                    signMessage("m-" + System.nanoTime(), staffId, document));
            assertThat(plain.statusCode()).as("the window covers other scenarios").isEqualTo(200);
            HttpResponse<String> pending = postJson("/api/v1/sign/message", "{\"requestId\":\"hw-" + System.nanoTime()
                    + "\",\"signer\":\"" + staffId + "\",\"scenario\":\"informed-consent\",\"content\":\""
                    + b64(document) + "\",\"detached\":true}");
            assertThat(pending.statusCode()).as("no window counts where handwriting is required: " + pending.body())
                    .isEqualTo(202);
            long taskId = json(pending).get("taskId").asLong();
            String requestId = json(pending).get("requestId").asText();
            HttpResponse<String> raw = postJson("/api/v1/sign/data", "{\"requestId\":\"hw-raw-" + System.nanoTime()
                    + "\",\"signer\":\"" + staffId + "\",\"scenario\":\"informed-consent\",\"data\":\""
                    + b64(document) + "\"}");
            assertThat(raw.statusCode()).as(raw.body()).isEqualTo(400);
            assertThat(json(raw).get("code").asText()).isEqualTo("HANDWRITING_REQUIRED");

            JsonNode inbox = json(app("GET", "/api/v1/m/tasks", token, null));
            assertThat(inbox).hasSize(1);
            assertThat(inbox.get(0).get("handwriting").asBoolean()).isTrue();
            String confirm = "/api/v1/m/tasks/" + taskId + "/confirm";
            expectCode(app("POST", confirm, token, "{\"pin\":\"" + PIN + "\"}"), 400, "HANDWRITING_REQUIRED");
            expectCode(app("POST", "/api/v1/m/tasks/confirm", token, "{\"ids\":[" + taskId + "],\"pin\":\"" + PIN
                    + "\"}"), 400, "HANDWRITING_REQUIRED");
            expectCode(app("POST", confirm, token, "{\"pin\":\"" + PIN + "\",\"handwriting\":\""
                    + java.util.Base64.getEncoder().encodeToString(png(false)) + "\"}"), 400, "HANDWRITING_INVALID");
            expectCode(app("POST", confirm, token, "{\"pin\":\"" + PIN + "\",\"handwriting\":\"***\"}"), 400,
                    "HANDWRITING_INVALID");
            byte[] drawn = png(true);
            String withHand = "{\"pin\":\"%s\",\"handwriting\":\"data:image/png;base64,"
                    + java.util.Base64.getEncoder().encodeToString(drawn) + "\"}";
            expectCode(app("POST", confirm, token, withHand.formatted("000000")), 401, "PIN_WRONG");
            assertThat(requestStatus(requestId)).isEqualTo("PENDING");
            assertThat(jdbc.sql("SELECT COUNT(*) FROM signing_task WHERE id = ? AND handwriting_sealed IS NOT NULL")
                    .param(taskId).query(Integer.class).single()).as("nothing kept from refused confirmations")
                    .isZero();

            HttpResponse<String> confirmed = app("POST", confirm, token, withHand.formatted(PIN));
            assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> "DONE".equals(requestStatus(requestId)));
            JsonNode done = json(getWithKey("/api/v1/requests/" + requestId));
            byte[] cms = java.util.Base64.getDecoder().decode(done.get("cms").asText());
            org.medsign.crypto.cms.HandwritingAttribute attribute = org.medsign.crypto.cms.HandwritingAttribute.of(cms,
                    document.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(attribute).as("the CMS carries the handwriting's SM3").isNotNull();
            assertThat(attribute.matches(drawn)).isTrue();
            byte[] kept = handwritings.imageOf(done.get("signatureId").asText()).orElseThrow();
            assertThat(kept).isEqualTo(drawn);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM signing_task WHERE id = ? AND handwriting_sealed IS NOT NULL")
                    .param(taskId).query(Integer.class).single()).as("the task's copy is dropped").isZero();
        } finally {
            asAdmin("secadmin", HttpRequest.newBuilder(uri("/api/v1/ledger/systems/demo/signing-policy/informed-consent"))
                    .DELETE());
        }
    }

    // ---- plumbing

    private HttpRequest.Builder policyPut(String system, String body) {
        return HttpRequest.newBuilder(uri("/api/v1/ledger/systems/" + system + "/signing-policy"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body));
    }

    private static void expectCode(HttpResponse<String> answer, int status, String code) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat(json(answer).get("code").asText()).isEqualTo(code);
    }

    /** A 300×120 PNG: a written stroke, or (false) blank. */
    private static byte[] png(boolean written) throws java.io.IOException {
        var image = new java.awt.image.BufferedImage(300, 120, java.awt.image.BufferedImage.TYPE_INT_ARGB);
        if (written) {
            var pen = image.createGraphics();
            pen.setColor(java.awt.Color.BLACK);
            pen.setStroke(new java.awt.BasicStroke(4));
            pen.drawLine(20, 90, 140, 30);
            pen.drawLine(140, 30, 280, 95);
            pen.dispose();
        }
        var out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private String requestStatus(String requestId) {
        HttpResponse<String> answer = getWithKey("/api/v1/requests/" + requestId);
        JsonNode body = json(answer);
        return answer.statusCode() == 200 || answer.statusCode() == 202 ? body.get("status").asText()
                : answer.statusCode() + " " + body.get("code").asText();
    }

    /** A demo signer without a window ({@link DemoSigners#withoutWindow}). */
    private String newSigner(String staffId) {
        return DemoSigners.withoutWindow(jdbc, certificates, staffId);
    }

    private HttpResponse<String> sign(String staffId) {
        return postJson("/api/v1/sign/message", signMessage("m-" + System.nanoTime(), staffId, "病程记录"));
    }

    private String issueCode(String staffId) {
        HttpResponse<String> issued = asAdmin("secadmin", adminPost("/api/v1/admin/staff/" + staffId + "/activation"));
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
        return json(issued).get("code").asText();
    }

    private HttpResponse<String> activate(String staffId, String code, String pin) {
        return app("POST", "/api/v1/m/activate", null, "{\"staffId\":\"" + staffId + "\",\"code\":\"" + code
                + "\",\"pin\":\"" + pin + "\"}");
    }

    private void activateOnly(String staffId) {
        HttpResponse<String> activated = activate(staffId, issueCode(staffId), PIN);
        assertThat(activated.statusCode()).as(activated.body()).isEqualTo(200);
    }

    private String activateAndLogin(String staffId) {
        activateOnly(staffId);
        return login(staffId, PIN);
    }

    private HttpResponse<String> loginResponse(String staffId, String pin) {
        return app("POST", "/api/v1/m/login", null, "{\"staffId\":\"" + staffId + "\",\"pin\":\"" + pin + "\"}");
    }

    private String login(String staffId, String pin) {
        HttpResponse<String> response = loginResponse(staffId, pin);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode session = json(response);
        assertThat(session.get("token").asText()).matches("[A-Za-z0-9_-]{43}");
        assertThat(Instant.parse(session.get("expiresAt").asText())).isAfter(Instant.now().plus(Duration.ofHours(11)));
        return session.get("token").asText();
    }

    private boolean pinSet(String staffId) {
        return json(asAdmin("secadmin", HttpRequest.newBuilder(uri("/api/v1/ledger/staff/" + staffId + "/pin")).GET()))
                .get("set").asBoolean();
    }

    private List<String> auditActions(String staffId) {
        return jdbc.sql("SELECT action FROM audit_event WHERE target = ? ORDER BY seq").param("staff/" + staffId)
                .query(String.class).list();
    }

    private HttpRequest.Builder adminPost(String path) {
        return HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.noBody());
    }

    /** A call of the app: JSON, with the session's bearer token when given. */
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
