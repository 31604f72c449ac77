package org.medsign.hub.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

/** Writes RFC 9457 problem details from filters, where Spring MVC's handler is not reached. */
public final class ProblemResponses {

    private ProblemResponses() {
    }

    /** Writes an RFC 9457 problem with a stable code. */
    public static void write(HttpServletResponse response, int status, String code, String title, String detail)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        String body = "{\"type\":\"urn:medsign:problem:" + code + "\",\"title\":\"" + escape(title) + "\",\"status\":"
                + status + ",\"code\":\"" + code + "\",\"detail\":\"" + escape(detail) + "\"}";
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
