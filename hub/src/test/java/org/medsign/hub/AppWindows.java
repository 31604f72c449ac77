package org.medsign.hub;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Opens signing windows over HTTP the way a clinician does with the app, for tests that run the hub as a process:
 * the security administrator issues an activation code, the signer activates the app with it and a PIN, logs in and
 * opens a window for the given systems. Each step asserts its answer, so a broken flow fails the test's setup loudly.
 */
public final class AppWindows {

    /** The PIN the test signers choose. */
    public static final String PIN = "270419";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private AppWindows() {
    }

    /** Every demo system of the embedded default. */
    public static final List<String> DEMO_SYSTEMS = List.of("demo", "his", "lis", "pacs", "anesthesia",
            "physical-exam");

    /** Activates the app of each signer and opens a 720-hour window for {@code systems}. */
    public static void open(URI base, String secadminPassword, List<String> staffIds, List<String> systems) {
        for (String staffId : staffIds) {
            JsonNode code = call(base, "POST", "/api/v1/admin/staff/" + staffId + "/activation", null,
                    "Basic " + Base64.getEncoder().encodeToString(("secadmin:" + secadminPassword)
                            .getBytes(StandardCharsets.UTF_8)));
            call(base, "POST", "/api/v1/m/activate", "{\"staffId\":\"" + staffId + "\",\"code\":\""
                    + code.get("code").asText() + "\",\"pin\":\"" + PIN + "\"}", null);
            String token = call(base, "POST", "/api/v1/m/login", "{\"staffId\":\"" + staffId + "\",\"pin\":\"" + PIN
                    + "\"}", null).get("token").asText();
            StringBuilder names = new StringBuilder();
            for (String system : systems) {
                names.append(names.isEmpty() ? "" : ",").append('"').append(system).append('"');
            }
            call(base, "POST", "/api/v1/m/windows", "{\"systems\":[" + names + "],\"hours\":720}", "Bearer " + token);
        }
    }

    /** The ten demo signers D0001…D0010. */
    public static List<String> demoSigners() {
        return java.util.stream.IntStream.rangeClosed(1, 10).mapToObj(i -> String.format("D%04d", i)).toList();
    }

    private static JsonNode call(URI base, String method, String path, String json, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError(method + " " + path + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
