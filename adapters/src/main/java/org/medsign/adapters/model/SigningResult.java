package org.medsign.adapters.model;

import java.util.Objects;

/**
 * What the hub hands to a system's outbound route once a request is finished: the signature, or why it failed (the
 * failure notice), with the reply context the inbound adapter left. {@link #toString()} never shows the original
 * message.
 *
 * @param status      {@link RequestStatus#DONE}, or {@link RequestStatus#FAILED} / {@link RequestStatus#DEAD_LETTER}
 * @param artifact    the signature when DONE, else null
 * @param errorCode   why, when not signed, else null
 * @param errorDetail human-readable reason when not signed (no personal data), else null
 * @param context     how to answer (endpoint, signer code, original message or row/file reference)
 */
public record SigningResult(RequestStatus status, SignedArtifact artifact, ErrorCode errorCode, String errorDetail,
                            ReplyContext context) {

    public SigningResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(context, "context");
        if (!status.isFinal()) {
            throw new IllegalArgumentException("a result is final, not " + status);
        }
        if (status == RequestStatus.DONE) {
            Objects.requireNonNull(artifact, "artifact");
        } else {
            Objects.requireNonNull(errorCode, "errorCode");
        }
    }

    public static SigningResult signed(SignedArtifact artifact, ReplyContext context) {
        return new SigningResult(RequestStatus.DONE, Objects.requireNonNull(artifact, "artifact"), null, null, context);
    }

    /** A refusal (FAILED). */
    public static SigningResult failed(ErrorCode errorCode, String errorDetail, ReplyContext context) {
        return new SigningResult(RequestStatus.FAILED, null, errorCode, errorDetail, context);
    }

    /** The result of a finished request as the hub stored it (DONE with its signature, else its failure). */
    public static SigningResult of(RequestOutcome outcome, ReplyContext context) {
        return outcome.isSigned() ? signed(outcome.artifact(), context)
                : new SigningResult(outcome.status(), null, outcome.errorCode(), outcome.errorDetail(), context);
    }

    public boolean isSigned() {
        return status == RequestStatus.DONE;
    }

    @Override
    public String toString() {
        return "SigningResult[" + status + ", " + (artifact == null ? errorCode : artifact.signatureId()) + ", "
                + context + "]";
    }
}
