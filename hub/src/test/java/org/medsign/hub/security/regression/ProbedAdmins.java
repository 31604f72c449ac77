package org.medsign.hub.security.regression;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The administrators of the {@link ProbedHub}, which starts without {@code MEDSIGN_ADMIN_PASSWORD}: each of
 * {@code sysadmin}, {@code secadmin} and {@code auditadmin} has a generated password in
 * {@code secrets/<user>-password} that must be changed at the first login. The first use of a user in this JVM logs
 * in with the generated password, records what the hub answered (403 {@code PASSWORD_CHANGE_REQUIRED}), changes it
 * through {@code POST /api/v1/account/password} and remembers the new one; later calls reuse it. Also a console
 * session for a user (form login with CSRF token).
 */
final class ProbedAdmins {

    /** What a call with the generated password answered before the change. */
    record FirstLogin(int status, String code) {
    }

    private static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"([A-Z_]+)\"");
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Map<String, String> PASSWORDS = new HashMap<>();
    private static final Map<String, FirstLogin> FIRST_LOGINS = new HashMap<>();

    private ProbedAdmins() {
    }

    /** The working password of a bootstrap administrator, after its one forced change. */
    static synchronized String password(String user) {
        String password = PASSWORDS.get(user);
        if (password == null) {
            ProbedHub hub = ProbedHub.get();
            String generated = hub.secret(user + "-password");
            HttpResponse<String> first = send(HttpRequest.newBuilder(hub.process().uri("/api/v1/audit/verification"))
                    .header("Authorization", basic(user, generated)).GET().build());
            FIRST_LOGINS.put(user, new FirstLogin(first.statusCode(), code(first.body())));
            password = "Probe-" + UUID.randomUUID().toString().substring(0, 13) + "-Aa7";
            HttpResponse<String> changed = send(HttpRequest.newBuilder(hub.process().uri("/api/v1/account/password"))
                    .header("Authorization", basic(user, generated)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"currentPassword\":\"" + generated
                            + "\",\"newPassword\":\"" + password + "\"}")).build());
            if (changed.statusCode() != 200) {
                throw new IllegalStateException("the forced password change of " + user + " failed: HTTP "
                        + changed.statusCode() + " " + changed.body());
            }
            PASSWORDS.put(user, password);
        }
        return password;
    }

    /** What the hub answered to the generated password of {@code user} before its change. */
    static synchronized FirstLogin firstLogin(String user) {
        password(user);
        return FIRST_LOGINS.get(user);
    }

    /** The {@code Authorization} header value of a bootstrap administrator. */
    static String basic(String user) {
        return basic(user, password(user));
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** A client logged in to the console as a bootstrap administrator (its own cookies, redirects not followed). */
    static HttpClient console(String user) {
        HttpClient client = browser();
        HttpResponse<String> login = consoleLogin(client, user, password(user));
        if (!login.headers().firstValue("Location").orElse("").endsWith("/console")) {
            throw new IllegalStateException("console login of " + user + " failed: "
                    + login.headers().firstValue("Location").orElse(String.valueOf(login.statusCode())));
        }
        return client;
    }

    /** A fresh browser-like client: its own cookies, redirects not followed. */
    static HttpClient browser() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Submits the console's login form (with its CSRF token); the answer redirects to /console or back to login. */
    static HttpResponse<String> consoleLogin(HttpClient client, String user, String password) {
        ProbedHub hub = ProbedHub.get();
        HttpResponse<String> page = send(client, HttpRequest.newBuilder(hub.process().uri("/console/login")).build());
        Matcher token = CSRF.matcher(page.body());
        if (!token.find()) {
            throw new IllegalStateException("no CSRF token on the login page");
        }
        return send(client, HttpRequest.newBuilder(hub.process().uri("/console/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                        + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf="
                        + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8))).build());
    }

    /** The stable {@code code} of a problem document, or empty. */
    static String code(String body) {
        Matcher matcher = CODE.matcher(body == null ? "" : body);
        return matcher.find() ? matcher.group(1) : "";
    }

    static HttpResponse<String> send(HttpRequest request) {
        return send(HTTP, request);
    }

    static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
