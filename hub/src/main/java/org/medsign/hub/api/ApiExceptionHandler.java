package org.medsign.hub.api;

import java.net.URI;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.medsign.crypto.MalformedInputException;
import org.medsign.crypto.UnsupportedAlgorithmException;
import org.medsign.hub.HubException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every error into an RFC 9457 problem detail with a stable {@code code}. Messages never carry payloads or
 * personal data; unexpected exceptions get a generic text (details only in the server log, without payloads).
 */
@RestControllerAdvice
public class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    /** HTTP status per business error code; unlisted codes are 422. */
    private static final Map<String, HttpStatus> STATUS = Map.ofEntries(
            Map.entry("SIGNER_UNKNOWN", HttpStatus.UNPROCESSABLE_ENTITY),
            Map.entry("REQUEST_ID_REUSED", HttpStatus.CONFLICT),
            Map.entry("CONTENT_TOO_LARGE", HttpStatus.PAYLOAD_TOO_LARGE),
            Map.entry("CERTIFICATE_STATE_CONFLICT", HttpStatus.CONFLICT),
            Map.entry("CERTIFICATE_ALREADY_REVOKED", HttpStatus.CONFLICT),
            Map.entry("CERTIFICATE_UNKNOWN", HttpStatus.NOT_FOUND),
            Map.entry("APPROVAL_UNKNOWN", HttpStatus.NOT_FOUND),
            Map.entry("APPROVAL_NOT_PENDING", HttpStatus.CONFLICT),
            Map.entry("APPROVAL_SAME_ADMINISTRATOR", HttpStatus.FORBIDDEN),
            Map.entry("STAFF_UNKNOWN", HttpStatus.NOT_FOUND),
            Map.entry("PIN_NOT_SET", HttpStatus.NOT_FOUND),
            Map.entry("PIN_LOCKED", HttpStatus.LOCKED),
            Map.entry("PIN_WRONG", HttpStatus.UNAUTHORIZED),
            Map.entry("PIN_TOO_WEAK", HttpStatus.BAD_REQUEST),
            Map.entry("ADMIN_EXISTS", HttpStatus.CONFLICT),
            Map.entry("ADMIN_NAME_INVALID", HttpStatus.BAD_REQUEST),
            Map.entry("ADMIN_PASSWORD_WEAK", HttpStatus.BAD_REQUEST),
            Map.entry("IDENTITY_NOT_VERIFIED", HttpStatus.BAD_REQUEST),
            Map.entry("CAMPAIGN_UNKNOWN", HttpStatus.NOT_FOUND),
            Map.entry("CAMPAIGN_STATE_CONFLICT", HttpStatus.CONFLICT),
            Map.entry("CAMPAIGN_SELECTION_EMPTY", HttpStatus.BAD_REQUEST),
            Map.entry("CAMPAIGN_CATEGORY_INVALID", HttpStatus.BAD_REQUEST),
            Map.entry("REVOCATION_REASON_INVALID", HttpStatus.BAD_REQUEST),
            Map.entry("UNSUPPORTED_ALGORITHM", HttpStatus.UNPROCESSABLE_ENTITY));

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> api(ApiException e, HttpServletRequest request) {
        return problem(e.status(), e.code(), e.getMessage(), request);
    }

    @ExceptionHandler(HubException.class)
    ResponseEntity<ProblemDetail> hub(HubException e, HttpServletRequest request) {
        return problem(STATUS.getOrDefault(e.code(), HttpStatus.UNPROCESSABLE_ENTITY), e.code(), e.getMessage(), request);
    }

    @ExceptionHandler({MalformedInputException.class, UnsupportedAlgorithmException.class})
    ResponseEntity<ProblemDetail> malformed(RuntimeException e, HttpServletRequest request) {
        return problem(HttpStatus.BAD_REQUEST, "MALFORMED_INPUT", e.getMessage(), request);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestSizeLimitFilter.BodyTooLargeException) {
                return problem(HttpStatus.PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE", "the request body is too large",
                        request);
            }
        }
        return problem(HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST",
                "the request body is not valid JSON of the expected shape", request);
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<ProblemDetail> invalid(MethodArgumentNotValidException e, HttpServletRequest request) {
        StringBuilder detail = new StringBuilder();
        e.getBindingResult().getFieldErrors().forEach(error -> detail.append(detail.isEmpty() ? "" : "; ")
                .append(error.getField()).append(' ').append(error.getDefaultMessage()));
        return problem(HttpStatus.BAD_REQUEST, "INVALID_REQUEST", detail.toString(), request);
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ResponseEntity<ProblemDetail> badHeader(MissingRequestHeaderException e, HttpServletRequest request) {
        return problem(HttpStatus.BAD_REQUEST, "INVALID_REQUEST", e.getMessage(), request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> badParameter(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        if (Paging.isPagingParameter(e.getName())) {
            return api(Paging.notANumber(e.getName()), request);
        }
        // the value is not echoed: it is whatever the caller typed
        String type = e.getRequiredType() == null ? "value" : e.getRequiredType().getSimpleName();
        return problem(HttpStatus.BAD_REQUEST, "INVALID_REQUEST", "parameter '" + e.getName() + "' must be a valid "
                + type, request);
    }

    /** A required query parameter or form field is absent: the caller's mistake, never a 500. */
    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ProblemDetail> missingParameter(MissingServletRequestParameterException e,
                                                   HttpServletRequest request) {
        return problem(HttpStatus.BAD_REQUEST, "PARAMETER_MISSING", "parameter '" + e.getParameterName()
                + "' is required", request);
    }

    @ExceptionHandler(MissingServletRequestPartException.class)
    ResponseEntity<ProblemDetail> missingPart(MissingServletRequestPartException e, HttpServletRequest request) {
        return problem(HttpStatus.BAD_REQUEST, "PARAMETER_MISSING", "part '" + e.getRequestPartName()
                + "' is required", request);
    }

    /** Any other binding failure (path variable, cookie, parameter conditions, method parameter validation). */
    @ExceptionHandler({ServletRequestBindingException.class, HandlerMethodValidationException.class})
    ResponseEntity<ProblemDetail> binding(Exception e, HttpServletRequest request) {
        return problem(HttpStatus.BAD_REQUEST, "INVALID_REQUEST", "the request's parameters are missing or invalid",
                request);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
        return problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE",
                "content type " + e.getContentType() + " is not accepted here; supported: " + e.getSupportedMediaTypes(),
                request);
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ProblemDetail> notAcceptable(HttpMediaTypeNotAcceptableException e, HttpServletRequest request) {
        return problem(HttpStatus.NOT_ACCEPTABLE, "NOT_ACCEPTABLE", "cannot answer in the requested media type",
                request);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        return problem(HttpStatus.METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED", e.getMessage(), request);
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ProblemDetail> noResource(NoResourceFoundException e, HttpServletRequest request) {
        return problem(HttpStatus.NOT_FOUND, "NOT_FOUND", "no such endpoint", request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        log.error("Unexpected error on {} {}: {}", request.getMethod(), request.getRequestURI(),
                e.getClass().getName(), e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR",
                "an unexpected error occurred; it has been logged", request);
    }

    static ResponseEntity<ProblemDetail> problem(HttpStatus status, String code, String detail,
                                                 HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:medsign:problem:" + code));
        problem.setTitle(status.getReasonPhrase());
        problem.setProperty("code", code);
        problem.setInstance(URI.create(request.getRequestURI()));
        return ResponseEntity.status(status).contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
