package org.medsign.hub.signing;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Pending tasks (待签任务) and their reminders (催办).
 *
 * @param expiry             how long a task waits for its signer before it expires and the system gets its failure
 *                           notice (default 24 h)
 * @param expiryScanInterval how often one node looks for expired tasks (default one minute)
 * @param remindAfter        a signer is reminded once a pending task of theirs has waited this long (default 2 h)
 * @param remindEvery        at most one reminder per signer in this period; while tasks stay pending the reminder
 *                           is repeated after it (default 4 h)
 * @param remindScanInterval how often one node looks for signers to remind and retries failed deliveries (default
 *                           five minutes)
 * @param appUrl             the link in reminders (where clinicians open the app); unset: {@code medsign.pki.public-url}
 *                           followed by {@code /m/}
 */
@ConfigurationProperties("medsign.signing.tasks")
public record SigningTaskProperties(Duration expiry, Duration expiryScanInterval, Duration remindAfter,
                                    Duration remindEvery, Duration remindScanInterval, String appUrl) {

    public SigningTaskProperties {
        expiry = expiry == null ? Duration.ofHours(24) : expiry;
        expiryScanInterval = expiryScanInterval == null ? Duration.ofMinutes(1) : expiryScanInterval;
        remindAfter = remindAfter == null ? Duration.ofHours(2) : remindAfter;
        remindEvery = remindEvery == null ? Duration.ofHours(4) : remindEvery;
        remindScanInterval = remindScanInterval == null ? Duration.ofMinutes(5) : remindScanInterval;
        appUrl = appUrl == null || appUrl.isBlank() ? null : appUrl.strip();
        positive(expiry, "expiry");
        positive(remindAfter, "remind-after");
        positive(remindEvery, "remind-every");
        positive(remindScanInterval, "remind-scan-interval");
    }

    private static void positive(Duration value, String name) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("medsign.signing.tasks." + name + " must be positive, not " + value);
        }
    }
}
