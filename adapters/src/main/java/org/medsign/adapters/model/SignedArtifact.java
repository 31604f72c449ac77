package org.medsign.adapters.model;

import java.time.Instant;

/**
 * The result the adapters turn back into the system's format.
 *
 * @param signatureId       hub-wide id of the signature record
 * @param systemId          calling system
 * @param requestId         the system's request id
 * @param staffId           signer (hub staff id)
 * @param certificateSerial signer certificate serial (hex)
 * @param operation         CMS or RAW
 * @param signature         DER CMS SignedData (with the signature timestamp) or the raw SM2 signature
 * @param contentSm3        SM3 of the signed content (hex)
 * @param signedAt          when the hub signed
 * @param timestampTime     genTime of the signature timestamp, or null
 */
public record SignedArtifact(String signatureId, String systemId, String requestId, String staffId,
                             String certificateSerial, Operation operation, byte[] signature, String contentSm3,
                             Instant signedAt, Instant timestampTime) {
}
