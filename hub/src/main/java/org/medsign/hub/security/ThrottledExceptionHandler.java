package org.medsign.hub.security;

import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;
import org.medsign.hub.CredentialThrottledException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
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
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, e.getMessage());
        problem.setType(URI.create("urn:medsign:problem:" + e.code()));
        problem.setTitle(HttpStatus.TOO_MANY_REQUESTS.getReasonPhrase());
        problem.setProperty("code", e.code());
        problem.setInstance(URI.create(request.getRequestURI()));
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
