package org.medsign.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The online commands' call to a running hub as an administrator (HTTP Basic, password from an environment variable)
 * or as a clinician's app session (bearer token after the app login), with one mapping of failures: unreachable or failed calls and error answers (with the problem's code and detail)
 * become {@link HubCallException}, whose exit code follows from the problem's {@code category}
 * ({@link ProblemCategory}; 401/403 without one are a refusal, exit code 5).
 */
final class HubClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI hub;
    private final String user;
    private final String authorization;
    private final String whoMayCall;

    private HubClient(URI hub, String user, String authorization, String whoMayCall) {
        this.hub = hub;
        this.user = user;
        this.authorization = authorization;
        this.whoMayCall = whoMayCall;
    }

    /** A client without credentials (the app's activation and login), calling as {@code user}. */
    static HubClient anonymous(URI hub, String user, String whoMayCall) {
        return new HubClient(hub, user, null, whoMayCall);
    }

    /** The same hub and caller, with an app session's bearer token. */
    HubClient withBearer(String token) {
        return new HubClient(hub, user, "Bearer " + token, whoMayCall);
    }

    /**
     * A client for {@code user}, whose password is in {@code passwordVariable} (read now: a missing one fails before
     * anything else is done). {@code whoMayCall} names the role in the refusal message ("the security
     * administrator").
     */
    static HubClient of(URI hub, String user, String passwordVariable, String whoMayCall) {
        String password = System.getenv(passwordVariable);
        if (password == null || password.isEmpty()) {
            throw new MissingPasswordException(passwordVariable, "the password of " + user);
        }
        return new HubClient(hub, user, "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8)), whoMayCall);
    }

    /** A JSON call ({@code body} null for none); the answer must be 200 with JSON. */
    JsonNode json(String method, String path, String body, Duration timeout) {
        byte[] answer = call(method, path, body, "application/json", timeout);
        try {
            return JSON.readTree(answer);
        } catch (IOException e) {
            throw new HubCallException("the hub answered without JSON");
        }
    }

    /** A call whose 200 answer is returned as bytes. */
    byte[] call(String method, String path, String body, String accept, Duration timeout) {
        URI target = hub.resolve(path);
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(timeout)
                .header("Accept", accept + ", application/problem+json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        } else {
            if (!"GET".equals(method)) {
                // the hub takes state changes only as JSON, also without a body (no cross-site "simple" requests)
                request.header("Content-Type", "application/json");
            }
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<byte[]> response;
        try {
            response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                    .send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException e) {
            throw new HubCallException("cannot reach the hub at " + hub);
        } catch (IOException e) {
            throw new HubCallException("call to " + target + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubCallException("interrupted");
        }
        if (response.statusCode() == 403 && detail(response.body()).startsWith("PASSWORD_CHANGE_REQUIRED")) {
            throw new HubCallException("the hub refused " + user + " (HTTP 403): the password must be changed first "
                    + "(console, or POST /api/v1/account/password)", MedsignCommand.EXIT_REFUSED);
        }
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new HubCallException("the hub refused " + user + " (HTTP " + response.statusCode()
                    + "): " + (authorization == null || authorization.startsWith("Bearer ") ? detail(response.body())
                    : "wrong password, or not " + whoMayCall), MedsignCommand.EXIT_REFUSED);
        }
        if (response.statusCode() != 200) {
            throw new HubCallException("the hub answered HTTP " + response.statusCode() + ": "
                    + detail(response.body()), ProblemCategory.exitCode(category(response.body())));
        }
        return response.body();
    }

    /** The problem's {@code category} member, or null. */
    private static String category(byte[] body) {
        try {
            JsonNode category = JSON.readTree(body).get("category");
            return category == null ? null : category.asText();
        } catch (IOException e) {
            return null;
        }
    }

    private static String detail(byte[] body) {
        try {
            JsonNode problem = JSON.readTree(body);
            return problem.path("code").asText("") + " " + problem.path("detail").asText("");
        } catch (IOException e) {
            return "(no problem detail)";
        }
    }
}
