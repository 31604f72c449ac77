package org.medsign.adapters.model;

/**
 * Where a durable signing request stands; shared by the hub and the adapters (the intake's answer, a synchronous
 * outcome, a finished result). The final states are answered to the system exactly once each (docs/architecture.md,
 * "Every accepted request ends in exactly one final answer").
 */
public enum RequestStatus {
    /** Persisted and queued; not signed yet. */
    RECEIVED,
    /** Waiting for the signer to authorize (no signing authorization for this system and scenario). */
    PENDING_AUTHORIZATION,
    /** Signed; the signature record exists. */
    DONE,
    /** Refused for a reason retrying cannot fix (unknown signer, frozen certificate…). */
    FAILED,
    /**
     * Failed on every attempt for a transient reason (TSA, database or broker unavailable) and parked in the
     * dead-letter queue: final until an operator replays it or the system sends the same request again.
     */
    DEAD_LETTER;

    /** Whether the request has its final answer (signed, refused, or failed after its retries). */
    public boolean isFinal() {
        return this == DONE || this == FAILED || this == DEAD_LETTER;
    }

    /** Whether the request ended without a signature. */
    public boolean isFailure() {
        return this == FAILED || this == DEAD_LETTER;
    }
}
