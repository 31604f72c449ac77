package org.medsign.hub.ops.alerts;

import java.time.Duration;
import java.util.Optional;

/**
 * A condition the hub checks on every alert evaluation ({@link Alerts}); each rule is a bean with a stable name (the
 * {@code rule} of {@code GET /api/v1/ops/alerts}, docs/operations.md "Alert rules").
 */
public interface AlertRule {

    /** Stable name, e.g. {@code tsa-unreachable}. */
    String name();

    /** The grade of the incident a firing opens. */
    Severity severity();

    /**
     * The problem found now, in one line for people (no secret, no patient data), or empty when all is well or the
     * rule does not apply to this configuration. An exception means the rule could not tell: its state stays as it is.
     */
    Optional<String> check();

    /** A duration for a finding's text: {@code 6 h}, {@code 15 min}, {@code 10 s}. */
    static String text(Duration duration) {
        if (duration.toSeconds() % 3600 == 0) {
            return duration.toHours() + " h";
        }
        return duration.toSeconds() % 60 == 0 ? duration.toMinutes() + " min" : duration.toSeconds() + " s";
    }
}
