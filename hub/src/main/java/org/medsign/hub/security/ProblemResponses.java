package org.medsign.hub.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

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

    /**
     * 429 for a credential the throttle refuses to check now, with {@code Retry-After} (whole seconds). The text
     * does not say whether the credential would have been right.
     */
    public static void throttled(HttpServletResponse response, Duration wait) throws IOException {
        long seconds = org.medsign.hub.CredentialThrottledException.seconds(wait);
        response.setHeader("Retry-After", Long.toString(seconds));
        write(response, 429, "AUTHENTICATION_LOCKED_OUT", "Too many failed authentications",
                "too many failed authentications of this credential from this address; try again in " + seconds + " s");
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
