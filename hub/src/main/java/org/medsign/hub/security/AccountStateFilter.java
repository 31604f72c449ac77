package org.medsign.hub.security;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.security.AdminUsers.Administrator;
import org.springframework.context.ApplicationContext;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Applies the state of an authenticated administrator's account on every request, after authentication and before
 * the URL rules. An account that must change its password (a generated or temporary one, or one past
 * {@code medsign.security.password.max-age}) may do nothing else: the API answers 403 {@code
 * PASSWORD_CHANGE_REQUIRED} except on {@code /api/v1/account} and {@code POST /api/v1/account/password}; the
 * console redirects to its password page. An account disabled while its console session was open loses the
 * session at the next request. Hospital systems (API keys) and anonymous requests pass untouched.
 */
public final class AccountStateFilter extends OncePerRequestFilter {

    /** The console's password page, where a forced change is done. */
    public static final String CONSOLE_PASSWORD_PAGE = "/console/account/password";

    private static final Set<String> ADMIN_AUTHORITIES = Set.of(AdminRole.SYSTEM_ADMIN.authority(),
            AdminRole.SECURITY_ADMIN.authority(), AdminRole.AUDIT_ADMIN.authority());

    private final ApplicationContext context;
    private final boolean console;
    private AdminUsers users;

    private AccountStateFilter(ApplicationContext context, boolean console) {
        this.context = context;
        this.console = console;
    }

    /** The filter of the stateless API chain (problem details). */
    public static AccountStateFilter forApi(HttpSecurity http) {
        return new AccountStateFilter(http.getSharedObject(ApplicationContext.class), false);
    }

    /** The filter of the console chain (redirects). */
    public static AccountStateFilter forConsole(HttpSecurity http) {
        return new AccountStateFilter(http.getSharedObject(ApplicationContext.class), true);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated() || authentication.getAuthorities().stream()
                .noneMatch(a -> ADMIN_AUTHORITIES.contains(a.getAuthority()))) {
            chain.doFilter(request, response);
            return;
        }
        Optional<Administrator> account = users().find(authentication.getName());
        if (account.isEmpty() || !account.get().enabled()) {
            SecurityContextHolder.clearContext();
            if (console) {
                HttpSession session = request.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
                response.sendRedirect(request.getContextPath() + ConsoleSecurityConfiguration.LOGIN + "?disabled");
            } else {
                ProblemResponses.write(response, ErrorCode.ACCOUNT_DISABLED, "Authentication failed",
                        "this administrator account is disabled");
            }
            return;
        }
        if (account.get().passwordChangeRequired() && !exempt(request)) {
            if (console) {
                response.sendRedirect(request.getContextPath() + CONSOLE_PASSWORD_PAGE);
            } else {
                ProblemResponses.write(response, ErrorCode.PASSWORD_CHANGE_REQUIRED, "Password change required",
                        "change this account's password first: POST /api/v1/account/password "
                                + "{\"currentPassword\", \"newPassword\"}");
            }
            return;
        }
        chain.doFilter(request, response);
    }

    /** What an account with a pending forced change may still reach. */
    private boolean exempt(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (console) {
            return path.equals(CONSOLE_PASSWORD_PAGE) || path.equals("/console/logout")
                    || path.equals(ConsoleSecurityConfiguration.LOGIN) || path.startsWith("/console/assets/");
        }
        return path.equals("/api/v1/account") || path.equals("/api/v1/account/password");
    }

    private AdminUsers users() {
        if (users == null) {
            users = context.getBean(AdminUsers.class);
        }
        return users;
    }
}
