package org.medsign.hub.security.regression;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** What the regression tests ask the probed hub's REST API, as its operators would. */
final class ProbedHubApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ProbedHubApi() {
    }

    /**
     * Audit events with an action and target, as the audit administrator reads them ({@code GET /api/v1/audit/events}).
     * The audit administrator's working password comes from {@link ProbedAdmins} (changed once at its first login).
     */
    static List<JsonNode> auditEvents(ProbedHub hub, String action, String target) throws IOException,
            InterruptedException {
        String basic = Base64.getEncoder().encodeToString(("auditadmin:" + ProbedAdmins.password("auditadmin"))
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(hub.process().uri("/api/v1/audit/events?action="
                        + URLEncoder.encode(action, StandardCharsets.UTF_8) + "&target="
                        + URLEncoder.encode(target, StandardCharsets.UTF_8) + "&size=500"))
                .header("Authorization", "Basic " + basic).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("audit search answered " + response.statusCode() + ": " + response.body());
        }
        List<JsonNode> events = new ArrayList<>();
        JSON.readTree(response.body()).path("events").forEach(events::add);
        return events;
    }

    /** The HTTP status of {@code GET /api/v1/requests/{id}} with the system's API key (404: the hub has no request). */
    static int requestStatus(ProbedHub hub, String system, String requestId) throws IOException,
            InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(hub.process().uri("/api/v1/requests/"
                        + URLEncoder.encode(requestId, StandardCharsets.UTF_8)))
                .header("X-Medsign-Api-Key", hub.secret(system + "-api-key")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }
}
