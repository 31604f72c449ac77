package org.medsign.hub.security.regression;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The administrators of the probed hub ({@code sysadmin}, {@code secadmin}, {@code auditadmin}) for the regression
 * tests that need one: their working passwords ({@link ProbedAdmins}) and a logged-in console session over plain HTTP.
 */
final class ProbeAdministrators {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

    private ProbeAdministrators() {
    }

    /** The working password of {@code user} (its bootstrap password changed at the first login, once per JVM). */
    static String password(ProbedHub hub, String user) {
        return ProbedAdmins.password(user);
    }

    /** The {@code Authorization} header value of {@code user}. */
    static String basic(ProbedHub hub, String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password(hub, user))
                .getBytes(StandardCharsets.UTF_8));
    }

    /** A console session of {@code user}, logged in through the login form. */
    static ConsoleSession console(ProbedHub hub, String user) {
        ConsoleSession session = new ConsoleSession(hub);
        String token = session.csrfOf(session.get("/console/login"));
        HttpResponse<String> login = session.post("/console/login", Map.of("username", user,
                "password", password(hub, user), "_csrf", token));
        if (login.statusCode() != 302 || login.headers().firstValue("Location").orElse("").contains("error")) {
            throw new IllegalStateException("console login of " + user + " failed: " + login.statusCode() + " "
                    + login.headers().firstValue("Location").orElse(""));
        }
        return session;
    }

    /** Cookies kept, redirects not followed (their status is asserted). */
    static final class ConsoleSession {
        private final ProbedHub hub;
        private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();

        private ConsoleSession(ProbedHub hub) {
            this.hub = hub;
        }

        HttpResponse<String> get(String path) {
            return send(HttpRequest.newBuilder(uri(path)).GET().build());
        }

        /** A form POST; {@code form} should carry {@code _csrf} (see {@link #csrf()}). */
        HttpResponse<String> post(String path, Map<String, String> form) {
            String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
            return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        }

        /** A CSRF token of this session, from the dashboard's logout form. */
        String csrf() {
            return csrfOf(get("/console"));
        }

        /** {@code form} plus this session's CSRF token. */
        Map<String, String> withCsrf(Map<String, String> form) {
            Map<String, String> all = new LinkedHashMap<>(form);
            all.put("_csrf", csrf());
            return all;
        }

        private String csrfOf(HttpResponse<String> page) {
            Matcher matcher = CSRF.matcher(page.body());
            if (!matcher.find()) {
                throw new IllegalStateException("no CSRF token on the page (" + page.statusCode() + ")");
            }
            return matcher.group(1);
        }

        private URI uri(String path) {
            return hub.process().uri(path);
        }

        private HttpResponse<String> send(HttpRequest request) {
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
