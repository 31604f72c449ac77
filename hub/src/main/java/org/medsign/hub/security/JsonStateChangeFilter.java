package org.medsign.hub.security;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.medsign.adapters.model.ErrorCode;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * State-changing API calls ({@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE} under {@code /api/}) must say
 * {@code Content-Type: application/json} (or {@code application/*+json}), also when they have no body, or carry
 * {@code X-Requested-With} or the API key header. A browser cannot send any of these to another site without a CORS
 * pre-flight (which the hub never grants), so a page elsewhere cannot ride on an administrator's saved Basic login
 * with a "simple" request ({@code text/plain}, a form, {@code multipart}): those get 415 {@code
 * UNSUPPORTED_MEDIA_TYPE} before authentication, and nothing happens.
 */
public class JsonStateChangeFilter extends OncePerRequestFilter {

    /** A header that marks a request as made by a script or program, not by a plain form. */
    public static final String REQUESTED_WITH = "X-Requested-With";

    private static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !(request.getRequestURI().startsWith("/api/") && STATE_CHANGING.contains(request.getMethod()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getHeader(REQUESTED_WITH) != null || request.getHeader(ApiKeyAuthenticationFilter.HEADER) != null
                || json(request.getContentType())) {
            chain.doFilter(request, response);
            return;
        }
        ProblemResponses.write(response, ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Unsupported Media Type",
                "state-changing calls take Content-Type: application/json (also without a body) or an "
                        + REQUESTED_WITH + " header");
    }

    static boolean json(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return "application".equals(type.getType())
                    && ("json".equals(type.getSubtype()) || type.getSubtype().endsWith("+json"));
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }
}
