package org.medsign.hub.mobile;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * QR codes of the mobile app (scan-to-sign, scan-to-login).
 *
 * @param publicUrl            the app's public base URL as phones reach it, e.g. {@code https://sign.hospital.cn}
 *                             (the QR codes point at {@code <publicUrl>/m/?…}); unset: the scheme, host and port of
 *                             the request that asks for the QR code
 * @param loginChallengeValidity how long a scan-to-login challenge can be confirmed (default 3 min)
 */
@ConfigurationProperties("medsign.mobile.qr")
public record QrProperties(String publicUrl, Duration loginChallengeValidity) {

    /** The longest validity a challenge may be given: a QR code on a screen is not a credential to keep. */
    public static final Duration MAX_VALIDITY = Duration.ofMinutes(30);

    public QrProperties {
        if (publicUrl != null && publicUrl.isBlank()) {
            publicUrl = null;
        }
        if (publicUrl != null) {
            publicUrl = publicUrl.strip().replaceAll("/+$", "");
            URI uri = URI.create(publicUrl);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null
                    || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new IllegalArgumentException("medsign.mobile.qr.public-url must be an http(s) URL without "
                        + "query or fragment, e.g. https://sign.hospital.cn");
            }
        }
        if (loginChallengeValidity == null) {
            loginChallengeValidity = Duration.ofMinutes(3);
        }
        if (loginChallengeValidity.isNegative() || loginChallengeValidity.isZero()
                || loginChallengeValidity.compareTo(MAX_VALIDITY) > 0) {
            throw new IllegalArgumentException("medsign.mobile.qr.login-challenge-validity must be positive and at "
                    + "most " + MAX_VALIDITY);
        }
    }
}
