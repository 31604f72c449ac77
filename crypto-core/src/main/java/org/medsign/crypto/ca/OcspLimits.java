package org.medsign.crypto.ca;

/**
 * What the OCSP responder accepts in one request; a request beyond a limit is answered {@code malformedRequest}
 * before any status is looked up or anything is signed.
 *
 * @param maxCertIds     certificates (CertIDs) asked about in one request, at least 1
 * @param maxNonceOctets octets of the nonce (RFC 8954: 1 to 32; RFC 9654 allows up to 128)
 */
public record OcspLimits(int maxCertIds, int maxNonceOctets) {

    /** Ten CertIDs, a nonce of at most 32 octets (RFC 8954). */
    public static OcspLimits defaults() {
        return new OcspLimits(10, 32);
    }

    public OcspLimits {
        if (maxCertIds < 1 || maxNonceOctets < 1) {
            throw new IllegalArgumentException("OCSP limits must be at least 1");
        }
    }
}
