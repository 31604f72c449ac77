package org.medsign.hub.security;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.mobile.SdkProperties;
import org.medsign.hub.mobile.WebTickets;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The JS SDK's endpoints ({@code /api/v1/web/**}) take only {@code Authorization: MedSign-Ticket <ticket>}: the
 * request then runs as a {@link WebTicketPrincipal} with {@link #WEB_AUTHORITY}, one of the ticket's uses taken. No
 * API key, app session or administrator login counts here (a page must never hold those): without a ticket the
 * answer is 401 {@code WEB_TICKET_MISSING}; an unknown, expired or used-up ticket 401 {@code WEB_TICKET_INVALID},
 * {@code _EXPIRED}, {@code _USED_UP}.
 *
 * <p>Cross-origin: this filter stands in for {@link ForeignOriginFilter} on these paths, with a narrower rule. A
 * request with an {@code Origin} other than the hub's own passes only when that origin is configured for the
 * ticket's system ({@code medsign.sdk.allowed-origins.<system>}); only then does the answer carry
 * {@code Access-Control-Allow-Origin}. A CORS pre-flight ({@code OPTIONS}) is granted (GET, POST; headers
 * {@code Authorization}, {@code Content-Type}) to origins configured for some system, and refused 403
 * {@code ORIGIN_REFUSED} without CORS headers to all others. Every other path keeps {@link ForeignOriginFilter}.
 */
public class WebTicketFilter extends OncePerRequestFilter {

    /** Where the SDK's endpoints live. */
    public static final String PREFIX = "/api/v1/web/";
    /** Authorization scheme of a web ticket. */
    public static final String SCHEME = "MedSign-Ticket";
    /** Authority of a page with a web ticket. */
    public static final String WEB_AUTHORITY = "ROLE_WEB_TICKET";

    private static final Set<String> METHODS = Set.of("GET", "POST");

    private final WebTickets tickets;
    private final SdkProperties properties;

    public WebTicketFilter(WebTickets tickets, SdkProperties properties) {
        this.tickets = tickets;
        this.properties = properties;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith(PREFIX);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        SecurityContextHolder.clearContext();
        String origin = request.getHeader("Origin");
        String normalised = origin == null ? null : ForeignOriginFilter.origin(origin);
        boolean foreign = origin != null && !ForeignOriginFilter.own(request).equals(normalised);
        if (foreign && !properties.allowsAny(normalised)) {
            refuseOrigin(response);
            return;
        }
        if ("OPTIONS".equals(request.getMethod())) {
            preflight(request, response, normalised);
            return;
        }
        String ticket = ticket(request.getHeader("Authorization"));
        WebTickets.Use checked = ticket == null ? null : tickets.check(ticket);
        if (checked != null && checked.accepted() && foreign && !properties.allows(checked.systemId(), normalised)) {
            refuseOrigin(response);
            return;
        }
        if (foreign) {
            // the page may read the answer, also the problem of a bad ticket (its origin serves some system)
            allowOrigin(response, normalised);
        }
        if (ticket == null) {
            unauthorized(response, ErrorCode.WEB_TICKET_MISSING, "send Authorization: " + SCHEME + " <ticket>; the "
                    + "system's backend gets tickets with POST /api/v1/web-tickets (API keys are not accepted here)");
            return;
        }
        WebTickets.Use use = checked.accepted() ? tickets.use(ticket) : checked;
        if (!use.accepted()) {
            unauthorized(response, use.refusal(), switch (use.refusal()) {
                case WEB_TICKET_EXPIRED -> "the ticket has expired; ask the system's backend for a new one";
                case WEB_TICKET_USED_UP -> "the ticket has made all the requests it may; ask for a new one";
                default -> "the ticket is not known to the hub";
            });
            return;
        }
        var authentication = new UsernamePasswordAuthenticationToken(
                new WebTicketPrincipal(use.systemId(), use.requestId()), null,
                List.of(new SimpleGrantedAuthority(WEB_AUTHORITY)));
        SecurityContextHolder.getContext().setAuthentication(authentication);
        chain.doFilter(request, response);
    }

    private static void preflight(HttpServletRequest request, HttpServletResponse response, String origin)
            throws IOException {
        String method = request.getHeader("Access-Control-Request-Method");
        if (origin == null || method == null || !METHODS.contains(method.toUpperCase(Locale.ROOT))) {
            refuseOrigin(response);
            return;
        }
        allowOrigin(response, origin);
        response.setHeader("Access-Control-Allow-Methods", "GET, POST");
        response.setHeader("Access-Control-Allow-Headers", "Authorization, Content-Type");
        response.setHeader("Access-Control-Max-Age", "600");
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    private static void allowOrigin(HttpServletResponse response, String origin) {
        response.setHeader("Access-Control-Allow-Origin", origin);
        response.setHeader("Access-Control-Expose-Headers", "X-Medsign-Qr-Link, Location");
        response.addHeader("Vary", "Origin");
    }

    private static void refuseOrigin(HttpServletResponse response) throws IOException {
        response.addHeader("Vary", "Origin");
        ProblemResponses.write(response, ErrorCode.ORIGIN_REFUSED, "Cross-site request refused",
                "this web origin is not configured for the SDK (medsign.sdk.allowed-origins)");
    }

    private static void unauthorized(HttpServletResponse response, ErrorCode code, String detail) throws IOException {
        response.setHeader("WWW-Authenticate", SCHEME + " realm=\"MedSign Hub SDK\"");
        ProblemResponses.write(response, code, "Web ticket required", detail);
    }

    /** The ticket of a {@code MedSign-Ticket} authorization header, if it is one. */
    static String ticket(String header) {
        int length = SCHEME.length() + 1;
        if (header == null || header.length() <= length || !header.regionMatches(true, 0, SCHEME + " ", 0, length)) {
            return null;
        }
        String ticket = header.substring(length).trim();
        return ticket.isEmpty() ? null : ticket;
    }
}
