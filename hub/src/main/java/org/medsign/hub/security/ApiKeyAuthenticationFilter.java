package org.medsign.hub.security;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.lifecycle.ledger.HospitalSystems;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates hospital systems by the {@code X-Medsign-Api-Key} header (looked up by its SM3 hash). A valid key is
 * always accepted. A wrong key is answered 401, counted by the throttle as {@link AuthenticationFailures#UNKNOWN_API_KEY}
 * from the client address and audited (aggregated); once the throttle refuses that address, further wrong keys get
 * 429 with {@code Retry-After} — while valid keys of other systems behind the same address keep working.
 */
public class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    /** The header systems send their key in. */
    public static final String HEADER = "X-Medsign-Api-Key";
    /** Authority of an authenticated system. */
    public static final String SYSTEM_AUTHORITY = "ROLE_SYSTEM";

    private final HospitalSystems systems;
    private final AuthenticationFailures failures;

    public ApiKeyAuthenticationFilter(HospitalSystems systems, AuthenticationFailures failures) {
        this.systems = systems;
        this.failures = failures;
    }

    /**
     * Only the systems' REST API ({@code /api/}) takes the API key here; the HTTP adapters ({@code /fhir},
     * {@code /adapters/}) check it themselves, to answer in their own protocol (e.g. a FHIR OperationOutcome).
     */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String address = request.getRemoteAddr();
        String key = request.getHeader(HEADER);
        if (key != null) {
            var system = systems.systemForKey(key.trim());
            if (system.isEmpty()) {
                var wait = failures.refusal(AuthenticationFailures.UNKNOWN_API_KEY, address);
                if (wait.isPresent()) {
                    ProblemResponses.throttled(response, wait.get());
                    return;
                }
                failures.failedLogin("api-key", "api-key", "SYSTEM", AuthenticationFailures.UNKNOWN_API_KEY, address);
                ProblemResponses.write(response, ErrorCode.AUTHENTICATION_FAILED, "Authentication failed",
                        "the API key is not valid");
                return;
            }
            var authentication = new UsernamePasswordAuthenticationToken(new SystemPrincipal(system.get()), null,
                    List.of(new SimpleGrantedAuthority(SYSTEM_AUTHORITY)));
            SecurityContextHolder.getContext().setAuthentication(authentication);
        }
        chain.doFilter(request, response);
    }
}
