package org.medsign.hub.lifecycle.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.medsign.hub.HubTestSupport;
import org.medsign.hub.lifecycle.ledger.StaffCertificates;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Routine operations (常规运维) through the HTTP API of a running hub: dual control of revocation (a second security
 * administrator approves; the requester cannot), roster-driven freeze/unfreeze/revoke after an import marks staff
 * 停职 / 离职 / 在职, and the signing PIN (lock after 5 wrong tries, unlock, reset with a one-time PIN). Subclasses run
 * it on H2 and PostgreSQL.
 */
abstract class AbstractRoutineOperationsIntegrationTests extends HubTestSupport {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SECOND_ADMIN_PASSWORD = "Second-admin-2026";

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StaffCertificates certificates;

    static void configure(DynamicPropertyRegistry registry) {
        registry.add("medsign.lifecycle.dual-control", () -> "REVOKE,BULK");
        registry.add("medsign.lifecycle.departure-grace", () -> "PT2S");
        registry.add("medsign.lifecycle.roster-scan-interval", () -> "PT1S");
    }

    HttpResponse<String> post(String user, String path, String json) {
        return asAdmin(user, HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> postAs(String user, String password, String path, String json) {
        String basic = java.util.Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .header("Authorization", "Basic " + basic).POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    HttpResponse<String> withKey(String method, String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .header("X-Medsign-Api-Key", demoKey()).method(method, HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(response.body(), e);
        }
    }

    String status(String serial) {
        return jdbc.sql("SELECT status FROM staff_certificate WHERE serial = ?").param(serial).query(String.class)
                .single();
    }

    void secondSecurityAdministrator() {
        if (jdbc.sql("SELECT COUNT(*) FROM admin_user WHERE username = 'secadmin2'").query(Integer.class).single() > 0) {
            return;
        }
        assertThat(post("sysadmin", "/api/v1/admin/users", "{\"username\":\"secadmin2\","
                + "\"role\":\"SECURITY_ADMIN\"}").statusCode()).as("never the system administrator").isEqualTo(403);
        HttpResponse<String> created = post("secadmin", "/api/v1/admin/users", "{\"username\":\"secadmin2\","
                + "\"role\":\"SECURITY_ADMIN\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        String temporary = json(created).get("temporaryPassword").asText();
        HttpResponse<String> approved = post("auditadmin", "/api/v1/admin/users/requests/"
                + json(created).get("requestId").asLong() + "/approve", "{}");
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        HttpResponse<String> weak = postAs("secadmin2", temporary, "/api/v1/account/password",
                "{\"currentPassword\":\"" + temporary + "\",\"newPassword\":\"short1\"}");
        assertThat(weak.statusCode()).isEqualTo(400);
        assertThat(json(weak).get("code").asText()).isEqualTo("ADMIN_PASSWORD_WEAK");
        HttpResponse<String> changed = postAs("secadmin2", temporary, "/api/v1/account/password",
                "{\"currentPassword\":\"" + temporary + "\",\"newPassword\":\"" + SECOND_ADMIN_PASSWORD + "\"}");
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
    }

    @Test
    void revocationWaitsForASecondSecurityAdministrator() {
        secondSecurityAdministrator();
        String serial = jdbc.sql("SELECT serial FROM staff_certificate WHERE staff_id = 'D0007' AND status = 'ACTIVE'")
                .query(String.class).single();

        HttpResponse<String> filed = post("secadmin", "/api/v1/ledger/certificates/" + serial + "/revoke",
                "{\"reason\":\"keyCompromise\",\"note\":\"U盾遗失\"}");
        assertThat(filed.statusCode()).as(filed.body()).isEqualTo(202);
        long approval = json(filed).get("approvalId").asLong();
        assertThat(json(filed).get("state").asText()).isEqualTo("PENDING_APPROVAL");
        assertThat(status(serial)).isEqualTo("ACTIVE");
        assertThat(postJson("/api/v1/sign/message", signMessage("dual-" + System.nanoTime(), "D0007", "x"))
                .statusCode()).as("still signs while the revocation waits").isEqualTo(200);

        HttpResponse<String> pending = asAdmin("secadmin", HttpRequest.newBuilder(
                uri("/api/v1/ledger/approvals?state=PENDING")));
        assertThat(pending.body()).contains("\"target\":\"" + serial + "\"");

        HttpResponse<String> self = post("secadmin", "/api/v1/ledger/approvals/" + approval + "/approve", "{}");
        assertThat(self.statusCode()).isEqualTo(403);
        assertThat(json(self).get("code").asText()).isEqualTo("APPROVAL_SAME_ADMINISTRATOR");
        assertThat(status(serial)).isEqualTo("ACTIVE");

        HttpResponse<String> approved = postAs("secadmin2", SECOND_ADMIN_PASSWORD,
                "/api/v1/ledger/approvals/" + approval + "/approve", "{\"note\":\"核实无误\"}");
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        assertThat(json(approved).get("state").asText()).isEqualTo("APPROVED");
        assertThat(status(serial)).isEqualTo("REVOKED");
        assertThat(jdbc.sql("SELECT operator FROM certificate_history WHERE serial = ? AND action = 'REVOKED'")
                .param(serial).query(String.class).single()).isEqualTo("secadmin+secadmin2");
        assertThat(postAs("secadmin2", SECOND_ADMIN_PASSWORD, "/api/v1/ledger/approvals/" + approval + "/approve",
                "{}").statusCode()).as("decided once").isEqualTo(409);

        // a rejected request changes nothing
        String other = jdbc.sql("SELECT serial FROM staff_certificate WHERE staff_id = 'D0008' AND status = 'ACTIVE'")
                .query(String.class).single();
        long second = json(post("secadmin", "/api/v1/ledger/certificates/" + other + "/revoke",
                "{\"reason\":\"superseded\"}")).get("approvalId").asLong();
        HttpResponse<String> rejected = postAs("secadmin2", SECOND_ADMIN_PASSWORD,
                "/api/v1/ledger/approvals/" + second + "/reject", "{\"note\":\"证书仍在使用\"}");
        assertThat(json(rejected).get("state").asText()).isEqualTo("REJECTED");
        assertThat(status(other)).isEqualTo("ACTIVE");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action IN ('APPROVAL_REQUESTED', "
                + "'APPROVAL_APPROVED', 'APPROVAL_REJECTED', 'APPROVAL_DENIED')").query(Integer.class).single())
                .isGreaterThanOrEqualTo(5);
    }

    @Test
    void bulkRenewalAndReissueWaitForTheSecondAdministrator() {
        secondSecurityAdministrator();
        String renew = jdbc.sql("SELECT serial FROM staff_certificate WHERE staff_id = 'D0010' AND status = 'ACTIVE'")
                .query(String.class).single();
        HttpResponse<String> created = post("secadmin", "/api/v1/ledger/campaigns",
                "{\"serials\":[\"" + renew + "\"],\"dryRun\":false}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        long campaign = json(created).get("id").asLong();
        long approval = json(created).get("approvalId").asLong();
        assertThat(json(created).get("state").asText()).isEqualTo("PLANNED");
        assertThat(status(renew)).isEqualTo("ACTIVE");

        HttpResponse<String> approved = postAs("secadmin2", SECOND_ADMIN_PASSWORD,
                "/api/v1/ledger/approvals/" + approval + "/approve", "{}");
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        Awaitility.await("campaign done").atMost(Duration.ofSeconds(90)).until(() -> json(asAdmin("secadmin",
                HttpRequest.newBuilder(uri("/api/v1/ledger/campaigns/" + campaign)))).get("state").asText()
                .equals("DONE"));
        assertThat(status(renew)).isEqualTo("SUPERSEDED");

        String lost = jdbc.sql("SELECT serial FROM staff_certificate WHERE staff_id = 'D0005' AND status = 'ACTIVE'")
                .query(String.class).single();
        HttpResponse<String> filed = post("secadmin", "/api/v1/ledger/certificates/" + lost + "/reissue",
                "{\"kind\":\"LOSS\",\"reason\":\"U盾丢失\"}");
        assertThat(filed.statusCode()).as(filed.body()).isEqualTo(202);
        assertThat(status(lost)).isEqualTo("ACTIVE");
        HttpResponse<String> reissued = postAs("secadmin2", SECOND_ADMIN_PASSWORD, "/api/v1/ledger/approvals/"
                + json(filed).get("approvalId").asLong() + "/approve", "{}");
        assertThat(reissued.statusCode()).as(reissued.body()).isEqualTo(200);
        assertThat(json(reissued).get("result").asText()).startsWith("reissued as ");
        assertThat(status(lost)).isEqualTo("REVOKED");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM staff_certificate WHERE staff_id = 'D0005' AND status = 'ACTIVE'")
                .query(Integer.class).single()).isEqualTo(1);
    }

    private HttpResponse<String> importRoster(String staffId, String status) {
        String staffCsv = "staff_id,name,id_card_no,department,post,employment_status,mobile\n" + staffId + ",陈" + staffId
                + ",,内分泌科,主治医师," + status + ",13800000000\n";
        String accountsCsv = "system,account,staff_id\ndemo," + staffId + "," + staffId + "\n";
        try {
            return post("secadmin", "/api/v1/ledger/import", JSON.writeValueAsString(Map.of("staffCsv", staffCsv,
                    "accountsCsv", accountsCsv)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theRosterFreezesLeaversAtOnceAndRevokesThemAfterTheGracePeriod() {
        secondSecurityAdministrator();
        String onLeave = "R" + (System.nanoTime() % 100000);
        String leaver = "L" + (System.nanoTime() % 100000);
        assertThat(importRoster(onLeave, "在职").statusCode()).isEqualTo(200);
        assertThat(importRoster(leaver, "在职").statusCode()).isEqualTo(200);
        String onLeaveSerial = certificates.issue(onLeave, "陈" + onLeave, "内分泌科", "主治医师", Instant.now(), null)
                .serial();
        String leaverSerial = certificates.issue(leaver, "陈" + leaver, "内分泌科", "主治医师", Instant.now(), null)
                .serial();

        // 停职: frozen as soon as the import returns; 在职 again: unfrozen
        assertThat(importRoster(onLeave, "停职").statusCode()).isEqualTo(200);
        assertThat(status(onLeaveSerial)).isEqualTo("FROZEN");
        assertThat(importRoster(onLeave, "在职").statusCode()).isEqualTo(200);
        assertThat(status(onLeaveSerial)).isEqualTo("ACTIVE");

        // 离职: frozen at once; after the grace period a revocation waits for approval (dual control covers REVOKE)
        assertThat(importRoster(leaver, "离职").statusCode()).isEqualTo(200);
        assertThat(status(leaverSerial)).isEqualTo("FROZEN");
        assertThat(postJson("/api/v1/sign/message", signMessage("left-" + System.nanoTime(), leaver, "x")).body())
                .contains("SIGNER_CERTIFICATE_FROZEN");
        long approval = Awaitility.await("revocation request after the grace period").atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.sql("SELECT id FROM approval_request WHERE target = ? AND requested_by = 'roster' "
                        + "AND state = 'PENDING'").param(leaverSerial).query(Long.class).optional().orElse(null),
                        java.util.Objects::nonNull);
        HttpResponse<String> approved = post("secadmin", "/api/v1/ledger/approvals/" + approval + "/approve", "{}");
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        assertThat(status(leaverSerial)).isEqualTo("REVOKED");
        assertThat(jdbc.sql("SELECT reason FROM certificate_history WHERE serial = ? AND action = 'REVOKED'")
                .param(leaverSerial).query(String.class).single()).startsWith("affiliationChanged");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM approval_request WHERE target = ?").param(leaverSerial)
                .query(Integer.class).single()).as("one request, not one per scan").isEqualTo(1);
    }

    @Test
    void theSigningPinLocksAfterFiveWrongTriesAndIsUnlockedOrResetByTheSecurityAdministrator() {
        assertThat(json(withKey("PUT", "/api/v1/staff/D0009/pin", "{\"newPin\":\"123456\"}")).get("code").asText())
                .isEqualTo("PIN_TOO_WEAK");
        assertThat(withKey("PUT", "/api/v1/staff/D0009/pin", "{\"newPin\":\"731904\"}").statusCode()).isEqualTo(200);
        assertThat(json(withKey("POST", "/api/v1/staff/D0009/pin/verify", "{\"pin\":\"731904\"}")).get("valid")
                .asBoolean()).isTrue();
        for (int attempt = 1; attempt <= 4; attempt++) {
            HttpResponse<String> wrong = withKey("POST", "/api/v1/staff/D0009/pin/verify", "{\"pin\":\"000111\"}");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(json(wrong).get("detail").asText()).contains((5 - attempt) + " attempts left");
        }
        HttpResponse<String> fifth = withKey("POST", "/api/v1/staff/D0009/pin/verify", "{\"pin\":\"000111\"}");
        assertThat(fifth.statusCode()).isEqualTo(423);
        assertThat(json(fifth).get("code").asText()).isEqualTo("PIN_LOCKED");
        assertThat(withKey("POST", "/api/v1/staff/D0009/pin/verify", "{\"pin\":\"731904\"}").statusCode())
                .as("locked even for the right PIN").isEqualTo(423);
        assertThat(json(asAdmin("secadmin", HttpRequest.newBuilder(uri("/api/v1/ledger/staff/D0009/pin"))))
                .get("locked").asBoolean()).isTrue();

        assertThat(post("secadmin", "/api/v1/ledger/staff/D0009/pin/unlock", "{\"reason\":\"本人来电\"}")
                .statusCode()).isEqualTo(200);
        assertThat(withKey("POST", "/api/v1/staff/D0009/pin/verify", "{\"pin\":\"731904\"}").statusCode())
                .isEqualTo(200);

        assertThat(post("secadmin", "/api/v1/ledger/staff/D0009/pin/reset", "{\"reason\":\"忘记密码\"}")
                .statusCode()).as("identity check required").isEqualTo(400);
        HttpResponse<String> reset = post("secadmin", "/api/v1/ledger/staff/D0009/pin/reset",
                "{\"reason\":\"忘记密码\",\"verificationMethod\":\"ID_CARD\"}");
        assertThat(reset.statusCode()).as(reset.body()).isEqualTo(200);
        String temporary = json(reset).get("temporaryPin").asText();
        assertThat(temporary).matches("\\d{8}");
        assertThat(withKey("POST", "/api/v1/staff/D0009/pin/verify", "{\"pin\":\"731904\"}").statusCode())
                .as("the old PIN is gone").isEqualTo(401);
        assertThat(json(withKey("POST", "/api/v1/staff/D0009/pin/verify", "{\"pin\":\"" + temporary + "\"}"))
                .get("mustChange").asBoolean()).isTrue();
        assertThat(withKey("PUT", "/api/v1/staff/D0009/pin", "{\"currentPin\":\"" + temporary
                + "\",\"newPin\":\"580246\"}").statusCode()).isEqualTo(200);
        assertThat(json(withKey("POST", "/api/v1/staff/D0009/pin/verify", "{\"pin\":\"580246\"}")).get("mustChange")
                .asBoolean()).isFalse();

        // no PIN anywhere in the audit chain or the database
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE detail LIKE '%731904%' OR detail LIKE ? "
                + "OR detail LIKE '%580246%'").param("%" + temporary + "%").query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("SELECT pin_hash FROM staff_pin WHERE staff_id = 'D0009'").query(String.class).single())
                .doesNotContain("580246").hasSize(64);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action IN ('PIN_LOCKED', 'PIN_UNLOCK', 'PIN_RESET', "
                + "'PIN_CHANGED')").query(Integer.class).single()).isGreaterThanOrEqualTo(4);
    }
}
