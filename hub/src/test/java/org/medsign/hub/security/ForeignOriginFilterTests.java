package org.medsign.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** Which browser requests count as made by another site. */
class ForeignOriginFilterTests {

    final ForeignOriginFilter filter = new ForeignOriginFilter(List.of("https://ops.example.org"),
            new SimpleMeterRegistry());

    int status(String method, String path, Map<String, String> headers) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        request.setScheme("http");
        request.setServerName("localhost");
        request.setServerPort(8080);
        headers.forEach(request::addHeader);
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain());
        return response.getStatus();
    }

    @Test
    void sameOriginAndNonBrowserClientsPass() throws Exception {
        assertThat(status("POST", "/actuator/jolokia", Map.of("Origin", "http://localhost:8080"))).isEqualTo(200);
        assertThat(status("POST", "/actuator/jolokia", Map.of("Origin", "HTTP://LOCALHOST:8080"))).isEqualTo(200);
        assertThat(status("POST", "/api/v1/x", Map.of())).isEqualTo(200);
        assertThat(status("GET", "/api/v1/x", Map.of("Referer", "http://localhost:8080/console"))).isEqualTo(200);
        assertThat(status("GET", "/actuator/jolokia", Map.of("Sec-Fetch-Site", "same-origin"))).isEqualTo(200);
        assertThat(status("POST", "/api/v1/x", Map.of("Origin", "https://ops.example.org"))).as("configured")
                .isEqualTo(200);
    }

    @Test
    void anotherSiteIsRefused() throws Exception {
        assertThat(status("GET", "/actuator/jolokia/read/x", Map.of("Origin", "http://evil.example"))).isEqualTo(403);
        assertThat(status("POST", "/api/v1/x", Map.of("Origin", "http://localhost:9999"))).as("other port")
                .isEqualTo(403);
        assertThat(status("POST", "/api/v1/x", Map.of("Origin", "https://localhost:8080"))).as("other scheme")
                .isEqualTo(403);
        assertThat(status("POST", "/api/v1/x", Map.of("Origin", "null"))).as("sandboxed or file page").isEqualTo(403);
        assertThat(status("GET", "/actuator/jolokia/read/x", Map.of("Referer", "http://127.0.0.2:4000/a.html")))
                .isEqualTo(403);
        assertThat(status("GET", "/actuator/jolokia/read/x", Map.of("Sec-Fetch-Site", "cross-site",
                "Sec-Fetch-Mode", "no-cors"))).as("no Origin, no Referer").isEqualTo(403);
        assertThat(status("GET", "/actuator/jolokia/read/x", Map.of("Sec-Fetch-Site", "same-site",
                "Sec-Fetch-Mode", "cors"))).isEqualTo(403);
    }

    @Test
    void followingALinkIsNotRefused() throws Exception {
        assertThat(status("GET", "/actuator/hawtio/", Map.of("Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode",
                "navigate", "Referer", "https://intranet.example/"))).isEqualTo(200);
        assertThat(status("POST", "/api/v1/x", Map.of("Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "navigate",
                "Origin", "https://intranet.example"))).as("a form post is not a link").isEqualTo(403);
    }

    @Test
    void otherPathsAreNotConcernedAndManagementAnswersCannotBeEmbedded() throws Exception {
        assertThat(status("POST", "/ocsp", Map.of("Origin", "http://evil.example"))).isEqualTo(200);
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/actuator/metrics");
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain());
        assertThat(response.getHeader("Cross-Origin-Resource-Policy")).isEqualTo("same-origin");
    }

    @Test
    void theSdkPathsAreLeftToTheWebTicketFilterAndNothingBesideThem() throws Exception {
        assertThat(status("POST", "/api/v1/web/sign/message", Map.of("Origin", "https://emr.example")))
                .as("WebTicketFilter decides there, per system").isEqualTo(200);
        assertThat(status("POST", "/api/v1/web-tickets", Map.of("Origin", "https://emr.example"))).isEqualTo(403);
        assertThat(status("GET", "/api/v1/webhooks", Map.of("Origin", "https://emr.example"))).isEqualTo(403);
        assertThat(status("GET", "/api/v1/web", Map.of("Origin", "https://emr.example"))).isEqualTo(403);
    }
}
