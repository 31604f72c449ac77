package org.medsign.hub.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The operator console ({@code /console/**}): form login with a server-side session and CSRF tokens, for the same
 * administrator accounts as the API. Logins go through the same credential throttle as HTTP Basic and failures are
 * audited alike ({@link SecurityConfiguration.LoginOutcomeListener}); a user name the throttle refuses for the client
 * address cannot log in from there for a while (other accounts can).
 * Menus and pages follow the roles (三员分立). Ordered before the stateless API chain, which keeps everything else.
 */
@Configuration
public class ConsoleSecurityConfiguration {

    /** Login page and form target. */
    public static final String LOGIN = "/console/login";
    /** Where a refused page is rendered (HTTP 403). */
    public static final String DENIED = "/console/denied";

    @Bean
    @Order(1)
    SecurityFilterChain consoleSecurity(HttpSecurity http, AuthenticationFailures failures, AuditLog audit)
            throws Exception {
        AccessDeniedHandlerImpl deniedPage = new AccessDeniedHandlerImpl();
        deniedPage.setErrorPage(DENIED);
        http.securityMatcher("/console/**")
                .addFilterBefore(new LockedOutLoginFilter(failures), UsernamePasswordAuthenticationFilter.class)
                .addFilterBefore(AccountStateFilter.forConsole(http),
                        org.springframework.security.web.access.intercept.AuthorizationFilter.class)
                .formLogin(form -> form.loginPage(LOGIN).loginProcessingUrl(LOGIN)
                        .authenticationDetailsSource(ConsoleLoginDetails::new)
                        .successHandler((request, response, authentication) -> {
                            audit.append(AuditEvent.success(authentication.getName(), role(authentication),
                                    "CONSOLE_LOGIN", "console", "from " + request.getRemoteAddr()));
                            response.sendRedirect(request.getContextPath() + "/console");
                        })
                        .failureUrl(LOGIN + "?error").permitAll())
                .logout(logout -> logout.logoutUrl("/console/logout").logoutSuccessUrl(LOGIN + "?logout")
                        .addLogoutHandler((request, response, authentication) -> {
                            if (authentication != null) {
                                audit.append(AuditEvent.success(authentication.getName(), role(authentication),
                                        "CONSOLE_LOGOUT", "console", null));
                            }
                        })
                        .invalidateHttpSession(true).deleteCookies("JSESSIONID"))
                .sessionManagement(session -> session.sessionFixation(fixation -> fixation.changeSessionId()))
                .exceptionHandling(errors -> errors.accessDeniedHandler((request, response, denied) -> {
                    Authentication user = org.springframework.security.core.context.SecurityContextHolder
                            .getContext().getAuthentication();
                    audit.append(AuditEvent.failure(user == null ? "anonymous" : user.getName(),
                            user == null ? "-" : role(user), "ACCESS_DENIED", request.getRequestURI(),
                            request.getMethod()));
                    deniedPage.handle(request, response, denied);
                }))
                .headers(headers -> headers.frameOptions(frame -> frame.deny())
                        .contentSecurityPolicy(csp -> csp.policyDirectives(
                                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                        + "form-action 'self'; frame-ancestors 'none'")))
                .authorizeHttpRequests(auth -> {
                    auth.requestMatchers(LOGIN, "/console/assets/**").permitAll();
                    auth.requestMatchers("/console/inventory", "/console/inventory/**").hasAnyRole(
                            AdminRole.SECURITY_ADMIN.name(), AdminRole.AUDIT_ADMIN.name());
                    auth.requestMatchers("/console/ledger", "/console/ledger/**", "/console/certificates/**",
                            "/console/expiry", "/console/expiry/**", "/console/approvals", "/console/approvals/**",
                            "/console/campaigns", "/console/campaigns/**")
                            .hasRole(AdminRole.SECURITY_ADMIN.name());
                    // 移动签名 (issue #13): activation codes, windows, lost phones; the audit administrator reads the
                    // same facts in the audit log
                    auth.requestMatchers("/console/mobile", "/console/mobile/**")
                            .hasRole(AdminRole.SECURITY_ADMIN.name());
                    // 协同签名激活 (issue #14) and 电子印章 (issue #15): the same role as their APIs
                    auth.requestMatchers("/console/device-campaign", "/console/device-campaign/**")
                            .hasRole(AdminRole.SECURITY_ADMIN.name());
                    auth.requestMatchers("/console/seals", "/console/seals/**").hasRole(AdminRole.SECURITY_ADMIN.name());
                    auth.requestMatchers("/console/seal-usage", "/console/seal-usage.csv").hasAnyRole(
                            AdminRole.SECURITY_ADMIN.name(), AdminRole.AUDIT_ADMIN.name());
                    auth.requestMatchers("/console/administrators", "/console/administrators/**")
                            .hasAnyRole(AdminRole.SECURITY_ADMIN.name(), AdminRole.AUDIT_ADMIN.name());
                    auth.requestMatchers("/console/account/**").hasAnyRole(AdminRole.SYSTEM_ADMIN.name(),
                            AdminRole.SECURITY_ADMIN.name(), AdminRole.AUDIT_ADMIN.name());
                    auth.requestMatchers("/console/audit", "/console/audit/**").hasRole(AdminRole.AUDIT_ADMIN.name());
                    auth.requestMatchers("/console/systems", "/console/systems/**")
                            .hasRole(AdminRole.SYSTEM_ADMIN.name());
                    auth.requestMatchers("/console", "/console/", "/console/dashboard", DENIED).hasAnyRole(
                            AdminRole.SYSTEM_ADMIN.name(), AdminRole.SECURITY_ADMIN.name(),
                            AdminRole.AUDIT_ADMIN.name());
                    auth.anyRequest().denyAll();
                });
        return http.build();
    }

    /** The administrator's single role without the ROLE_ prefix, or "-". */
    static String role(Authentication authentication) {
        return authentication.getAuthorities().stream().map(a -> a.getAuthority())
                .filter(a -> a.startsWith("ROLE_")).map(a -> a.substring(5)).findFirst().orElse("-");
    }

    /** Marks a console login attempt, so that its failure is audited as such. */
    static final class ConsoleLoginDetails extends WebAuthenticationDetails {
        ConsoleLoginDetails(HttpServletRequest request) {
            super(request);
        }
    }

    /** Refuses a login the throttle refuses (user name from this address), before the password is checked. */
    static final class LockedOutLoginFilter extends OncePerRequestFilter {
        private final AuthenticationFailures failures;

        LockedOutLoginFilter(AuthenticationFailures failures) {
            this.failures = failures;
        }

        @Override
        protected boolean shouldNotFilter(HttpServletRequest request) {
            return !("POST".equals(request.getMethod()) && LOGIN.equals(request.getServletPath()));
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String user = request.getParameter("username");
            if (user != null && failures.refusal(AuthenticationFailures.user(user), request.getRemoteAddr())
                    .isPresent()) {
                response.sendRedirect(request.getContextPath() + LOGIN + "?locked");
                return;
            }
            chain.doFilter(request, response);
        }
    }
}
