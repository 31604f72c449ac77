package org.medsign.hub.evidence;

import java.time.Instant;
import java.util.Optional;

/**
 * Signatures the hub made outside signing requests — a patient's on the tablet, with a one-time event certificate —
 * as their evidence packages need them. The module that keeps them implements this; evidence owns the interface so
 * that it never depends on that module (the same pattern as {@link SignedDocuments}).
 */
public interface StandaloneSignatures {

    /** The signature, if this module made it. */
    Optional<Standalone> standalone(String signatureId);

    /**
     * One standalone CMS signature.
     *
     * @param systemId    the system the signed document came from
     * @param requestId   that system's id for it
     * @param contentSm3  SM3 of the document (hex)
     * @param document    the document, opened
     * @param cms         the CMS (DER, detached), opened
     * @param token       its signature timestamp token (DER)
     * @param signedAt    when the hub signed
     * @param crlSnapshot SM3 of the revocation snapshot current when it signed ({@link RevocationSnapshots})
     */
    record Standalone(String systemId, String requestId, String contentSm3, byte[] document, byte[] cms, byte[] token,
                      Instant signedAt, String crlSnapshot) {
    }
}
