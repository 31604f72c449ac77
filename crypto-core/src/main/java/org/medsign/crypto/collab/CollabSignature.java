package org.medsign.crypto.collab;

import java.io.IOException;
import java.math.BigInteger;

import org.bouncycastle.crypto.signers.PlainDSAEncoding;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.medsign.crypto.CryptoOperationException;
import org.medsign.crypto.sm.Sm2SignatureEncoding;

/**
 * An ordinary SM2 signature (r, s) produced jointly and already verified by the client under the joint public key.
 *
 * @param r r in [1, n−1]
 * @param s s in [1, n−1]
 */
public record CollabSignature(BigInteger r, BigInteger s) {

    public CollabSignature {
        CollabParameters.checkScalar(r, "r");
        CollabParameters.checkScalar(s, "s");
    }

    /**
     * Reads r ‖ s (64 bytes, each in [1, n−1]) as a client sends it back to the hub.
     *
     * @throws CollabProtocolException BAD_ENCODING or SCALAR_OUT_OF_RANGE
     */
    public static CollabSignature fromPlain(byte[] plain) {
        if (plain == null || plain.length != 2 * CollabParameters.SCALAR_LENGTH) {
            throw new CollabProtocolException(CollabProtocolException.Reason.BAD_ENCODING,
                    "a signature must be r || s, 64 bytes");
        }
        return new CollabSignature(CollabParameters.decodeScalar(plain, 0, "r"),
                CollabParameters.decodeScalar(plain, CollabParameters.SCALAR_LENGTH, "s"));
    }

    /** DER SEQUENCE { r INTEGER, s INTEGER }, as X.509, CMS SignerInfo and OpenSSL expect. */
    public byte[] toDer() {
        try {
            return StandardDSAEncoding.INSTANCE.encode(CollabParameters.N, r, s);
        } catch (IOException e) {
            throw new CryptoOperationException("cannot encode SM2 signature", e);
        }
    }

    /** r ‖ s, 32 bytes each. */
    public byte[] toPlain() {
        return PlainDSAEncoding.INSTANCE.encode(CollabParameters.N, r, s);
    }

    /** The signature in the given layout. */
    public byte[] encode(Sm2SignatureEncoding encoding) {
        return encoding == Sm2SignatureEncoding.PLAIN ? toPlain() : toDer();
    }
}
