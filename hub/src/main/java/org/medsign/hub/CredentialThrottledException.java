package org.medsign.hub;

import java.time.Duration;

import org.medsign.adapters.model.ErrorCode;

/**
 * A credential may not be checked now because of repeated failures ({@link CredentialThrottle}); the edges answer
 * HTTP 429 with {@code Retry-After}.
 */
public class CredentialThrottledException extends HubException {

    private final Duration retryAfter;

    public CredentialThrottledException(ErrorCode code, String message, Duration retryAfter) {
        super(code, message);
        this.retryAfter = retryAfter;
    }

    /** How long the caller should wait before trying again. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** Whole seconds to wait, at least 1 (for {@code Retry-After}). */
    public long retryAfterSeconds() {
        return seconds(retryAfter);
    }

    /** Whole seconds of {@code wait}, rounded up, at least 1. */
    public static long seconds(Duration wait) {
        long seconds = wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
