package org.medsign.hub.security;

import java.io.IOException;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.medsign.hub.lifecycle.ledger.HospitalSystems;
import org.medsign.hub.mobile.AppSessions;
import org.medsign.hub.mobile.SdkProperties;
import org.medsign.hub.mobile.WebTickets;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * Who may call what. Systems: API key. Administrators: HTTP Basic, one role each (三员分立). Clinicians in the mobile
 * app: the bearer token of an app session ({@link AppSessionFilter}), on {@code /api/v1/m/**} only; the app's own
 * pages ({@code /m/**}) are public static files under a strict CSP. Third-party pages with the JS SDK
 * ({@code /sdk/medsign.js}): a short-lived web ticket on {@code /api/v1/web/**} only ({@link WebTicketFilter}).
 * Prometheus: a bearer token ({@link MetricsToken}) or the system administrator. Public: the PKI protocol endpoints relying parties need (CRL,
 * OCSP, TSA), health and the OpenAPI description. In front of every credential check: requests another web site made
 * are refused ({@link ForeignOriginFilter}), state changes must be JSON ({@link JsonStateChangeFilter}) and the one
 * throttle refuses credentials guessed too often ({@link CredentialThrottleFilter}).
 */
@Configuration
public class SecurityConfiguration {

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }

    /** Content-Security-Policy of the mobile app's pages: only the hub's own files, no inline script or style. */
    public static final String MOBILE_APP_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; manifest-src 'self'; form-action 'self'; base-uri 'none'; "
            + "object-src 'none'; frame-ancestors 'none'";

    /**
     * The mobile app's static pages ({@code /m/**}): anyone may load them (the app logs in through
     * {@code /api/v1/m/login} and sends its bearer token itself); read only, no session, a strict CSP.
     */
    @Bean
    @Order(2)
    SecurityFilterChain mobileAppSecurity(HttpSecurity http) throws Exception {
        http.securityMatcher("/m", "/m/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .headers(headers -> headers.frameOptions(frame -> frame.deny())
                        .referrerPolicy(referrer -> referrer.policy(
                                ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                        .contentSecurityPolicy(csp -> csp.policyDirectives(MOBILE_APP_CSP)))
                .authorizeHttpRequests(auth -> auth.requestMatchers(HttpMethod.GET, "/m", "/m/**").permitAll()
                        .anyRequest().denyAll());
        return http.build();
    }

    /**
     * The JS SDK ({@code /sdk/**}): a public static script that other sites' pages load with
     * {@code <script src>}; read only, no session. It holds no secret: pages call the hub with a web ticket.
     */
    @Bean
    @Order(3)
    SecurityFilterChain sdkSecurity(HttpSecurity http) throws Exception {
        http.securityMatcher("/sdk/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .headers(headers -> headers.crossOriginResourcePolicy(corp -> corp.policy(
                        org.springframework.security.web.header.writers.CrossOriginResourcePolicyHeaderWriter
                                .CrossOriginResourcePolicy.CROSS_ORIGIN)))
                .authorizeHttpRequests(auth -> auth.requestMatchers(HttpMethod.GET, "/sdk/**").permitAll()
                        .anyRequest().denyAll());
        return http.build();
    }

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, HospitalSystems systems, AuthenticationFailures failures,
                                    AuditLog audit, MetricsToken metricsToken, SecurityProperties properties,
                                    MeterRegistry metrics, AppSessions appSessions, WebTickets webTickets,
                                    SdkProperties sdk) throws Exception {
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new ForeignOriginFilter(properties.allowedOrigins(), metrics),
                        BasicAuthenticationFilter.class)
                .addFilterBefore(new JsonStateChangeFilter(), BasicAuthenticationFilter.class)
                .addFilterBefore(new CredentialThrottleFilter(failures), BasicAuthenticationFilter.class)
                .addFilterBefore(new MetricsTokenFilter(metricsToken, failures), BasicAuthenticationFilter.class)
                .addFilterBefore(new ApiKeyAuthenticationFilter(systems, failures), BasicAuthenticationFilter.class)
                .addFilterBefore(new AppSessionFilter(appSessions), BasicAuthenticationFilter.class)
                .addFilterBefore(new WebTicketFilter(webTickets, sdk), BasicAuthenticationFilter.class)
                .addFilterBefore(AccountStateFilter.forApi(http),
                        org.springframework.security.web.access.intercept.AuthorizationFilter.class)
                .httpBasic(basic -> basic.realmName("MedSign Hub").authenticationEntryPoint(SecurityConfiguration::unauthorized))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(SecurityConfiguration::unauthorized)
                        .accessDeniedHandler((request, response, denied) -> {
                            audit.append(AuditEvent.failure(String.valueOf(request.getUserPrincipal() == null ? "anonymous"
                                    : request.getUserPrincipal().getName()), "-", "ACCESS_DENIED", request.getRequestURI(),
                                    request.getMethod()));
                            ProblemResponses.write(response, ErrorCode.ACCESS_DENIED, "Forbidden",
                                    "your role may not use this endpoint");
                        }))
                .headers(headers -> headers.frameOptions(frame -> frame.sameOrigin()))
                .authorizeHttpRequests(auth -> {
                    // a request authorised on its way in keeps going: the async dispatch that completes a stream
                    // (the app's task stream, /api/v1/m/tasks/stream) carries no credential of its own, and the
                    // error dispatch answers the request that failed
                    auth.dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll();
                    auth.requestMatchers("/crl", "/ocsp", "/ocsp/**", "/tsa", "/error").permitAll();
                    auth.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll();
                    auth.requestMatchers("/v3/api-docs", "/v3/api-docs/**").permitAll();
                    // HTTP adapters (route files): they authenticate the system's API key themselves
                    auth.requestMatchers("/fhir", "/fhir/**", "/adapters/**").permitAll();
                    if (properties.publicMetrics()) {
                        auth.requestMatchers(MetricsTokenFilter.PATH).permitAll();
                    }
                    auth.requestMatchers(MetricsTokenFilter.PATH).hasAnyAuthority(MetricsTokenFilter.METRICS_AUTHORITY,
                            AdminRole.SYSTEM_ADMIN.authority());
                    auth.requestMatchers("/actuator/**").hasRole(AdminRole.SYSTEM_ADMIN.name());
                    auth.requestMatchers("/api/v1/admin/users", "/api/v1/admin/users/**")
                            .hasAnyRole(AdminRole.SECURITY_ADMIN.name(), AdminRole.AUDIT_ADMIN.name());
                    // the clinician's mobile app: its own login, then its bearer session only (AppSessionFilter)
                    auth.requestMatchers(AppSessionFilter.OPEN.toArray(String[]::new)).permitAll();
                    auth.requestMatchers(AppSessionFilter.PREFIX + "**").hasAuthority(AppSessionFilter.APP_AUTHORITY);
                    // the JS SDK's pages: a web ticket only (WebTicketFilter); the tickets: a system's API key
                    auth.requestMatchers(WebTicketFilter.PREFIX + "**").hasAuthority(WebTicketFilter.WEB_AUTHORITY);
                    auth.requestMatchers("/api/v1/web-tickets").hasAuthority(ApiKeyAuthenticationFilter.SYSTEM_AUTHORITY);
                    auth.requestMatchers("/api/v1/admin/staff/**").hasRole(AdminRole.SECURITY_ADMIN.name());
                    auth.requestMatchers("/api/v1/admin/device-campaign/**", "/api/v1/admin/device-campaign")
                            .hasRole(AdminRole.SECURITY_ADMIN.name());
                    auth.requestMatchers("/api/v1/admin/**").hasRole(AdminRole.SYSTEM_ADMIN.name());
                    auth.requestMatchers("/api/v1/ops/compliance-pack").hasRole(AdminRole.AUDIT_ADMIN.name());
                    auth.requestMatchers("/api/v1/ops", "/api/v1/ops/**").hasRole(AdminRole.SYSTEM_ADMIN.name());
                    auth.requestMatchers(org.springframework.http.HttpMethod.GET, "/api/v1/ledger/inventory")
                            .hasAnyRole(AdminRole.SECURITY_ADMIN.name(), AdminRole.AUDIT_ADMIN.name());
                    auth.requestMatchers("/api/v1/ledger/**").hasRole(AdminRole.SECURITY_ADMIN.name());
                    auth.requestMatchers("/api/v1/seals", "/api/v1/seals/**").hasRole(AdminRole.SECURITY_ADMIN.name());
                    auth.requestMatchers(org.springframework.http.HttpMethod.GET, "/api/v1/seal-usage")
                            .hasAnyRole(AdminRole.SECURITY_ADMIN.name(), AdminRole.AUDIT_ADMIN.name());
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
        ProblemResponses.write(response, ErrorCode.AUTHENTICATION_REQUIRED, "Authentication required",
                "send X-Medsign-Api-Key (systems) or HTTP Basic credentials (administrators)");
    }

    /** Administrator logins (HTTP Basic and the console form) feed the throttle; failures are audited (aggregated). */
    @Bean
    LoginOutcomeListener loginOutcomeListener(AuthenticationFailures failures) {
        return new LoginOutcomeListener(failures);
    }

    /** Listens to Spring Security's authentication events. */
    static final class LoginOutcomeListener {
        private final AuthenticationFailures failures;

        LoginOutcomeListener(AuthenticationFailures failures) {
            this.failures = failures;
        }

        @EventListener
        void onFailure(AbstractAuthenticationFailureEvent event) {
            String address = address(event.getAuthentication());
            String name = String.valueOf(event.getAuthentication().getName());
            String channel = event.getAuthentication().getDetails()
                    instanceof ConsoleSecurityConfiguration.ConsoleLoginDetails ? "console" : "basic";
            failures.failedLogin(channel, name, "ADMIN", AuthenticationFailures.user(name), address);
        }

        @EventListener
        void onSuccess(AuthenticationSuccessEvent event) {
            failures.succeeded(AuthenticationFailures.user(event.getAuthentication().getName()),
                    address(event.getAuthentication()));
        }

        private static String address(Authentication authentication) {
            return authentication.getDetails() instanceof WebAuthenticationDetails details
                    && details.getRemoteAddress() != null ? details.getRemoteAddress() : "unknown";
        }
    }
}
