package org.medsign.hub.security.regression;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * Finding 9 (c): {@code POST /api/v1/admin/evidence-records/rehash} without an algorithm answered 500. Now a missing
 * required parameter is 400 {@code PARAMETER_MISSING}; and every operation of the hub's OpenAPI description that has
 * required query parameters or a request body is sent without them (and with empty JSON bodies), by every kind of
 * caller, and none answers 5xx. The console answers a missing form field with its 400 page.
 */
class MissingParametersProcessIntegrationTests {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CALLERS = List.of("sysadmin", "secadmin", "auditadmin", "system");

    private final ProbedHub hub = ProbedHub.get();

    @Test
    void rehashWithoutAnAlgorithmIs400ParameterMissing() throws Exception {
        HttpResponse<String> response = send("sysadmin", "POST", "/api/v1/admin/evidence-records/rehash", null);
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("code").asText()).isEqualTo("PARAMETER_MISSING");
        assertThat(problem.path("detail").asText()).isEqualTo("parameter 'algorithm' is required");

        HttpResponse<String> blank = send("sysadmin", "POST", "/api/v1/admin/evidence-records/rehash?algorithm=", null);
        assertThat(blank.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(blank.body()).path("code").asText()).isEqualTo("PARAMETER_MISSING");

        HttpResponse<String> unknown = send("sysadmin", "POST", "/api/v1/admin/evidence-records/rehash?algorithm=MD5",
                null);
        assertThat(unknown.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(unknown.body()).path("code").asText()).isEqualTo("UNSUPPORTED_ALGORITHM");
    }

    @Test
    void noOperationAnswers5xxWithoutItsRequiredParametersOrBody() throws Exception {
        JsonNode paths = JSON.readTree(send("sysadmin", "GET", "/v3/api-docs", null).body()).path("paths");
        List<String> failures = new ArrayList<>();
        int probed = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                boolean requiredQuery = false;
                for (JsonNode parameter : op.getValue().path("parameters")) {
                    requiredQuery |= parameter.path("required").asBoolean() && "query".equals(parameter.path("in")
                            .asText());
                }
                boolean body = op.getValue().has("requestBody");
                if (!requiredQuery && !body) {
                    continue;
                }
                String url = path.getKey().replaceAll("\\{[^}]+}", "1");
                String method = op.getKey().toUpperCase();
                for (String caller : CALLERS) {
                    for (String sent : body ? new String[] {null, "{}", "[]", "null"} : new String[] {null}) {
                        probed++;
                        HttpResponse<String> response = send(caller, method, url, sent);
                        if (response.statusCode() >= 500) {
                            failures.add(method + " " + url + " as " + caller + " with " + sent + ": "
                                    + response.statusCode() + " " + response.body());
                        }
                    }
                }
            }
        }
        assertThat(probed).as("operations probed").isGreaterThan(50);
        assertThat(failures).isEmpty();
    }

    @Test
    void consoleFormWithoutItsRequiredFieldIs400NotAnErrorPageOf500() {
        ProbeAdministrators.ConsoleSession console = ProbeAdministrators.console(hub, "sysadmin");
        HttpResponse<String> replay = console.post("/console/systems/dead-letters/replay",
                console.withCsrf(Map.of()));
        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(replay.body()).contains("id=\"error-message\"");
    }

    private HttpResponse<String> send(String caller, String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(hub.process().uri(path))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (caller.equals("system")) {
            request.header("X-Medsign-Api-Key", hub.secret("demo-api-key"));
        } else {
            request.header("Authorization", ProbeAdministrators.basic(hub, caller));
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
