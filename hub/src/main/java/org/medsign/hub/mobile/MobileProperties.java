package org.medsign.hub.mobile;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The clinician's mobile app (移动签名).
 *
 * @param activationValidity how long a one-time activation code stays usable (default 72 h)
 * @param sessionIdle        an app session ends after this long without a call (default 30 min)
 * @param sessionMaximum     an app session ends this long after login, however busy (default 12 h)
 */
@ConfigurationProperties("medsign.mobile")
public record MobileProperties(Duration activationValidity, Duration sessionIdle, Duration sessionMaximum) {

    public MobileProperties {
        activationValidity = positive(activationValidity, Duration.ofHours(72), "activation-validity");
        sessionIdle = positive(sessionIdle, Duration.ofMinutes(30), "session-idle");
        sessionMaximum = positive(sessionMaximum, Duration.ofHours(12), "session-maximum");
    }

    private static Duration positive(Duration value, Duration fallback, String name) {
        if (value == null) {
            return fallback;
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("medsign.mobile." + name + " must be positive");
        }
        return value;
    }
}
