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
 * Finding 9 (b): negative or huge paging parameters. Every list endpoint of the REST API (found in the hub's own
 * OpenAPI description: every GET with a {@code page}, {@code size}, {@code limit} or {@code offset} parameter) and of
 * the console now answers 400 {@code BAD_PAGE} for a negative, zero-sized, huge or non-numeric value, and a
 * page size over its cap is refused, while an ordinary value still works.
 */
class PagingParametersProcessIntegrationTests {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PAGING = List.of("page", "size", "limit", "offset");
    private static final List<String> CALLERS = List.of("sysadmin", "secadmin", "auditadmin", "system", "app");

    private final ProbedHub hub = ProbedHub.get();

    /** A list endpoint and one of its paging parameters. */
    private record Listing(String path, String parameter) {
    }

    @Test
    void everyApiListEndpointRefusesNegativeHugeAndNonNumericPagingWith400() throws Exception {
        List<Listing> listings = listings();
        assertThat(listings).as("list endpoints found in /v3/api-docs").extracting(Listing::path)
                .contains("/api/v1/audit/events", "/api/v1/admin/dead-letters", "/api/v1/admin/rejections",
                        "/api/v1/ledger/campaigns", "/api/v1/ledger/expiry-warnings", "/api/v1/tasks");
        for (Listing listing : listings) {
            String caller = callerFor(listing);
            List<String> bad = new ArrayList<>(List.of("-1", "2147483647", "99999999999", "abc", "-2147483648"));
            if (!listing.parameter().equals("page") && !listing.parameter().equals("offset")) {
                bad.add("0");
            }
            for (String value : bad) {
                HttpResponse<String> response = get(caller, listing.path() + "?" + listing.parameter() + "=" + value);
                assertThat(response.statusCode()).as("%s?%s=%s", listing.path(), listing.parameter(), value)
                        .isEqualTo(400);
                assertThat(JSON.readTree(response.body()).path("code").asText())
                        .as("%s?%s=%s", listing.path(), listing.parameter(), value).isEqualTo("BAD_PAGE");
            }
        }
    }

    @Test
    void pageSizeIsCappedAtItsDocumentedMaximum() throws Exception {
        assertThat(get("auditadmin", "/api/v1/audit/events?size=10000").statusCode()).isEqualTo(200);
        HttpResponse<String> over = get("auditadmin", "/api/v1/audit/events?size=10001");
        assertThat(over.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(over.body()).path("detail").asText()).isEqualTo("size must be between 1 and 10000");
        assertThat(get("sysadmin", "/api/v1/admin/rejections?limit=1000").statusCode()).isEqualTo(200);
        assertThat(get("sysadmin", "/api/v1/admin/rejections?limit=1001").statusCode()).isEqualTo(400);
    }

    @Test
    void consoleListPagesRefuseBadPageNumbersWith400() {
        ProbeAdministrators.ConsoleSession audit = ProbeAdministrators.console(hub, "auditadmin");
        assertThat(audit.get("/console/audit?page=1").statusCode()).isEqualTo(200);
        for (String value : List.of("-1", "1000001", "99999999999", "abc")) {
            HttpResponse<String> page = audit.get("/console/audit?page=" + value);
            assertThat(page.statusCode()).as("/console/audit?page=%s", value).isEqualTo(400);
            assertThat(page.body()).contains("id=\"error-message\"");
        }
        ProbeAdministrators.ConsoleSession ledger = ProbeAdministrators.console(hub, "secadmin");
        assertThat(ledger.get("/console/ledger?page=0").statusCode()).isEqualTo(200);
        assertThat(ledger.get("/console/ledger?page=-1").statusCode()).isEqualTo(400);
        assertThat(ledger.get("/console/ledger?page=abc").statusCode()).isEqualTo(400);
    }

    /** Every GET of the API with a paging parameter, from the hub's OpenAPI description. */
    private List<Listing> listings() throws Exception {
        JsonNode paths = JSON.readTree(get("sysadmin", "/v3/api-docs").body()).path("paths");
        List<Listing> listings = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            JsonNode get = path.getValue().path("get");
            if (path.getKey().contains("{") || get.isMissingNode()) {
                continue;
            }
            for (JsonNode parameter : get.path("parameters")) {
                if ("query".equals(parameter.path("in").asText()) && PAGING.contains(parameter.path("name").asText())) {
                    listings.add(new Listing(path.getKey(), parameter.path("name").asText()));
                }
            }
        }
        return listings;
    }

    /** Who may call a listing: the first caller that gets 200 with an ordinary value. */
    private String callerFor(Listing listing) {
        for (String caller : CALLERS) {
            if (get(caller, listing.path() + "?" + listing.parameter() + "=1").statusCode() == 200) {
                return caller;
            }
        }
        throw new AssertionError("nobody may call " + listing.path() + " with " + listing.parameter() + "=1");
    }

    /** A clinician's app session (the mobile app's calls), opened once: activation code, activation, login. */
    private String appToken;

    private String appToken() {
        if (appToken == null) {
            String code = post("/api/v1/admin/staff/D0009/activation", null, ProbeAdministrators.basic(hub, "secadmin"))
                    .path("code").asText();
            post("/api/v1/m/activate", "{\"staffId\":\"D0009\",\"code\":\"" + code + "\",\"pin\":\"270419\"}", null);
            appToken = post("/api/v1/m/login", "{\"staffId\":\"D0009\",\"pin\":\"270419\"}", null).path("token")
                    .asText();
        }
        return appToken;
    }

    private JsonNode post(String path, String json, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(hub.process().uri(path))
                .header("Content-Type", "application/json")
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> get(String caller, String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(hub.process().uri(path)).GET();
        if (caller.equals("app")) {
            request.header("Authorization", "Bearer " + appToken());
        } else if (caller.equals("system")) {
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
