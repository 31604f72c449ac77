package org.medsign.hub.api;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.medsign.hub.HubException;
import org.medsign.hub.security.WeakPasswordException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Problem details for the administrator-account endpoints: the HTTP status of each stable code, and the broken
 * password rules ({@code violations}) of {@code ADMIN_PASSWORD_WEAK}. Other errors go to {@link ApiExceptionHandler}.
 */
@RestControllerAdvice(assignableTypes = {AdminUsersController.class, AccountController.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
public class AdministratorProblems {

    private static final Map<String, HttpStatus> STATUS = Map.ofEntries(
            Map.entry("ADMIN_ROLE_NOT_PERMITTED", HttpStatus.FORBIDDEN),
            Map.entry("ADMIN_SELF_APPROVAL", HttpStatus.FORBIDDEN),
            Map.entry("ADMIN_OWN_ACCOUNT", HttpStatus.FORBIDDEN),
            Map.entry("ADMIN_LAST_OF_ROLE", HttpStatus.CONFLICT),
            Map.entry("ADMIN_STATE_CONFLICT", HttpStatus.CONFLICT),
            Map.entry("ADMIN_REQUEST_PENDING", HttpStatus.CONFLICT),
            Map.entry("ADMIN_REQUEST_NOT_PENDING", HttpStatus.CONFLICT),
            Map.entry("ADMIN_REQUEST_UNKNOWN", HttpStatus.NOT_FOUND),
            Map.entry("ADMIN_UNKNOWN", HttpStatus.NOT_FOUND),
            Map.entry("ADMIN_EXISTS", HttpStatus.CONFLICT),
            Map.entry("ADMIN_NAME_INVALID", HttpStatus.BAD_REQUEST),
            Map.entry("ADMIN_ROLE_INVALID", HttpStatus.BAD_REQUEST),
            Map.entry("ADMIN_PASSWORD_NOT_ACCEPTED", HttpStatus.BAD_REQUEST),
            Map.entry("ADMIN_PASSWORD_WRONG", HttpStatus.BAD_REQUEST),
            Map.entry(WeakPasswordException.CODE, HttpStatus.BAD_REQUEST));

    @ExceptionHandler(WeakPasswordException.class)
    ResponseEntity<ProblemDetail> weak(WeakPasswordException e, HttpServletRequest request) {
        ResponseEntity<ProblemDetail> answer = ApiExceptionHandler.problem(HttpStatus.BAD_REQUEST, e.code(),
                e.getMessage(), request);
        answer.getBody().setProperty("violations", e.violations());
        return answer;
    }

    @ExceptionHandler(HubException.class)
    ResponseEntity<ProblemDetail> hub(HubException e, HttpServletRequest request) {
        if (e instanceof ApiException api) {
            return ApiExceptionHandler.problem(api.status(), api.code(), api.getMessage(), request);
        }
        return ApiExceptionHandler.problem(STATUS.getOrDefault(e.code(), HttpStatus.UNPROCESSABLE_ENTITY), e.code(),
                e.getMessage(), request);
    }
}
