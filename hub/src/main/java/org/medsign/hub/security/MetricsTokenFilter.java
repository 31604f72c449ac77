package org.medsign.hub.security;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.medsign.adapters.model.ErrorCode;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code Authorization: Bearer <token>} on {@code /actuator/prometheus}: the {@link MetricsToken} grants
 * {@link #METRICS_AUTHORITY} (that endpoint only). A wrong token is answered 401, throttled like an unknown API key
 * (the right token always passes) and audited (aggregated); other paths and other schemes (Basic) are left to the rest
 * of the chain.
 */
public class MetricsTokenFilter extends OncePerRequestFilter {

    /** Authority of a Prometheus scraper. */
    public static final String METRICS_AUTHORITY = "ROLE_METRICS";
    /** The endpoint the token opens. */
    public static final String PATH = "/actuator/prometheus";

    private final MetricsToken token;
    private final AuthenticationFailures failures;

    public MetricsTokenFilter(MetricsToken token, AuthenticationFailures failures) {
        this.token = token;
        this.failures = failures;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        return !PATH.equals(request.getRequestURI()) || header == null
                || !header.regionMatches(true, 0, "Bearer ", 0, 7);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String address = request.getRemoteAddr();
        if (!token.matches(request.getHeader("Authorization").substring(7))) {
            // like API keys: a random token cannot be guessed, so the right one always passes; wrong ones are throttled
            var wait = failures.refusal(AuthenticationFailures.METRICS_TOKEN, address);
            if (wait.isPresent()) {
                ProblemResponses.throttled(response, wait.get());
                return;
            }
            failures.failedLogin("metrics", "metrics-token", "METRICS", AuthenticationFailures.METRICS_TOKEN, address);
            response.setHeader("WWW-Authenticate", "Bearer realm=\"MedSign Hub metrics\"");
            ProblemResponses.write(response, ErrorCode.AUTHENTICATION_FAILED, "Authentication failed",
                    "the metrics token is not valid");
            return;
        }
        SecurityContextHolder.getContext().setAuthentication(new UsernamePasswordAuthenticationToken("metrics", null,
                List.of(new SimpleGrantedAuthority(METRICS_AUTHORITY))));
        chain.doFilter(request, response);
    }
}
