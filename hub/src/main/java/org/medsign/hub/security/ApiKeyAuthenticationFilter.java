package org.medsign.hub.security;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.medsign.hub.lifecycle.HospitalSystems;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates hospital systems by the {@code X-Medsign-Api-Key} header (looked up by its SM3 hash). A wrong key
 * is answered 401 at once and counted against the client address; a locked-out address gets 429.
 */
public class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    /** The header systems send their key in. */
    public static final String HEADER = "X-Medsign-Api-Key";
    /** Authority of an authenticated system. */
    public static final String SYSTEM_AUTHORITY = "ROLE_SYSTEM";

    private final HospitalSystems systems;
    private final AuthenticationFailures failures;
    private final AuditLog audit;

    public ApiKeyAuthenticationFilter(HospitalSystems systems, AuthenticationFailures failures, AuditLog audit) {
        this.systems = systems;
        this.failures = failures;
        this.audit = audit;
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
        if (failures.isLocked(address)) {
            response.setHeader("Retry-After", "60");
            ProblemResponses.write(response, 429, "AUTHENTICATION_LOCKED_OUT", "Too many failed authentications",
                    "this client address is temporarily locked out after repeated failed authentications");
            return;
        }
        String key = request.getHeader(HEADER);
        if (key != null) {
            var system = systems.systemForKey(key.trim());
            if (system.isEmpty()) {
                failures.record(address);
                audit.append(AuditEvent.failure("api-key", "SYSTEM", "LOGIN_FAILED", request.getRequestURI(),
                        "unknown API key from " + address));
                ProblemResponses.write(response, 401, "AUTHENTICATION_FAILED", "Authentication failed",
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
