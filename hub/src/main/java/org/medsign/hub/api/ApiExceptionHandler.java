package org.medsign.hub.api;

import jakarta.servlet.http.HttpServletRequest;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.adapters.model.OutcomeCategory;
import org.medsign.crypto.MalformedInputException;
import org.medsign.crypto.UnsupportedAlgorithmException;
import org.medsign.hub.HubException;
import org.medsign.hub.security.ProblemResponses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jms.JmsException;
import org.springframework.transaction.CannotCreateTransactionException;
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
 * Turns every error into an RFC 9457 problem detail with the code and category of the outcome catalogue and the
 * code's HTTP status ({@code HttpOutcomes}, through {@link ProblemResponses}). Messages never carry payloads or
 * personal data; unexpected exceptions get a generic text (details only in the server log, without payloads).
 */
@RestControllerAdvice
public class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(HubException.class)
    ResponseEntity<ProblemDetail> hub(HubException e, HttpServletRequest request) {
        return problem(e.code(), e.category(), e.getMessage(), request);
    }

    @ExceptionHandler({MalformedInputException.class, UnsupportedAlgorithmException.class})
    ResponseEntity<ProblemDetail> malformed(RuntimeException e, HttpServletRequest request) {
        return problem(ErrorCode.MALFORMED_INPUT, e.getMessage(), request);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestSizeLimitFilter.BodyTooLargeException) {
                return problem(ErrorCode.PAYLOAD_TOO_LARGE, "the request body is too large",
                        request);
            }
        }
        return problem(ErrorCode.MALFORMED_REQUEST,
                "the request body is not valid JSON of the expected shape", request);
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<ProblemDetail> invalid(MethodArgumentNotValidException e, HttpServletRequest request) {
        StringBuilder detail = new StringBuilder();
        e.getBindingResult().getFieldErrors().forEach(error -> detail.append(detail.isEmpty() ? "" : "; ")
                .append(error.getField()).append(' ').append(error.getDefaultMessage()));
        return problem(ErrorCode.INVALID_REQUEST, detail.toString(), request);
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ResponseEntity<ProblemDetail> badHeader(MissingRequestHeaderException e, HttpServletRequest request) {
        return problem(ErrorCode.INVALID_REQUEST, e.getMessage(), request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> badParameter(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        if (Paging.isPagingParameter(e.getName())) {
            return hub(Paging.notANumber(e.getName()), request);
        }
        // the value is not echoed: it is whatever the caller typed
        String type = e.getRequiredType() == null ? "value" : e.getRequiredType().getSimpleName();
        return problem(ErrorCode.INVALID_REQUEST, "parameter '" + e.getName() + "' must be a valid "
                + type, request);
    }

    /** A required query parameter or form field is absent: the caller's mistake, never a 500. */
    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ProblemDetail> missingParameter(MissingServletRequestParameterException e,
                                                   HttpServletRequest request) {
        return problem(ErrorCode.PARAMETER_MISSING, "parameter '" + e.getParameterName()
                + "' is required", request);
    }

    @ExceptionHandler(MissingServletRequestPartException.class)
    ResponseEntity<ProblemDetail> missingPart(MissingServletRequestPartException e, HttpServletRequest request) {
        return problem(ErrorCode.PARAMETER_MISSING, "part '" + e.getRequestPartName()
                + "' is required", request);
    }

    /** Any other binding failure (path variable, cookie, parameter conditions, method parameter validation). */
    @ExceptionHandler({ServletRequestBindingException.class, HandlerMethodValidationException.class})
    ResponseEntity<ProblemDetail> binding(Exception e, HttpServletRequest request) {
        return problem(ErrorCode.INVALID_REQUEST, "the request's parameters are missing or invalid",
                request);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
        return problem(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                "content type " + e.getContentType() + " is not accepted here; supported: " + e.getSupportedMediaTypes(),
                request);
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ProblemDetail> notAcceptable(HttpMediaTypeNotAcceptableException e, HttpServletRequest request) {
        return problem(ErrorCode.NOT_ACCEPTABLE, "cannot answer in the requested media type",
                request);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        return problem(ErrorCode.METHOD_NOT_ALLOWED, e.getMessage(), request);
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ProblemDetail> noResource(NoResourceFoundException e, HttpServletRequest request) {
        return problem(ErrorCode.NOT_FOUND, "no such endpoint", request);
    }

    /** The database or the broker is unavailable now: transient (503, Retry-After), not the caller's fault. */
    @ExceptionHandler({DataAccessResourceFailureException.class, TransientDataAccessException.class,
            CannotCreateTransactionException.class, JmsException.class})
    ResponseEntity<ProblemDetail> unavailable(RuntimeException e, HttpServletRequest request) {
        log.warn("{} {} failed, a service is unavailable: {}", request.getMethod(), request.getRequestURI(),
                e.getClass().getSimpleName());
        return problem(ErrorCode.HUB_UNAVAILABLE, "the hub cannot answer now; try again later", request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        log.error("Unexpected error on {} {}: {}", request.getMethod(), request.getRequestURI(),
                e.getClass().getName(), e);
        return problem(ErrorCode.INTERNAL_ERROR,
                "an unexpected error occurred; it has been logged", request);
    }

    static ResponseEntity<ProblemDetail> problem(ErrorCode code, String detail, HttpServletRequest request) {
        return problem(code, code.category(), detail, request);
    }

    static ResponseEntity<ProblemDetail> problem(ErrorCode code, OutcomeCategory category, String detail,
                                                 HttpServletRequest request) {
        return ProblemResponses.entity(code, category, detail, request.getRequestURI());
    }
}
