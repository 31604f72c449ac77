package org.medsign.hub.security;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.medsign.adapters.model.ErrorCode;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses browser requests that another site makes to the API ({@code /api/**}) or the management endpoints
 * ({@code /actuator/**}, hawtio and Jolokia), where a browser would add an administrator's saved Basic credentials:
 * a foreign {@code Origin}, else (no Origin) a foreign {@code Referer}, else {@code Sec-Fetch-Site: cross-site} or
 * {@code same-site} (another port or sub-domain) → 403 {@code ORIGIN_REFUSED}. Same-origin requests and clients that
 * send none of these headers (curl, the CLI, systems, Prometheus) pass. A top-level GET navigation (following a link)
 * passes too: it cannot read the answer, and nothing under these paths changes state on GET. Management answers also
 * carry {@code Cross-Origin-Resource-Policy: same-origin}, so another site cannot even embed them. Same origin means the
 * scheme, host and port the hub was reached at; {@code medsign.security.allowed-origins} adds others. Refusals are
 * counted ({@code medsign_http_cross_site_refused_total}), not audited: anyone could send them. The JS SDK's paths
 * ({@code /api/v1/web/**}) are left to {@link WebTicketFilter}, which admits only the origins configured per system.
 */
public class ForeignOriginFilter extends OncePerRequestFilter {

    private final Set<String> allowed;
    private final Counter refused;

    public ForeignOriginFilter(List<String> allowedOrigins, MeterRegistry metrics) {
        this.allowed = allowedOrigins.stream().map(ForeignOriginFilter::origin).filter(o -> o != null)
                .collect(Collectors.toUnmodifiableSet());
        this.refused = Counter.builder("medsign.http.cross.site.refused")
                .description("Requests to /api or /actuator refused because another web site made them")
                .register(metrics);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        // the JS SDK's endpoints: WebTicketFilter applies a narrower rule there (origins configured per system)
        return !(path.startsWith("/api/") || path.startsWith("/actuator/") || path.equals("/actuator"))
                || path.startsWith(WebTicketFilter.PREFIX);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getRequestURI().startsWith("/actuator")) {
            response.setHeader("Cross-Origin-Resource-Policy", "same-origin");
        }
        if (!navigation(request) && foreign(request)) {
            refused.increment();
            ProblemResponses.write(response, ErrorCode.ORIGIN_REFUSED, "Cross-site request refused",
                    "requests made by another web site are not accepted here; use the hub's own pages or a non-browser "
                            + "client");
            return;
        }
        chain.doFilter(request, response);
    }

    /** Whether another site made this request, by the headers a browser sets. */
    boolean foreign(HttpServletRequest request) {
        String own = own(request);
        String origin = request.getHeader("Origin");
        if (origin != null) {
            return !accepted(origin(origin), own);
        }
        String referer = request.getHeader("Referer");
        if (referer != null) {
            return !accepted(origin(referer), own);
        }
        String site = request.getHeader("Sec-Fetch-Site");
        return "cross-site".equalsIgnoreCase(site) || "same-site".equalsIgnoreCase(site);
    }

    private boolean accepted(String origin, String own) {
        return origin != null && (origin.equals(own) || allowed.contains(origin));
    }

    private static boolean navigation(HttpServletRequest request) {
        return ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()))
                && "navigate".equalsIgnoreCase(request.getHeader("Sec-Fetch-Mode"))
                && request.getHeader("Origin") == null;
    }

    /** The origin the hub was reached at ({@code scheme://host[:port]}, default port omitted). */
    static String own(HttpServletRequest request) {
        return normalise(request.getScheme(), request.getServerName(), request.getServerPort());
    }

    /** {@code scheme://host[:port]} of a URL or origin, lower case, default port omitted; null if it is none. */
    static String origin(String url) {
        try {
            URI uri = new URI(url.trim());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return null;
            }
            return normalise(uri.getScheme(), uri.getHost(), uri.getPort());
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    private static String normalise(String scheme, String host, int port) {
        String s = scheme.toLowerCase(Locale.ROOT);
        String h = host.toLowerCase(Locale.ROOT);
        if (h.indexOf(':') >= 0 && !h.startsWith("[")) {
            h = "[" + h + "]";
        }
        boolean defaultPort = port < 0 || ("http".equals(s) && port == 80) || ("https".equals(s) && port == 443);
        return s + "://" + h + (defaultPort ? "" : ":" + port);
    }
}
