package org.medsign.hub.mobile;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The JS SDK for third-party web pages ({@code /sdk/medsign.js}) and its web tickets.
 *
 * @param allowedOrigins per system id, the web origins ({@code scheme://host[:port]}) whose pages may call
 *                       {@code /api/v1/web/**} with that system's tickets (CORS); none by default: no page elsewhere
 *                       may call the hub
 * @param ticketValidity how long a web ticket lasts (default 5 min, at most 30 min)
 * @param ticketUses     how many requests one ticket may make (default 120: one signing request, its QR code and
 *                       polls every 3 s for the rest of five minutes)
 */
@ConfigurationProperties("medsign.sdk")
public record SdkProperties(Map<String, List<String>> allowedOrigins, Duration ticketValidity, Integer ticketUses) {

    /** The longest a ticket may live: it sits in a browser page. */
    public static final Duration MAX_VALIDITY = Duration.ofMinutes(30);

    public SdkProperties {
        allowedOrigins = allowedOrigins == null ? Map.of() : allowedOrigins.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey,
                        e -> e.getValue().stream().map(SdkProperties::origin).distinct().toList()));
        if (ticketValidity == null) {
            ticketValidity = Duration.ofMinutes(5);
        }
        if (ticketValidity.isNegative() || ticketValidity.isZero() || ticketValidity.compareTo(MAX_VALIDITY) > 0) {
            throw new IllegalArgumentException("medsign.sdk.ticket-validity must be positive and at most "
                    + MAX_VALIDITY);
        }
        if (ticketUses == null) {
            ticketUses = 120;
        }
        if (ticketUses < 1 || ticketUses > 10_000) {
            throw new IllegalArgumentException("medsign.sdk.ticket-uses must be between 1 and 10000");
        }
    }

    /** Whether pages of {@code origin} may use tickets of {@code systemId}. */
    public boolean allows(String systemId, String origin) {
        return origin != null && allowedOrigins.getOrDefault(systemId, List.of()).contains(origin);
    }

    /** Whether pages of {@code origin} may use the tickets of some system (to answer CORS pre-flights). */
    public boolean allowsAny(String origin) {
        return origin != null && allowedOrigins.values().stream().anyMatch(list -> list.contains(origin));
    }

    /** {@code scheme://host[:port]}, lower case, default port omitted; refuses anything else (paths, wildcards). */
    static String origin(String configured) {
        URI uri;
        try {
            uri = URI.create(configured.strip());
        } catch (IllegalArgumentException e) {
            throw invalid(configured);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null
                || !(uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/")) || uri.getRawQuery() != null
                || uri.getRawUserInfo() != null) {
            throw invalid(configured);
        }
        int port = uri.getPort();
        boolean defaultPort = port < 0 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    private static IllegalArgumentException invalid(String configured) {
        return new IllegalArgumentException("medsign.sdk.allowed-origins entries must be origins like "
                + "https://emr.hospital.cn or http://10.1.2.3:8080 (no path, no wildcard): '" + configured + "'");
    }
}
