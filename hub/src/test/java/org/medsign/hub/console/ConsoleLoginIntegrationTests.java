package org.medsign.hub.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.medsign.hub.HubTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The console's security chain over plain HTTP: CSRF is required for the login form and for state-changing pages,
 * failed console logins share the API's credential throttle and audit (first failure at once, repeats summed up), and
 * the API chain stays stateless (no session cookie, HTTP Basic as before).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"medsign.security.max-failed-authentications=3", "medsign.security.lockout=PT1H",
                "medsign.security.login-audit-window=PT1S", "medsign.demo.enabled=true"})
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class ConsoleLoginIntegrationTests extends HubTestSupport {

    static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

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

    /** A browser-like client: its own cookies, no redirects followed. */
    private static HttpClient client() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    private HttpResponse<String> get(HttpClient client, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postForm(HttpClient client, String path, String form) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String csrfFrom(HttpResponse<String> page) {
        Matcher matcher = CSRF.matcher(page.body());
        assertThat(matcher.find()).as("page has a CSRF token").isTrue();
        return matcher.group(1);
    }

    private HttpResponse<String> login(HttpClient client, String user, String password) throws Exception {
        String token = csrfFrom(get(client, "/console/login"));
        return postForm(client, "/console/login", "username=" + user + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf=" + token);
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void loginWithoutCsrfTokenIsRefused() throws Exception {
        HttpClient client = client();
        get(client, "/console/login");
        HttpResponse<String> response = postForm(client, "/console/login",
                "username=secadmin&password=" + URLEncoder.encode(adminPassword(), StandardCharsets.UTF_8));
        assertThat(response.headers().firstValue("Location").orElse("")).doesNotEndWith("/console");
        assertThat(get(client, "/console/ledger").statusCode()).as("not logged in").isEqualTo(302);
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    void sessionLoginOpensPagesAndStateChangesNeedTheToken() throws Exception {
        HttpClient client = client();
        HttpResponse<String> response = login(client, "secadmin", adminPassword());
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/console"));
        HttpResponse<String> expiry = get(client, "/console/expiry");
        assertThat(expiry.statusCode()).isEqualTo(200);
        assertThat(expiry.headers().firstValue("Content-Security-Policy")).isPresent();
        assertThat(postForm(client, "/console/expiry/scan", "").statusCode()).as("scan without token")
                .isEqualTo(403);
        assertThat(postForm(client, "/console/expiry/scan", "_csrf=" + csrfFrom(expiry)).statusCode())
                .isEqualTo(302);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'CONSOLE_LOGIN' AND actor = 'secadmin'")
                .query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    @org.junit.jupiter.api.Order(3)
    void apiChainStaysStatelessWithBasic() {
        HttpResponse<String> response = asAdmin("secadmin", HttpRequest.newBuilder(uri("/api/v1/ledger/inventory")).GET());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    @org.junit.jupiter.api.Order(4)
    void failedConsoleLoginsLockTheAccountOutOfConsoleAndApiFromThatAddress() throws Exception {
        HttpClient client = client();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> failed = login(client, "secadmin", "wrong-" + i);
            assertThat(failed.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l)
                    .endsWith("/console/login?error"));
        }
        HttpResponse<String> locked = login(client, "secadmin", adminPassword());
        assertThat(locked.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l)
                .endsWith("/console/login?locked"));
        assertThat(get(client, "/console/login?locked").body()).contains("登录失败次数过多");
        assertThat(asAdmin("secadmin", HttpRequest.newBuilder(uri("/api/v1/ledger/inventory")).GET()).statusCode())
                .as("the API refuses that account from there too").isEqualTo(429);
        assertThat(asAdmin("auditadmin", HttpRequest.newBuilder(uri("/api/v1/audit/verification")).GET()).statusCode())
                .as("other accounts from the same address are not locked out").isEqualTo(200);
        // the first failure is audited at once, the two repeats in one summary row when the window ends
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> consoleFailuresAudited() == 3);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE detail LIKE '%wrong-%'").query(Integer.class)
                .single()).isZero();
    }

    /** Failed console logins the LOGIN_FAILED rows stand for: one per row plus the summed-up repeats. */
    private long consoleFailuresAudited() {
        Pattern more = Pattern.compile("; (\\d+) more in ");
        return jdbc.sql("SELECT detail FROM audit_event WHERE action = 'LOGIN_FAILED' AND target = 'console'")
                .query(String.class).list().stream().mapToLong(detail -> {
                    Matcher matcher = more.matcher(detail);
                    return matcher.find() ? Long.parseLong(matcher.group(1)) : 1;
                }).sum();
    }
}
