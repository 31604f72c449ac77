package org.medsign.hub.seal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;
import org.medsign.crypto.seal.SeSeal;
import org.medsign.hub.HubTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Dual control of organisation seals ({@code medsign.lifecycle.dual-control: SEAL}) over real HTTP on H2: a hospital
 * seal waits PENDING_APPROVAL until a second security administrator approves; its changes and its revocation wait
 * the same way (suspension does not); the requester cannot approve them; personal seals are not held.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SealsDualControlH2IntegrationTests extends HubTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECOND_ADMIN_PASSWORD = "Second-admin-2026";

    static Path home;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        home = freshHome(registry);
        registry.add("medsign.lifecycle.dual-control", () -> "SEAL");
    }

    @Override
    protected Path home() {
        return home;
    }

    @Override
    protected boolean demoWindows() {
        return false;
    }

    @Autowired
    JdbcClient jdbc;

    @Test
    void organisationSealWaitsForASecondSecurityAdministrator() {
        secondSecurityAdministrator();
        String hospital = seal("HOSPITAL", "\"ownerUnit\":\"复核医院\"");

        HttpResponse<String> created = post("secadmin", "/api/v1/seals", hospital);

        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        JsonNode body = json(created);
        String id = body.get("id").asText();
        long approval = body.get("approvalId").asLong();
        assertThat(body.get("status").asText()).isEqualTo("PENDING_APPROVAL");
        HttpResponse<String> self = post("secadmin", "/api/v1/ledger/approvals/" + approval + "/approve", "{}");
        assertThat(self.statusCode()).isEqualTo(403);
        assertThat(json(self).get("code").asText()).isEqualTo("APPROVAL_SAME_ADMINISTRATOR");
        assertThat(status(id)).isEqualTo("PENDING_APPROVAL");

        HttpResponse<String> approved = postAs("secadmin2", SECOND_ADMIN_PASSWORD,
                "/api/v1/ledger/approvals/" + approval + "/approve", "{}");

        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        assertThat(status(id)).isEqualTo("ACTIVE");
        assertThat(json(asAdmin("secadmin", HttpRequest.newBuilder(uri("/api/v1/seals/" + id)).GET()))
                .get("status").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void personalSealIsNotHeld() {
        HttpResponse<String> created = post("secadmin", "/api/v1/seals", seal("PERSONAL", "\"ownerStaffId\":\"D0002\""));

        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        assertThat(json(created).get("status").asText()).isEqualTo("ACTIVE");
        assertThat(json(created).has("approvalId")).isFalse();
    }

    @Test
    void changesAndRevocationOfAnOrganisationSealWaitForASecondSecurityAdministrator() throws Exception {
        secondSecurityAdministrator();
        JsonNode created = json(post("secadmin", "/api/v1/seals", seal("HOSPITAL", "\"ownerUnit\":\"变更医院\"")));
        String id = created.get("id").asText();
        approve(created.get("approvalId").asLong());
        byte[] before = seseal(id);

        HttpResponse<String> change = put("/api/v1/seals/" + id, "{\"name\":\"变更医院院章\",\"colour\":\"BLUE\"}");

        assertThat(change.statusCode()).as(change.body()).isEqualTo(202);
        long approval = json(change).get("approvalId").asLong();
        assertThat(json(change).get("changed").toString()).isEqualTo("[\"name\",\"colour\"]");
        assertThat(name(id)).isEqualTo("复核章");
        assertThat(seseal(id)).isEqualTo(before);
        // one request per seal at a time
        HttpResponse<String> second = put("/api/v1/seals/" + id, "{\"shape\":\"SQUARE\"}");
        assertThat(second.statusCode()).as(second.body()).isEqualTo(409);
        assertThat(json(second).get("code").asText()).isEqualTo("SEAL_STATE_CONFLICT");
        assertThat(json(second).get("detail").asText()).contains("waiting for a second security administrator");
        HttpResponse<String> self = post("secadmin", "/api/v1/ledger/approvals/" + approval + "/approve", "{}");
        assertThat(self.statusCode()).isEqualTo(403);
        assertThat(json(self).get("code").asText()).isEqualTo("APPROVAL_SAME_ADMINISTRATOR");
        assertThat(name(id)).isEqualTo("复核章");
        assertThat(history(id)).containsExactly("CREATED DONE", "ACTIVATED DONE", "CHANGED PENDING_APPROVAL");

        approve(approval);

        JsonNode seal = json(asAdmin("secadmin", HttpRequest.newBuilder(uri("/api/v1/seals/" + id)).GET()));
        assertThat(seal.get("name").asText()).isEqualTo("变更医院院章");
        assertThat(seal.get("colour").asText()).isEqualTo("BLUE");
        X509CertificateHolder maker = new X509CertificateHolder(jdbc.sql("SELECT certificate FROM seal_maker")
                .query((rs, n) -> rs.getBytes(1)).single());
        SeSeal rebuilt = SeSeal.parse(seseal(id));
        assertThat(rebuilt.name()).isEqualTo("变更医院院章");
        assertThat(rebuilt.verify(maker)).isTrue();
        assertThat(jdbc.sql("SELECT actor || ' ' || detail FROM audit_event WHERE action = 'SEAL_CHANGED' "
                + "AND target = ?").param(id).query(String.class).single())
                .startsWith("secadmin+secadmin2 name: 复核章 → 变更医院院章; colour: RED → BLUE");
        assertThat(history(id)).containsExactly("CREATED DONE", "ACTIVATED DONE", "CHANGED DONE");

        // a rejected change changes nothing and frees the seal for the next request
        HttpResponse<String> rejected = put("/api/v1/seals/" + id, "{\"name\":\"不要的名字\"}");
        assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(202);
        assertThat(postAs("secadmin2", SECOND_ADMIN_PASSWORD, "/api/v1/ledger/approvals/"
                + json(rejected).get("approvalId").asLong() + "/reject", "{}").statusCode()).isEqualTo(200);
        assertThat(name(id)).isEqualTo("变更医院院章");
        assertThat(history(id)).last().isEqualTo("CHANGED REJECTED");

        // suspension is at once; revocation waits, the seal stays as it is until approved
        HttpResponse<String> suspended = post("secadmin", "/api/v1/seals/" + id + "/suspend", "{\"reason\":\"核查\"}");
        assertThat(suspended.statusCode()).as(suspended.body()).isEqualTo(200);
        assertThat(status(id)).isEqualTo("SUSPENDED");
        HttpResponse<String> revoke = post("secadmin", "/api/v1/seals/" + id + "/revoke", "{\"reason\":\"医院更名\"}");
        assertThat(revoke.statusCode()).as(revoke.body()).isEqualTo(202);
        assertThat(status(id)).isEqualTo("SUSPENDED");
        long revocation = json(revoke).get("approvalId").asLong();
        assertThat(post("secadmin", "/api/v1/ledger/approvals/" + revocation + "/approve", "{}").statusCode())
                .isEqualTo(403);
        assertThat(status(id)).isEqualTo("SUSPENDED");

        approve(revocation);

        assertThat(status(id)).isEqualTo("REVOKED");
        assertThat(jdbc.sql("SELECT actor || ' ' || detail FROM audit_event WHERE action = 'SEAL_REVOKED' "
                + "AND target = ?").param(id).query(String.class).single())
                .isEqualTo("secadmin+secadmin2 SUSPENDED → REVOKED reason=医院更名");
        assertThat(history(id)).endsWith("SUSPENDED DONE", "REVOKED DONE");
        HttpResponse<String> after = put("/api/v1/seals/" + id, "{\"name\":\"x\"}");
        assertThat(after.statusCode()).isEqualTo(409);
    }

    @Test
    void personalSealChangesAndRevocationAreNotHeld() {
        JsonNode created = json(post("secadmin", "/api/v1/seals", seal("PERSONAL", "\"ownerStaffId\":\"D0003\"")));
        String id = created.get("id").asText();

        HttpResponse<String> changed = put("/api/v1/seals/" + id, "{\"name\":\"李娜签名\"}");
        HttpResponse<String> revoked = post("secadmin", "/api/v1/seals/" + id + "/revoke", "{\"reason\":\"离职\"}");

        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(json(changed).has("approvalId")).isFalse();
        assertThat(name(id)).isEqualTo("李娜签名");
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        assertThat(status(id)).isEqualTo("REVOKED");
    }

    private void approve(long approval) {
        HttpResponse<String> approved = postAs("secadmin2", SECOND_ADMIN_PASSWORD,
                "/api/v1/ledger/approvals/" + approval + "/approve", "{}");
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    }

    private String name(String id) {
        return jdbc.sql("SELECT name FROM seal WHERE seal_id = ?").param(id).query(String.class).single();
    }

    private byte[] seseal(String id) {
        return jdbc.sql("SELECT seseal FROM seal WHERE seal_id = ?").param(id).query((rs, n) -> rs.getBytes(1))
                .single();
    }

    private java.util.List<String> history(String id) {
        java.util.List<String> steps = new java.util.ArrayList<>();
        json(asAdmin("secadmin", HttpRequest.newBuilder(uri("/api/v1/seals/" + id + "/history")).GET()))
                .forEach(h -> steps.add(h.get("action").asText() + " " + h.get("state").asText()));
        return steps;
    }

    private HttpResponse<String> put(String path, String json) {
        return asAdmin("secadmin", HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    private String status(String id) {
        return jdbc.sql("SELECT status FROM seal WHERE seal_id = ?").param(id).query(String.class).single();
    }

    private static String seal(String kind, String owner) {
        return "{\"name\":\"复核章\",\"kind\":\"" + kind + "\"," + owner + ",\"imagePng\":\""
                + b64(SealPngs.transparent(400, 400)) + "\",\"widthMm\":40,\"heightMm\":40}";
    }

    private void secondSecurityAdministrator() {
        if (jdbc.sql("SELECT COUNT(*) FROM admin_user WHERE username = 'secadmin2'").query(Integer.class).single() > 0) {
            return;
        }
        HttpResponse<String> created = post("secadmin", "/api/v1/admin/users", "{\"username\":\"secadmin2\","
                + "\"role\":\"SECURITY_ADMIN\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        String temporary = json(created).get("temporaryPassword").asText();
        assertThat(post("auditadmin", "/api/v1/admin/users/requests/" + json(created).get("requestId").asLong()
                + "/approve", "{}").statusCode()).isEqualTo(200);
        HttpResponse<String> changed = postAs("secadmin2", temporary, "/api/v1/account/password",
                "{\"currentPassword\":\"" + temporary + "\",\"newPassword\":\"" + SECOND_ADMIN_PASSWORD + "\"}");
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
    }

    private HttpResponse<String> post(String user, String path, String json) {
        return asAdmin(user, HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private HttpResponse<String> postAs(String user, String password, String path, String json) {
        String basic = java.util.Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .header("Authorization", "Basic " + basic).POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(response.body(), e);
        }
    }
}
