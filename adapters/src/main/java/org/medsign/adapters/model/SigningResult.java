package org.medsign.adapters.model;

import java.util.Objects;

/**
 * What the hub hands to a system's outbound route once a request is finished: the signature, or why it failed, with
 * the reply context the inbound adapter left. {@link #toString()} never shows the original message.
 *
 * @param status      {@code DONE} or {@code FAILED}
 * @param artifact    the signature when DONE, else null
 * @param errorCode   stable error code when FAILED, else null
 * @param errorDetail human-readable reason when FAILED (no personal data), else null
 * @param context     how to answer (endpoint, signer code, original message or row/file reference)
 */
public record SigningResult(String status, SignedArtifact artifact, String errorCode, String errorDetail,
                            ReplyContext context) {

    /** Status of a signed request. */
    public static final String DONE = "DONE";
    /** Status of a request the hub could not sign. */
    public static final String FAILED = "FAILED";

    public SigningResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(context, "context");
    }

    public static SigningResult signed(SignedArtifact artifact, ReplyContext context) {
        return new SigningResult(DONE, Objects.requireNonNull(artifact, "artifact"), null, null, context);
    }

    public static SigningResult failed(String errorCode, String errorDetail, ReplyContext context) {
        return new SigningResult(FAILED, null, errorCode, errorDetail, context);
    }

    public boolean isSigned() {
        return DONE.equals(status);
    }

    @Override
    public String toString() {
        return "SigningResult[" + status + ", " + (artifact == null ? errorCode : artifact.signatureId()) + ", "
                + context + "]";
    }
}
