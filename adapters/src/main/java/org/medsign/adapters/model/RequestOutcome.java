package org.medsign.adapters.model;

/**
 * Where an accepted request stands, as a synchronous adapter (FHIR, HTTP JSON) needs it to answer.
 *
 * @param status      RECEIVED, PENDING_AUTHORIZATION, DONE, FAILED or DEAD_LETTER
 * @param artifact    the signature when DONE, else null
 * @param errorCode   stable error code when FAILED or DEAD_LETTER, else null
 * @param errorDetail human-readable detail (no personal data), or null
 */
public record RequestOutcome(String status, SignedArtifact artifact, String errorCode, String errorDetail) {

    public boolean isSigned() {
        return "DONE".equals(status) && artifact != null;
    }

    public boolean isPendingAuthorization() {
        return "PENDING_AUTHORIZATION".equals(status);
    }

    public boolean isFailed() {
        return "FAILED".equals(status);
    }
}
