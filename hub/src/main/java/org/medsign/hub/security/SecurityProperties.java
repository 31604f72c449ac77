package org.medsign.hub.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Authentication hardening.
 *
 * @param maxFailedAuthentications failures from one address within {@code failureWindow} before it is locked out
 * @param failureWindow            window for counting failures
 * @param lockout                  how long a locked-out address is refused (HTTP 429)
 * @param publicMetrics            whether /actuator/prometheus may be scraped without credentials
 */
@ConfigurationProperties("medsign.security")
public record SecurityProperties(int maxFailedAuthentications, Duration failureWindow, Duration lockout,
                                 boolean publicMetrics) {
}
