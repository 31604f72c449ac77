package org.medsign.hub.security.regression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medsign.hub.security.regression.ProbedAdmins.basic;
import static org.medsign.hub.security.regression.ProbedAdmins.code;
import static org.medsign.hub.security.regression.ProbedAdmins.send;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Finding 3 of issue #11 (三员 escalation), against the packaged hub: the system administrator used to create
 * security and audit administrator accounts and then read the audit log or pass dual control with two shadow
 * accounts, and the three bootstrap administrators shared one password that could not be changed. Now each
 * bootstrap administrator has its own generated password, changed at the first login; the system administrator
 * cannot create accounts (API 403, no console page) nor read the audit log; an account the security administrator
 * creates is active only after the real audit administrator approves, and nobody approves their own account; a
 * disabled account cannot log in; every step is audited, never with a password.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdministratorEscalationProcessIntegrationTests {

    private static final Pattern TEMPORARY = Pattern.compile("\"temporaryPassword\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern REQUEST_ID = Pattern.compile("\"requestId\"\\s*:\\s*(\\d+)");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProbedHub hub = ProbedHub.get();
    /** Passwords seen in this class; none may reach the audit chain. */
    private static final List<String> SECRETS = new ArrayList<>();

    private HttpResponse<String> call(String authorization, String method, String path, String json) {
        // JSON also without a body: the hub takes no other state-changing request (finding 8)
        HttpRequest.Builder request = HttpRequest.newBuilder(hub.process().uri(path))
                .header("Authorization", authorization).header("Content-Type", "application/json");
        return send(request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private HttpResponse<String> as(String user, String method, String path, String json) {
        return call(basic(user), method, path, json);
    }

    private static String group(Pattern pattern, String body) {
        Matcher matcher = pattern.matcher(body);
        assertThat(matcher.find()).as(body).isTrue();
        return matcher.group(1);
    }

    @Test
    @Order(1)
    void eachBootstrapAdministratorHasItsOwnGeneratedPasswordAndMustChangeItAtTheFirstLogin() throws Exception {
        Path secrets = hub.process().home().resolve("secrets");
        Set<String> generated = new java.util.HashSet<>();
        for (String user : List.of("sysadmin", "secadmin", "auditadmin")) {
            Path file = secrets.resolve(user + "-password");
            assertThat(file).exists();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            generated.add(hub.secret(user + "-password"));
            SECRETS.add(hub.secret(user + "-password"));
            assertThat(ProbedAdmins.firstLogin(user)).as(user + " with the generated password")
                    .isEqualTo(new ProbedAdmins.FirstLogin(403, "PASSWORD_CHANGE_REQUIRED"));
            SECRETS.add(ProbedAdmins.password(user));
            HttpResponse<String> account = as(user, "GET", "/api/v1/account", null);
            assertThat(account.statusCode()).isEqualTo(200);
            assertThat(account.body()).contains("\"passwordChangeRequired\":false");
        }
        assertThat(generated).as("three different passwords").hasSize(3);
        assertThat(secrets.resolve("admin-password")).as("no shared password any more").doesNotExist();
    }

    @Test
    @Order(2)
    void theSystemAdministratorCannotCreateAdministratorsNorReadTheAuditLog() throws Exception {
        for (String role : List.of("SECURITY_ADMIN", "AUDIT_ADMIN")) {
            HttpResponse<String> shadow = as("sysadmin", "POST", "/api/v1/admin/users",
                    "{\"username\":\"shadow-" + role.toLowerCase(java.util.Locale.ROOT).replace('_', '-')
                            + "\",\"role\":\"" + role + "\"}");
            assertThat(shadow.statusCode()).as(shadow.body()).isEqualTo(403);
            assertThat(code(shadow.body())).isEqualTo("ACCESS_DENIED");
        }
        assertThat(as("sysadmin", "GET", "/api/v1/admin/users", null).statusCode()).isEqualTo(403);
        assertThat(as("sysadmin", "GET", "/api/v1/audit/events", null).statusCode()).isEqualTo(403);
        assertThat(as("secadmin", "GET", "/api/v1/admin/users", null).body()).doesNotContain("shadow");

        HttpClient console = ProbedAdmins.console("sysadmin");
        HttpResponse<String> dashboard = send(console, HttpRequest.newBuilder(hub.process().uri("/console")).build());
        assertThat(dashboard.statusCode()).isEqualTo(200);
        assertThat(dashboard.body()).doesNotContain("/console/administrators").doesNotContain("/console/audit");
        for (String page : List.of("/console/administrators", "/console/audit")) {
            HttpResponse<String> refused = send(console, HttpRequest.newBuilder(hub.process().uri(page)).build());
            assertThat(refused.statusCode()).as(page).isEqualTo(403);
            assertThat(refused.body()).contains("无权访问");
        }
    }

    @Test
    @Order(3)
    void aShadowAuditAdministratorIsActiveOnlyAfterTheRealAuditAdministratorApproves() {
        HttpResponse<String> filed = as("secadmin", "POST", "/api/v1/admin/users",
                "{\"username\":\"shadow-audit\",\"role\":\"AUDIT_ADMIN\"}");
        assertThat(filed.statusCode()).as(filed.body()).isEqualTo(202);
        String temporary = group(TEMPORARY, filed.body());
        SECRETS.add(temporary);
        String request = group(REQUEST_ID, filed.body());

        HttpResponse<String> ownApproval = call(basic("shadow-audit", temporary), "POST",
                "/api/v1/admin/users/requests/" + request + "/approve", "{}");
        assertThat(ownApproval.statusCode()).as("not active, so it cannot approve its own creation").isEqualTo(401);
        HttpResponse<String> bySecadmin = as("secadmin", "POST", "/api/v1/admin/users/requests/" + request
                + "/approve", "{}");
        assertThat(bySecadmin.statusCode()).isEqualTo(403);
        assertThat(code(bySecadmin.body())).isEqualTo("ADMIN_ROLE_NOT_PERMITTED");
        assertThat(as("sysadmin", "POST", "/api/v1/admin/users/requests/" + request + "/approve", "{}")
                .statusCode()).isEqualTo(403);

        assertThat(as("auditadmin", "POST", "/api/v1/admin/users/requests/" + request + "/approve", "{}")
                .statusCode()).isEqualTo(200);
        HttpResponse<String> forced = call(basic("shadow-audit", temporary), "GET", "/api/v1/audit/events", null);
        assertThat(forced.statusCode()).isEqualTo(403);
        assertThat(code(forced.body())).isEqualTo("PASSWORD_CHANGE_REQUIRED");
        String chosen = "Shadow-chosen-2026";
        SECRETS.add(chosen);
        assertThat(call(basic("shadow-audit", temporary), "POST", "/api/v1/account/password",
                "{\"currentPassword\":\"" + temporary + "\",\"newPassword\":\"" + chosen + "\"}").statusCode())
                .isEqualTo(200);
        assertThat(call(basic("shadow-audit", chosen), "GET", "/api/v1/audit/events", null).statusCode())
                .isEqualTo(200);

        // an active account does not approve a request about itself either
        HttpResponse<String> reset = as("secadmin", "POST", "/api/v1/admin/users/shadow-audit/password-reset", null);
        assertThat(reset.statusCode()).isEqualTo(202);
        SECRETS.add(group(TEMPORARY, reset.body()));
        String resetRequest = group(REQUEST_ID, reset.body());
        HttpResponse<String> self = call(basic("shadow-audit", chosen), "POST", "/api/v1/admin/users/requests/"
                + resetRequest + "/approve", "{}");
        assertThat(self.statusCode()).isEqualTo(403);
        assertThat(code(self.body())).isEqualTo("ADMIN_SELF_APPROVAL");
        assertThat(as("auditadmin", "POST", "/api/v1/admin/users/requests/" + resetRequest + "/refuse", "{}")
                .statusCode()).isEqualTo(200);
        assertThat(call(basic("shadow-audit", chosen), "GET", "/api/v1/account", null).statusCode())
                .as("the refused reset changed nothing").isEqualTo(200);
    }

    @Test
    @Order(4)
    void aDisabledAdministratorCannotLogInThroughTheApiOrTheConsole() {
        String chosen = "Shadow-chosen-2026";
        assertThat(as("secadmin", "POST", "/api/v1/admin/users/shadow-audit/disable", null).statusCode())
                .isEqualTo(200);
        assertThat(call(basic("shadow-audit", chosen), "GET", "/api/v1/audit/events", null).statusCode())
                .isEqualTo(401);
        HttpResponse<String> console = ProbedAdmins.consoleLogin(ProbedAdmins.browser(), "shadow-audit", chosen);
        assertThat(console.headers().firstValue("Location").orElse("")).endsWith("/console/login?error");
        HttpResponse<String> last = as("secadmin", "POST", "/api/v1/admin/users/auditadmin/disable", null);
        assertThat(last.statusCode()).as("the last audit administrator stays").isEqualTo(409);
        assertThat(code(last.body())).isEqualTo("ADMIN_LAST_OF_ROLE");
    }

    @Test
    @Order(5)
    void everyStepIsAuditedAndNoPasswordReachesTheAuditChain() throws Exception {
        List<String> expected = List.of(
                "hub ADMIN_CREATED sysadmin SUCCESS", "hub ADMIN_CREATED secadmin SUCCESS",
                "hub ADMIN_CREATED auditadmin SUCCESS",
                "sysadmin ADMIN_PASSWORD_CHANGED sysadmin SUCCESS",
                "sysadmin ACCESS_DENIED /api/v1/admin/users FAILURE",
                "sysadmin ACCESS_DENIED /console/administrators FAILURE",
                "secadmin ADMIN_CREATE_REQUESTED shadow-audit SUCCESS",
                "secadmin ADMIN_REQUEST_APPROVED request * FAILURE",
                "auditadmin ADMIN_CREATED shadow-audit SUCCESS",
                "shadow-audit ADMIN_PASSWORD_CHANGED shadow-audit SUCCESS",
                "secadmin ADMIN_PASSWORD_RESET_REQUESTED shadow-audit SUCCESS",
                "shadow-audit ADMIN_REQUEST_APPROVED request * FAILURE",
                "auditadmin ADMIN_REQUEST_REFUSED shadow-audit SUCCESS",
                "secadmin ADMIN_DISABLED shadow-audit SUCCESS",
                "secadmin ADMIN_DISABLED auditadmin FAILURE");
        List<String> seen = new ArrayList<>();
        StringBuilder everything = new StringBuilder();
        for (String action : List.of("ADMIN_CREATED", "ADMIN_PASSWORD_CHANGED", "ACCESS_DENIED",
                "ADMIN_CREATE_REQUESTED", "ADMIN_REQUEST_APPROVED", "ADMIN_PASSWORD_RESET_REQUESTED",
                "ADMIN_REQUEST_REFUSED", "ADMIN_DISABLED", "LOGIN_FAILED")) {
            HttpResponse<String> page = as("auditadmin", "GET", "/api/v1/audit/events?size=10000&action=" + action,
                    null);
            assertThat(page.statusCode()).isEqualTo(200);
            everything.append(page.body());
            for (JsonNode event : JSON.readTree(page.body()).get("events")) {
                String target = event.path("target").asText();
                seen.add(event.get("actor").asText() + " " + action + " "
                        + (target.startsWith("request ") ? "request *" : target) + " " + event.get("outcome").asText());
            }
        }
        assertThat(seen).containsAll(expected);
        assertThat(SECRETS).hasSizeGreaterThanOrEqualTo(9);
        for (String secret : SECRETS) {
            assertThat(everything.toString()).as("no password in the audit chain").doesNotContain(secret);
        }
        assertThat(everything.toString()).as("no password hash").doesNotContain("$2a$");
    }
}
