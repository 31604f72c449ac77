package org.medsign.hub.security.regression;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

/**
 * Finding 9, "unauthenticated /actuator/prometheus exposes system ids and volumes": on the hub as shipped, metrics
 * need the scrape token ({@code secrets/metrics-token}, sent as a bearer token) or the system administrator; the
 * token opens nothing else.
 */
class MetricsExposureProcessIntegrationTests {

    final ProbedHub hub = ProbedHub.get();
    final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(hub.process().uri(path)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anOutsiderScrapesNothing() throws Exception {
        HttpResponse<String> anonymous = get("/actuator/prometheus", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).doesNotContain("medsign_").doesNotContain("system=").doesNotContain("jvm_");
        HttpResponse<String> wrong = get("/actuator/prometheus", "Bearer not-the-token");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("Bearer"));
        assertThat(wrong.body()).doesNotContain("medsign_");
        assertThat(get("/actuator/metrics", null).statusCode()).isEqualTo(401);
    }

    @Test
    void prometheusScrapesWithTheTokenAndTheTokenOpensNothingElse() throws Exception {
        String token = "Bearer " + hub.secret("metrics-token");
        HttpResponse<String> scrape = get("/actuator/prometheus", token);
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("jvm_memory_used_bytes").contains("medsign_");
        for (String path : new String[] {"/actuator/metrics", "/actuator/jolokia/version", "/api/v1/admin/systems",
                "/actuator/hawtio/"}) {
            assertThat(get(path, token).statusCode()).as(path).isEqualTo(401);
        }
    }
}
