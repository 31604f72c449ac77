package org.medsign.hub.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.medsign.hub.lifecycle.HospitalSystems;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * Who may call what. Systems: API key. Administrators: HTTP Basic, one role each (三员分立). Public: the PKI
 * protocol endpoints relying parties need (CRL, OCSP, TSA), health, the OpenAPI description, and (configurable)
 * Prometheus metrics.
 */
@Configuration
public class SecurityConfiguration {

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, HospitalSystems systems, AuthenticationFailures failures,
                                    AuditLog audit, SecurityProperties properties) throws Exception {
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new ApiKeyAuthenticationFilter(systems, failures, audit),
                        BasicAuthenticationFilter.class)
                .addFilterBefore(AccountStateFilter.forApi(http),
                        org.springframework.security.web.access.intercept.AuthorizationFilter.class)
                .httpBasic(basic -> basic.realmName("MedSign Hub").authenticationEntryPoint(SecurityConfiguration::unauthorized))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(SecurityConfiguration::unauthorized)
                        .accessDeniedHandler((request, response, denied) -> {
                            audit.append(AuditEvent.failure(String.valueOf(request.getUserPrincipal() == null ? "anonymous"
                                    : request.getUserPrincipal().getName()), "-", "ACCESS_DENIED", request.getRequestURI(),
                                    request.getMethod()));
                            ProblemResponses.write(response, 403, "ACCESS_DENIED", "Forbidden",
                                    "your role may not use this endpoint");
                        }))
                .headers(headers -> headers.frameOptions(frame -> frame.sameOrigin()))
                .authorizeHttpRequests(auth -> {
                    auth.requestMatchers("/crl", "/ocsp", "/ocsp/**", "/tsa", "/error").permitAll();
                    auth.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll();
                    auth.requestMatchers("/v3/api-docs", "/v3/api-docs/**").permitAll();
                    // HTTP adapters (route files): they authenticate the system's API key themselves
                    auth.requestMatchers("/fhir", "/fhir/**", "/adapters/**").permitAll();
                    if (properties.publicMetrics()) {
                        auth.requestMatchers("/actuator/prometheus").permitAll();
                    }
                    auth.requestMatchers("/actuator/**").hasRole(AdminRole.SYSTEM_ADMIN.name());
                    auth.requestMatchers("/api/v1/admin/users", "/api/v1/admin/users/**")
                            .hasAnyRole(AdminRole.SECURITY_ADMIN.name(), AdminRole.AUDIT_ADMIN.name());
                    auth.requestMatchers("/api/v1/admin/**").hasRole(AdminRole.SYSTEM_ADMIN.name());
                    auth.requestMatchers(org.springframework.http.HttpMethod.GET, "/api/v1/ledger/inventory")
                            .hasAnyRole(AdminRole.SECURITY_ADMIN.name(), AdminRole.AUDIT_ADMIN.name());
                    auth.requestMatchers("/api/v1/ledger/**").hasRole(AdminRole.SECURITY_ADMIN.name());
                    auth.requestMatchers("/api/v1/audit/**").hasRole(AdminRole.AUDIT_ADMIN.name());
                    auth.requestMatchers("/api/v1/evidence/**")
                            .hasAnyRole(AdminRole.AUDIT_ADMIN.name(), AdminRole.SECURITY_ADMIN.name());
                    auth.requestMatchers("/api/v1/**").authenticated();
                    auth.anyRequest().denyAll();
                });
        return http.build();
    }

    private static void unauthorized(HttpServletRequest request, HttpServletResponse response,
                                     org.springframework.security.core.AuthenticationException e) throws IOException {
        response.setHeader("WWW-Authenticate", "Basic realm=\"MedSign Hub\"");
        ProblemResponses.write(response, 401, "AUTHENTICATION_REQUIRED", "Authentication required",
                "send X-Medsign-Api-Key (systems) or HTTP Basic credentials (administrators)");
    }

    /** Failed administrator logins count against the address and are audited. */
    @Bean
    FailedLoginListener failedLoginListener(AuthenticationFailures failures, AuditLog audit) {
        return new FailedLoginListener(failures, audit);
    }

    /** Listens to Spring Security's failure events. */
    static final class FailedLoginListener {
        private final AuthenticationFailures failures;
        private final AuditLog audit;

        FailedLoginListener(AuthenticationFailures failures, AuditLog audit) {
            this.failures = failures;
            this.audit = audit;
        }

        @EventListener
        void onFailure(AbstractAuthenticationFailureEvent event) {
            String address = event.getAuthentication().getDetails() instanceof WebAuthenticationDetails details
                    ? details.getRemoteAddress() : "unknown";
            failures.record(address);
            String channel = event.getAuthentication().getDetails()
                    instanceof ConsoleSecurityConfiguration.ConsoleLoginDetails ? "console" : "basic";
            audit.append(AuditEvent.failure(String.valueOf(event.getAuthentication().getName()), "ADMIN",
                    "LOGIN_FAILED", channel, "from " + address));
        }
    }
}
