package org.medsign.hub.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses HTTP Basic credentials the throttle has refused for the client address (429 with {@code Retry-After}),
 * on every path of the API chain, {@code permitAll} ones included ({@code /crl}, {@code /v3/api-docs}, …), where
 * Spring Security would still check a Basic header. Runs before the password is checked; the outcome of the check is
 * recorded by {@link SecurityConfiguration.LoginOutcomeListener}.
 */
public class CredentialThrottleFilter extends OncePerRequestFilter {

    private final AuthenticationFailures throttle;

    public CredentialThrottleFilter(AuthenticationFailures throttle) {
        this.throttle = throttle;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> user = basicUser(request.getHeader("Authorization"));
        if (user.isPresent()) {
            var wait = throttle.refusal(AuthenticationFailures.user(user.get()), request.getRemoteAddr());
            if (wait.isPresent()) {
                ProblemResponses.throttled(response, wait.get());
                return;
            }
        }
        chain.doFilter(request, response);
    }

    /** The user name of an HTTP Basic header, if it is one; malformed headers are left to Spring Security. */
    static Optional<String> basicUser(String header) {
        if (header == null || header.length() < 6 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? Optional.empty() : Optional.of(decoded.substring(0, colon));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
