package org.medsign.hub.signing;

/** Where a durable signing request stands. */
public enum RequestStatus {
    /** Persisted and queued; not signed yet. */
    RECEIVED,
    /** Waiting for the signer to authorize (no signing authorization for this system and scenario). */
    PENDING_AUTHORIZATION,
    /** Signed; the signature record exists. */
    DONE,
    /** Refused for a reason retrying cannot fix (unknown signer, frozen certificate…). */
    FAILED,
    /** Failed repeatedly for an infrastructure reason; parked in the dead-letter queue. */
    DEAD_LETTER;

    /** Whether nothing more will happen without an operator or the signer. */
    public boolean isFinal() {
        return this == DONE || this == FAILED;
    }
}
