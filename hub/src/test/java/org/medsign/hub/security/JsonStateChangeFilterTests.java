package org.medsign.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** State-changing API calls: JSON or a custom header, never a browser's simple request. */
class JsonStateChangeFilterTests {

    int status(String method, String path, String contentType, String header) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        if (contentType != null) {
            request.setContentType(contentType);
        }
        if (header != null) {
            request.addHeader(header, "x");
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        new JsonStateChangeFilter().doFilter(request, response, new MockFilterChain());
        return response.getStatus();
    }

    @Test
    void jsonOrCustomHeaderPasses() throws Exception {
        assertThat(status("POST", "/api/v1/ledger/campaigns/1/start", "application/json", null)).isEqualTo(200);
        assertThat(status("PUT", "/api/v1/x", "application/json; charset=UTF-8", null)).isEqualTo(200);
        assertThat(status("POST", "/api/v1/x", "application/merge-patch+json", null)).isEqualTo(200);
        assertThat(status("DELETE", "/api/v1/x", null, "X-Requested-With")).isEqualTo(200);
        assertThat(status("POST", "/api/v1/x", null, "X-Medsign-Api-Key")).isEqualTo(200);
    }

    @Test
    void simpleRequestsAreRefused() throws Exception {
        assertThat(status("POST", "/api/v1/ledger/campaigns/1/start", "text/plain", null)).isEqualTo(415);
        assertThat(status("POST", "/api/v1/x", "application/x-www-form-urlencoded", null)).isEqualTo(415);
        assertThat(status("POST", "/api/v1/x", "multipart/form-data; boundary=x", null)).isEqualTo(415);
        assertThat(status("POST", "/api/v1/x", null, null)).as("bodyless without a type").isEqualTo(415);
        assertThat(status("PATCH", "/api/v1/x", "not a type", null)).isEqualTo(415);
    }

    @Test
    void readsAndOtherPathsAreNotConcerned() throws Exception {
        assertThat(status("GET", "/api/v1/x", "text/plain", null)).isEqualTo(200);
        assertThat(status("POST", "/tsa", "application/timestamp-query", null)).isEqualTo(200);
        assertThat(status("POST", "/ocsp", "application/ocsp-request", null)).isEqualTo(200);
    }
}
