package org.medsign.adapters.model;

/**
 * Where a durable signing request stands; shared by the hub and the adapters (the intake's answer, a synchronous
 * outcome, a finished result). The final states are answered to the system exactly once each (docs/architecture.md,
 * "Every accepted request ends in exactly one final answer").
 */
public enum RequestStatus {
    /** Persisted and queued; not signed yet. */
    RECEIVED,
    /**
     * Waiting for its signer (a pending task, 待签任务): the signing policy asks for a confirmation and the signer has
     * neither confirmed it nor an open signing window that covers it.
     */
    PENDING,
    /** Signed; the signature record exists. */
    DONE,
    /** Refused for a reason retrying cannot fix (unknown signer, frozen certificate…). */
    FAILED,
    /**
     * Failed on every attempt for a transient reason (TSA, database or broker unavailable) and parked in the
     * dead-letter queue: final until an operator replays it or the system sends the same request again.
     */
    DEAD_LETTER,
    /** Its signer rejected the task (with a reason); final, not signed. */
    REJECTED,
    /** Its task expired before the signer confirmed it; final, not signed. */
    EXPIRED;

    /** Whether the request has its final answer (signed, refused, rejected, expired, or failed after its retries). */
    public boolean isFinal() {
        return this == DONE || isFailure();
    }

    /** Whether the request ended without a signature. */
    public boolean isFailure() {
        return this == FAILED || this == DEAD_LETTER || this == REJECTED || this == EXPIRED;
    }
}
