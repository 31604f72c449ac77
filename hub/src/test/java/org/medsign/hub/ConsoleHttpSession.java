package org.medsign.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A console session over plain HTTP, without a browser: logged in through the login form, cookies kept, redirects not
 * followed, every state change with the page's CSRF token. For the checks a browser cannot make (a POST a page does
 * not offer, the status code of a refused form).
 */
public final class ConsoleHttpSession {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final URI base;
    private final HttpClient client;

    private ConsoleHttpSession(URI base) {
        this.base = base;
        this.client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Logs {@code user} in at {@code base} (e.g. {@code http://localhost:8080}) and checks the console answered. */
    public static ConsoleHttpSession login(URI base, String user, String password) {
        ConsoleHttpSession session = new ConsoleHttpSession(base);
        String token = csrf(session.get("/console/login"));
        HttpResponse<String> login = session.send(session.request("/console/login")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + encode(user) + "&password=" + encode(password)
                        + "&_csrf=" + encode(token))));
        assertThat(login.headers().firstValue("Location")).as(user + " logged in").hasValueSatisfying(
                location -> assertThat(location).endsWith("/console"));
        return session;
    }

    public HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    /** The CSRF token of the page at {@code path}. */
    public String csrf(String path) {
        return csrf(get(path));
    }

    /** Posts a url-encoded form ({@code body} already encoded) with the token of {@code tokenPage}. */
    public HttpResponse<String> postForm(String path, String body, String tokenPage) {
        String token = csrf(tokenPage);
        String form = (body.isEmpty() ? "" : body + "&") + "_csrf=" + encode(token);
        return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    /** Posts a multipart form with the text fields given as name, value pairs, plus the token of {@code tokenPage}. */
    public HttpResponse<String> postMultipart(String path, String tokenPage, String... fields) {
        String boundary = "b" + System.nanoTime();
        StringBuilder body = new StringBuilder();
        body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n")
                .append(csrf(tokenPage)).append("\r\n");
        for (int i = 0; i + 1 < fields.length; i += 2) {
            body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"").append(fields[i])
                    .append("\"\r\n\r\n").append(fields[i + 1]).append("\r\n");
        }
        body.append("--").append(boundary).append("--\r\n");
        return send(request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path));
    }

    /** The CSRF token of a console page. */
    public static String csrf(HttpResponse<String> page) {
        Matcher token = CSRF.matcher(page.body());
        assertThat(token.find()).as("a CSRF token in " + page.uri()).isTrue();
        return token.group(1);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
