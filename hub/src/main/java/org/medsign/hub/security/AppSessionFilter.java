package org.medsign.hub.security;

import java.io.IOException;
import java.util.List;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.mobile.AppSessions;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The mobile app's endpoints ({@code /api/v1/m/**}, except activation (also a device's) and login) take only {@code Authorization:
 * Bearer <token>} of a live app session ({@link AppSessions}): the request then runs as an {@link AppPrincipal} with
 * {@link #APP_AUTHORITY}. A missing, unknown, ended or expired token is answered 401 {@code APP_SESSION_INVALID}
 * here, before any controller; API keys and administrator logins do not reach these endpoints.
 */
public class AppSessionFilter extends OncePerRequestFilter {

    /** Where the app's endpoints live. */
    public static final String PREFIX = "/api/v1/m/";
    /** The endpoints reached without a session. */
    public static final Set<String> OPEN = Set.of(PREFIX + "activate", PREFIX + "login",
            PREFIX + "device/activate");
    /** Authority of a clinician's app session. */
    public static final String APP_AUTHORITY = "ROLE_APP";

    private final AppSessions sessions;

    public AppSessionFilter(AppSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !path.startsWith(PREFIX) || OPEN.contains(path);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String token = bearer(request.getHeader("Authorization"));
        var staffId = token == null ? java.util.Optional.<String>empty() : sessions.staffFor(token);
        if (staffId.isEmpty()) {
            SecurityContextHolder.clearContext();
            response.setHeader("WWW-Authenticate", "Bearer realm=\"MedSign Hub app\"");
            ProblemResponses.write(response, ErrorCode.APP_SESSION_INVALID, "App session required",
                    "log in to the app (POST " + PREFIX + "login) and send Authorization: Bearer <token>");
            return;
        }
        var authentication = new UsernamePasswordAuthenticationToken(new AppPrincipal(staffId.get()), null,
                List.of(new SimpleGrantedAuthority(APP_AUTHORITY)));
        SecurityContextHolder.getContext().setAuthentication(authentication);
        chain.doFilter(request, response);
    }

    /** The token of a bearer header, if it is one. */
    public static String bearer(String header) {
        if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = header.substring(7).trim();
        return token.isEmpty() ? null : token;
    }
}
