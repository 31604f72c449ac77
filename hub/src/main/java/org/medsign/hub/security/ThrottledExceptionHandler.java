package org.medsign.hub.security;

import jakarta.servlet.http.HttpServletRequest;
import org.medsign.hub.CredentialThrottledException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A credential check a business module refused because of the throttle (e.g. signing PINs): 429 with
 * {@code Retry-After}, as a problem detail with the exception's code. Ordered before the API's general handler, which
 * would otherwise take it as any {@code HubException}.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ThrottledExceptionHandler {

    @ExceptionHandler(CredentialThrottledException.class)
    ResponseEntity<ProblemDetail> throttled(CredentialThrottledException e, HttpServletRequest request) {
        ResponseEntity<ProblemDetail> problem = ProblemResponses.entity(e.code(), e.category(), e.getMessage(),
                request.getRequestURI());
        return ResponseEntity.status(problem.getStatusCode()).headers(problem.getHeaders())
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds())).body(problem.getBody());
    }
}
