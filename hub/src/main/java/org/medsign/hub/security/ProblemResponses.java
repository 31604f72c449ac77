package org.medsign.hub.security;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.servlet.http.HttpServletResponse;
import org.medsign.adapters.http.HttpOutcomes;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.adapters.model.OutcomeCategory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * The problem-details edge of the outcome catalogue (RFC 9457): every error answer of the HTTP API, from a controller
 * ({@link #entity}) or from a filter where Spring MVC's handler is not reached ({@link #write}). The status is the
 * code's ({@link HttpOutcomes}); members {@code code} and {@code category}; {@code Retry-After} when transient.
 */
public final class ProblemResponses {

    private ProblemResponses() {
    }

    /** A problem for a controller's exception handler. */
    public static ResponseEntity<ProblemDetail> entity(ErrorCode code, OutcomeCategory category, String detail,
                                                       String instance) {
        HttpStatus status = HttpStatus.valueOf(HttpOutcomes.status(code, category));
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:medsign:problem:" + code.name()));
        problem.setTitle(status.getReasonPhrase());
        problem.setProperty("code", code.name());
        problem.setProperty("category", category.name());
        problem.setInstance(URI.create(instance));
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        HttpOutcomes.retryAfter(code).ifPresent(seconds -> answer.header(HttpHeaders.RETRY_AFTER,
                Long.toString(seconds)));
        return answer.body(problem);
    }

    /** Writes a problem with the code's status from a filter. */
    public static void write(HttpServletResponse response, ErrorCode code, String title, String detail)
            throws IOException {
        int status = HttpOutcomes.status(code);
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        HttpOutcomes.retryAfter(code).ifPresent(seconds -> response.setHeader("Retry-After", Long.toString(seconds)));
        String body = "{\"type\":\"urn:medsign:problem:" + code.name() + "\",\"title\":\"" + escape(title)
                + "\",\"status\":" + status + ",\"code\":\"" + code.name() + "\",\"category\":\""
                + code.category().name() + "\",\"detail\":\"" + escape(detail) + "\"}";
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * 429 for a credential the throttle refuses to check now, with {@code Retry-After} (whole seconds). The text
     * does not say whether the credential would have been right.
     */
    public static void throttled(HttpServletResponse response, Duration wait) throws IOException {
        long seconds = org.medsign.hub.CredentialThrottledException.seconds(wait);
        response.setHeader("Retry-After", Long.toString(seconds));
        write(response, ErrorCode.AUTHENTICATION_LOCKED_OUT, "Too many failed authentications",
                "too many failed authentications of this credential from this address; try again in " + seconds + " s");
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
