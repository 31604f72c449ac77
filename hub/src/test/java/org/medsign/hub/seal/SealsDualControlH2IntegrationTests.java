package org.medsign.hub.seal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.medsign.hub.HubTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Dual control of organisation seals ({@code medsign.lifecycle.dual-control: SEAL}) over real HTTP on H2: a hospital
 * seal waits PENDING_APPROVAL until a second security administrator approves; the requester cannot approve it; a
 * personal seal is not held.
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
