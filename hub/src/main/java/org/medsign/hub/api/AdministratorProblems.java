package org.medsign.hub.api;

import jakarta.servlet.http.HttpServletRequest;
import org.medsign.hub.security.WeakPasswordException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Problem details for the administrator-account endpoints that carry more than the code: the broken password rules
 * ({@code violations}) of {@code ADMIN_PASSWORD_WEAK}. Everything else goes to {@link ApiExceptionHandler}.
 */
@RestControllerAdvice(assignableTypes = {AdminUsersController.class, AccountController.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
public class AdministratorProblems {

    @ExceptionHandler(WeakPasswordException.class)
    ResponseEntity<ProblemDetail> weak(WeakPasswordException e, HttpServletRequest request) {
        ResponseEntity<ProblemDetail> answer = ApiExceptionHandler.problem(e.code(), e.getMessage(), request);
        answer.getBody().setProperty("violations", e.violations());
        return answer;
    }
}
