package org.medsign.hub.signing;

import org.medsign.adapters.model.ErrorCode;
import org.medsign.adapters.model.RequestStatus;
import org.medsign.adapters.model.SignedArtifact;

/**
 * What became of a request so far.
 *
 * @param requestPk   internal id of the durable request
 * @param status      current status
 * @param artifact    the signature when DONE, else null
 * @param errorCode   why, when FAILED or DEAD_LETTER, else null
 * @param errorDetail human-readable detail (no personal data), or null
 */
public record SigningOutcome(long requestPk, RequestStatus status, SignedArtifact artifact, ErrorCode errorCode,
                             String errorDetail) {
}
