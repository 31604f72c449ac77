package org.medsign.hub.signing;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Pending tasks (待签任务).
 *
 * @param expiry             how long a task waits for its signer before it expires and the system gets its failure
 *                           notice (default 24 h)
 * @param expiryScanInterval how often one node looks for expired tasks (default one minute)
 */
@ConfigurationProperties("medsign.signing.tasks")
public record SigningTaskProperties(Duration expiry, Duration expiryScanInterval) {

    public SigningTaskProperties {
        expiry = expiry == null ? Duration.ofHours(24) : expiry;
        expiryScanInterval = expiryScanInterval == null ? Duration.ofMinutes(1) : expiryScanInterval;
        if (expiry.isNegative() || expiry.isZero()) {
            throw new IllegalArgumentException("medsign.signing.tasks.expiry must be positive, not " + expiry);
        }
    }
}
