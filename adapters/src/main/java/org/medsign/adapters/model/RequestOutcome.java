package org.medsign.adapters.model;

/**
 * Where an accepted request stands, as a synchronous adapter (FHIR, HTTP JSON) needs it to answer.
 *
 * @param status      where the request stands
 * @param artifact    the signature when DONE, else null
 * @param errorCode   why, when FAILED or DEAD_LETTER, else null
 * @param errorDetail human-readable detail (no personal data), or null
 */
public record RequestOutcome(RequestStatus status, SignedArtifact artifact, ErrorCode errorCode, String errorDetail) {

    public boolean isSigned() {
        return status == RequestStatus.DONE && artifact != null;
    }

    public boolean isPending() {
        return status == RequestStatus.PENDING;
    }

    /** Whether the request ended without a signature (refused, or failed after its retries). */
    public boolean isFailed() {
        return status.isFailure();
    }
}
