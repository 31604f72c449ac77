package org.medsign.crypto.tsp;

import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.tsp.TimeStampToken;

/** Something that timestamps a hash: the embedded TSA or an external one over HTTP. */
public interface TimestampSource {

    /** {@link #expectedTokenSize()} of a source that does not know its certificates: room for an RSA chain of three. */
    int UNKNOWN_TOKEN_SIZE = 8 * 1024;

    /** A token over {@code imprint}, the hash of the data made with {@code hashAlgorithm} (SM3 or SHA-256). */
    TimeStampToken timestamp(AlgorithmIdentifier hashAlgorithm, byte[] imprint);

    /**
     * The DER size a token from this source should not exceed (its certificates, TSTInfo and signer info), for callers
     * that reserve room before they have the token, like a PDF signature's {@code /Contents}. A hint, not a promise:
     * such callers still check the real size. Default {@value #UNKNOWN_TOKEN_SIZE}.
     */
    default int expectedTokenSize() {
        return UNKNOWN_TOKEN_SIZE;
    }
}
