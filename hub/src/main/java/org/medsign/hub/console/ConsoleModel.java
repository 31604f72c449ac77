package org.medsign.hub.console;

import jakarta.servlet.http.HttpServletRequest;
import org.medsign.hub.api.Paging;
import org.medsign.hub.security.AdminRole;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.ui.Model;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;

/**
 * What every console page shows around its content (user, role, menu, current path), and the console's own error
 * pages: console controllers answer in HTML, not with the API's problem documents.
 */
@ControllerAdvice(basePackageClasses = ConsoleModel.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ConsoleModel {

    private static final Logger log = LoggerFactory.getLogger(ConsoleModel.class);

    /** A page that does not exist (unknown certificate, …). */
    public static final class NotFound extends RuntimeException {
        NotFound(String what) {
            super(what);
        }
    }

    @ModelAttribute
    void common(Model model, Authentication user, HttpServletRequest request) {
        model.addAttribute("path", pathOf(request));
        if (user != null) {
            model.addAttribute("user", user.getName());
            model.addAttribute("roleLabel", ConsoleMenu.roleLabel(user));
            model.addAttribute("menu", ConsoleMenu.of(user));
            model.addAttribute("securityAdmin", ConsoleMenu.has(user, AdminRole.SECURITY_ADMIN));
            model.addAttribute("auditAdmin", ConsoleMenu.has(user, AdminRole.AUDIT_ADMIN));
            model.addAttribute("systemAdmin", ConsoleMenu.has(user, AdminRole.SYSTEM_ADMIN));
        }
    }

    /** The request's path inside the application (templates add the context path themselves). */
    static String pathOf(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    @ExceptionHandler(NotFound.class)
    ModelAndView notFound(NotFound e, Authentication user, HttpServletRequest request) {
        return errorPage("error.notFound", HttpStatus.NOT_FOUND, user, request);
    }

    /** A missing or invalid parameter (paging out of range, not a number, a required field absent): 400, not 500. */
    @ExceptionHandler({Paging.InvalidPagingException.class, ServletRequestBindingException.class,
            MethodArgumentTypeMismatchException.class})
    ModelAndView badRequest(Exception e, Authentication user, HttpServletRequest request) {
        return errorPage("error.badRequest", HttpStatus.BAD_REQUEST, user, request);
    }

    @ExceptionHandler(Exception.class)
    ModelAndView unexpected(Exception e, Authentication user, HttpServletRequest request) {
        log.error("Console error on {} {}: {}", request.getMethod(), request.getRequestURI(), e.getClass().getName(), e);
        return errorPage("error.unexpected", HttpStatus.INTERNAL_SERVER_ERROR, user, request);
    }

    private ModelAndView errorPage(String message, HttpStatus status, Authentication user, HttpServletRequest request) {
        ModelAndView page = new ModelAndView("console/error", status);
        page.addObject("message", message);
        page.addObject("path", pathOf(request));
        if (user != null) {
            page.addObject("user", user.getName());
            page.addObject("roleLabel", ConsoleMenu.roleLabel(user));
            page.addObject("menu", ConsoleMenu.of(user));
        }
        return page;
    }
}
