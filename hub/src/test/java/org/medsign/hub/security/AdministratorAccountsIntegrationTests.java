package org.medsign.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * Administrator accounts over the REST API of a running hub (三员): the security administrator requests, an audit
 * administrator approves, the system administrator has no say; temporary passwords work only after approval and
 * must be changed first; the password policy and history; disabling (not the last of a role) ends API and console
 * access at once; every step audited, never with a password.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"medsign.demo.enabled=true", "medsign.security.max-failed-authentications=100",
                "medsign.security.password.max-age=P90D", "medsign.expiry.initial-delay=PT1H"})
class AdministratorAccountsIntegrationTests extends HubTestSupport {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    static Path home;

    @Autowired
    JdbcClient jdbc;

    /** Every password this test set or was given, none of which may reach the audit chain. */
    final List<String> secrets = new ArrayList<>(List.of(ADMIN_PASSWORD));

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        home = freshHome(registry);
    }

    @Override
    protected Path home() {
        return home;
    }

    HttpResponse<String> call(String user, String password, String method, String path, String json) {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json)).build());
    }

    HttpResponse<String> post(String user, String path, String json) {
        return call(user, ADMIN_PASSWORD, "POST", path, json);
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(response.body(), e);
        }
    }

    static String code(HttpResponse<String> response) {
        return json(response).path("code").asText();
    }

    static String change(String current, String next) {
        return "{\"currentPassword\":\"" + current + "\",\"newPassword\":\"" + next + "\"}";
    }

    int audited(String action, String outcome, String target) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = ? AND outcome = ? AND target = ?")
                .params(action, outcome, target).query(Integer.class).single();
    }

    /** secadmin files, auditadmin approves, the holder changes the temporary password; returns the new password. */
    String activeAccount(String username, String role) {
        HttpResponse<String> filed = post("secadmin", "/api/v1/admin/users",
                "{\"username\":\"" + username + "\",\"role\":\"" + role + "\"}");
        assertThat(filed.statusCode()).as(filed.body()).isEqualTo(202);
        String temporary = json(filed).get("temporaryPassword").asText();
        assertThat(post("auditadmin", "/api/v1/admin/users/requests/" + json(filed).get("requestId").asLong()
                + "/approve", "{}").statusCode()).isEqualTo(200);
        String chosen = "Chosen-pw-" + System.nanoTime();
        assertThat(call(username, temporary, "POST", "/api/v1/account/password", change(temporary, chosen))
                .statusCode()).isEqualTo(200);
        secrets.add(temporary);
        secrets.add(chosen);
        return chosen;
    }

    @Test
    void theSystemAdministratorCannotManageAdministrators() {
        HttpResponse<String> create = post("sysadmin", "/api/v1/admin/users",
                "{\"username\":\"shadow\",\"role\":\"SECURITY_ADMIN\"}");
        assertThat(create.statusCode()).isEqualTo(403);
        assertThat(code(create)).isEqualTo("ACCESS_DENIED");
        assertThat(call("sysadmin", ADMIN_PASSWORD, "GET", "/api/v1/admin/users", null).statusCode()).isEqualTo(403);
        assertThat(post("sysadmin", "/api/v1/admin/users/requests/1/approve", "{}").statusCode()).isEqualTo(403);
        assertThat(call("sysadmin", ADMIN_PASSWORD, "GET", "/api/v1/audit/events", null).statusCode())
                .isEqualTo(403);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM admin_user WHERE username = 'shadow'").query(Integer.class)
                .single()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'ACCESS_DENIED' AND actor = 'sysadmin' "
                + "AND target = '/api/v1/admin/users'").query(Integer.class).single()).isGreaterThanOrEqualTo(2);
        // the system administrator's other admin endpoints are untouched
        assertThat(call("sysadmin", ADMIN_PASSWORD, "GET", "/api/v1/admin/dead-letters", null).statusCode())
                .isEqualTo(200);
    }

    @Test
    void aNewAuditAdministratorIsActiveOnlyAfterAnotherAuditAdministratorApproves() {
        HttpResponse<String> withPassword = post("secadmin", "/api/v1/admin/users",
                "{\"username\":\"auditor2\",\"role\":\"AUDIT_ADMIN\",\"password\":\"Chosen-by-secadmin-1\"}");
        assertThat(withPassword.statusCode()).isEqualTo(400);
        assertThat(code(withPassword)).isEqualTo("ADMIN_PASSWORD_NOT_ACCEPTED");
        assertThat(code(post("secadmin", "/api/v1/admin/users", "{\"username\":\"Auditor 2\",\"role\":"
                + "\"AUDIT_ADMIN\"}"))).isEqualTo("ADMIN_NAME_INVALID");
        assertThat(code(post("secadmin", "/api/v1/admin/users", "{\"username\":\"auditadmin\",\"role\":"
                + "\"AUDIT_ADMIN\"}"))).isEqualTo("ADMIN_EXISTS");

        HttpResponse<String> filed = post("secadmin", "/api/v1/admin/users",
                "{\"username\":\"auditor2\",\"role\":\"AUDIT_ADMIN\"}");
        assertThat(filed.statusCode()).as(filed.body()).isEqualTo(202);
        assertThat(json(filed).get("state").asText()).isEqualTo("PENDING_APPROVAL");
        assertThat(filed.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
        long request = json(filed).get("requestId").asLong();
        String temporary = json(filed).get("temporaryPassword").asText();
        secrets.add(temporary);
        assertThat(temporary).hasSize(16);

        assertThat(call("auditor2", temporary, "GET", "/api/v1/account", null).statusCode())
                .as("not active before approval").isEqualTo(401);
        assertThat(code(post("secadmin", "/api/v1/admin/users", "{\"username\":\"auditor2\",\"role\":"
                + "\"AUDIT_ADMIN\"}"))).isEqualTo("ADMIN_REQUEST_PENDING");
        HttpResponse<String> bySecadmin = post("secadmin", "/api/v1/admin/users/requests/" + request + "/approve",
                "{}");
        assertThat(bySecadmin.statusCode()).isEqualTo(403);
        assertThat(code(bySecadmin)).isEqualTo("ADMIN_ROLE_NOT_PERMITTED");
        assertThat(audited("ADMIN_REQUEST_APPROVED", "FAILURE", "request " + request)).isEqualTo(1);

        HttpResponse<String> approved = post("auditadmin", "/api/v1/admin/users/requests/" + request + "/approve",
                "{\"note\":\"核实身份\"}");
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        assertThat(json(approved).get("state").asText()).isEqualTo("APPROVED");
        assertThat(json(approved).get("decidedBy").asText()).isEqualTo("auditadmin");
        assertThat(post("auditadmin", "/api/v1/admin/users/requests/" + request + "/approve", "{}").statusCode())
                .as("decided once").isEqualTo(409);

        // the temporary password opens nothing but the password change
        HttpResponse<String> forced = call("auditor2", temporary, "GET", "/api/v1/audit/events", null);
        assertThat(forced.statusCode()).isEqualTo(403);
        assertThat(code(forced)).isEqualTo("PASSWORD_CHANGE_REQUIRED");
        HttpResponse<String> account = call("auditor2", temporary, "GET", "/api/v1/account", null);
        assertThat(account.statusCode()).isEqualTo(200);
        assertThat(json(account).get("passwordChangeRequired").asBoolean()).isTrue();
        assertThat(json(account).get("role").asText()).isEqualTo("AUDIT_ADMIN");

        HttpResponse<String> weak = call("auditor2", temporary, "POST", "/api/v1/account/password",
                change(temporary, "auditor2pass"));
        assertThat(weak.statusCode()).isEqualTo(400);
        assertThat(code(weak)).isEqualTo("ADMIN_PASSWORD_WEAK");
        assertThat(json(weak).get("violations").toString()).isEqualTo("[\"CHARACTER_CLASSES\",\"CONTAINS_USERNAME\"]");
        assertThat(code(call("auditor2", temporary, "POST", "/api/v1/account/password",
                change(temporary, temporary)))).as("the temporary password again").isEqualTo("ADMIN_PASSWORD_WEAK");
        HttpResponse<String> wrong = call("auditor2", temporary, "POST", "/api/v1/account/password",
                change("Not-the-current-1", "Audit-trail-2026"));
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(code(wrong)).isEqualTo("ADMIN_PASSWORD_WRONG");
        assertThat(audited("LOGIN_FAILED", "FAILURE", "basic")).as("counted like a failed login").isPositive();

        HttpResponse<String> changed = call("auditor2", temporary, "POST", "/api/v1/account/password",
                change(temporary, "Audit-trail-2026"));
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        secrets.add("Audit-trail-2026");
        assertThat(call("auditor2", "Audit-trail-2026", "GET", "/api/v1/audit/events", null).statusCode())
                .isEqualTo(200);
        assertThat(call("auditor2", temporary, "GET", "/api/v1/account", null).statusCode()).isEqualTo(401);

        assertThat(audited("ADMIN_CREATE_REQUESTED", "SUCCESS", "auditor2")).isEqualTo(1);
        assertThat(audited("ADMIN_CREATED", "SUCCESS", "auditor2")).isEqualTo(1);
        assertThat(audited("ADMIN_PASSWORD_CHANGED", "SUCCESS", "auditor2")).isEqualTo(1);
        assertThat(audited("ADMIN_PASSWORD_CHANGED", "FAILURE", "auditor2")).isEqualTo(3);
        assertThat(jdbc.sql("SELECT detail FROM audit_event WHERE action = 'ADMIN_CREATED' AND target = 'auditor2'")
                .query(String.class).single()).isEqualTo("request " + request + " filed by secadmin approved");
        noSecretInTheAuditChain();
    }

    @Test
    void aResetWaitsForApprovalNobodyApprovesTheirOwnAndOldPasswordsStayUsed() {
        String chosen = activeAccount("auditor3", "AUDIT_ADMIN");
        assertThat(code(post("secadmin", "/api/v1/admin/users/secadmin/password-reset", "{}")))
                .isEqualTo("ADMIN_OWN_ACCOUNT");
        HttpResponse<String> filed = post("secadmin", "/api/v1/admin/users/auditor3/password-reset", "{}");
        assertThat(filed.statusCode()).as(filed.body()).isEqualTo(202);
        long request = json(filed).get("requestId").asLong();
        String temporary = json(filed).get("temporaryPassword").asText();
        secrets.add(temporary);

        assertThat(call("auditor3", chosen, "GET", "/api/v1/account", null).statusCode())
                .as("the old password works until the reset is approved").isEqualTo(200);
        assertThat(call("auditor3", temporary, "GET", "/api/v1/account", null).statusCode()).isEqualTo(401);
        HttpResponse<String> own = call("auditor3", chosen, "POST", "/api/v1/admin/users/requests/" + request
                + "/approve", "{}");
        assertThat(own.statusCode()).isEqualTo(403);
        assertThat(code(own)).isEqualTo("ADMIN_SELF_APPROVAL");
        assertThat(audited("ADMIN_REQUEST_APPROVED", "FAILURE", "request " + request)).isEqualTo(1);

        assertThat(post("auditadmin", "/api/v1/admin/users/requests/" + request + "/approve", "{}").statusCode())
                .isEqualTo(200);
        assertThat(call("auditor3", chosen, "GET", "/api/v1/account", null).statusCode()).isEqualTo(401);
        assertThat(code(call("auditor3", temporary, "GET", "/api/v1/audit/events", null)))
                .isEqualTo("PASSWORD_CHANGE_REQUIRED");
        HttpResponse<String> back = call("auditor3", temporary, "POST", "/api/v1/account/password",
                change(temporary, chosen));
        assertThat(json(back).get("violations").toString()).isEqualTo("[\"RECENTLY_USED\"]");
        String next = "Next-chosen-2027";
        secrets.add(next);
        assertThat(call("auditor3", temporary, "POST", "/api/v1/account/password", change(temporary, next))
                .statusCode()).isEqualTo(200);
        assertThat(audited("ADMIN_PASSWORD_RESET_REQUESTED", "SUCCESS", "auditor3")).isEqualTo(1);
        assertThat(audited("ADMIN_PASSWORD_RESET", "SUCCESS", "auditor3")).isEqualTo(1);
        noSecretInTheAuditChain();
    }

    @Test
    void disablingEndsApiAndConsoleAccessButNeverTheLastAccountOfARole() throws Exception {
        String chosen = activeAccount("secadmin3", "SECURITY_ADMIN");
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String token = csrf(browser.send(HttpRequest.newBuilder(uri("/console/login")).build(),
                HttpResponse.BodyHandlers.ofString()));
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(uri("/console/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=secadmin3&password="
                        + URLEncoder.encode(chosen, StandardCharsets.UTF_8) + "&_csrf=" + token)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.headers().firstValue("Location").orElse("")).endsWith("/console");
        assertThat(browser.send(HttpRequest.newBuilder(uri("/console/ledger")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

        assertThat(post("secadmin", "/api/v1/admin/users/secadmin3/disable", "{}").statusCode()).isEqualTo(200);
        assertThat(call("secadmin3", chosen, "GET", "/api/v1/ledger/inventory", null).statusCode()).isEqualTo(401);
        HttpResponse<String> session = browser.send(HttpRequest.newBuilder(uri("/console/ledger")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(session.statusCode()).isEqualTo(302);
        assertThat(session.headers().firstValue("Location").orElse("")).endsWith("/console/login?disabled");
        assertThat(audited("ADMIN_DISABLED", "SUCCESS", "secadmin3")).isEqualTo(1);

        // the bootstrap auditadmin is the last enabled audit administrator here (the others are disabled below)
        for (JsonNode account : json(call("secadmin", ADMIN_PASSWORD, "GET", "/api/v1/admin/users", null))) {
            if (account.get("role").asText().equals("AUDIT_ADMIN") && account.get("enabled").asBoolean()
                    && !account.get("username").asText().equals("auditadmin")) {
                assertThat(post("secadmin", "/api/v1/admin/users/" + account.get("username").asText() + "/disable",
                        "{}").statusCode()).isEqualTo(200);
            }
        }
        HttpResponse<String> last = post("secadmin", "/api/v1/admin/users/auditadmin/disable", "{}");
        assertThat(last.statusCode()).isEqualTo(409);
        assertThat(code(last)).isEqualTo("ADMIN_LAST_OF_ROLE");
        assertThat(audited("ADMIN_DISABLED", "FAILURE", "auditadmin")).isEqualTo(1);

        // enabling again needs approval; a refusal changes nothing
        HttpResponse<String> enable = post("secadmin", "/api/v1/admin/users/secadmin3/enable", "{}");
        assertThat(enable.statusCode()).isEqualTo(202);
        HttpResponse<String> refused = post("auditadmin", "/api/v1/admin/users/requests/"
                + json(enable).get("id").asLong() + "/refuse", "{\"note\":\"离职\"}");
        assertThat(json(refused).get("state").asText()).isEqualTo("REFUSED");
        assertThat(call("secadmin3", chosen, "GET", "/api/v1/ledger/inventory", null).statusCode()).isEqualTo(401);
        assertThat(audited("ADMIN_REQUEST_REFUSED", "SUCCESS", "secadmin3")).isEqualTo(1);
        noSecretInTheAuditChain();
    }

    @Test
    void aPasswordPastTheMaximumAgeMustBeChanged() {
        String chosen = activeAccount("sysadmin4", "SYSTEM_ADMIN");
        assertThat(call("sysadmin4", chosen, "GET", "/api/v1/admin/dead-letters", null).statusCode()).isEqualTo(200);
        jdbc.sql("UPDATE admin_user SET password_changed_at = ? WHERE username = 'sysadmin4'")
                .param(Timestamp.from(Instant.now().minus(Duration.ofDays(91)))).update();
        HttpResponse<String> expired = call("sysadmin4", chosen, "GET", "/api/v1/admin/dead-letters", null);
        assertThat(expired.statusCode()).isEqualTo(403);
        assertThat(code(expired)).isEqualTo("PASSWORD_CHANGE_REQUIRED");
        assertThat(call("sysadmin4", chosen, "POST", "/api/v1/account/password", change(chosen, "Renewed-pw-2026"))
                .statusCode()).isEqualTo(200);
        assertThat(call("sysadmin4", "Renewed-pw-2026", "GET", "/api/v1/admin/dead-letters", null).statusCode())
                .isEqualTo(200);
    }

    @Test
    void hospitalSystemsHaveNoAdministratorAccount() {
        HttpResponse<String> system = send(HttpRequest.newBuilder(uri("/api/v1/account/password"))
                .header("X-Medsign-Api-Key", demoKey()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(change("a", "b"))).build());
        assertThat(system.statusCode()).isEqualTo(403);
        assertThat(code(system)).isEqualTo("ADMIN_ROLE_NOT_PERMITTED");
        assertThat(send(HttpRequest.newBuilder(uri("/api/v1/admin/users")).header("X-Medsign-Api-Key", demoKey())
                .GET().build()).statusCode()).isEqualTo(403);
    }

    private void noSecretInTheAuditChain() {
        List<String> details = jdbc.sql("SELECT COALESCE(detail, '') || ' ' || COALESCE(target, '') FROM audit_event")
                .query(String.class).list();
        for (String secret : secrets) {
            assertThat(details).as("no password in the audit chain").noneMatch(d -> d.contains(secret));
        }
        assertThat(details).as("no BCrypt hash in the audit chain").noneMatch(d -> d.contains("$2a$"));
    }

    private static String csrf(HttpResponse<String> page) {
        Matcher matcher = CSRF.matcher(page.body());
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }
}
