package org.medsign.crypto.collab;

import java.math.BigInteger;
import java.security.SecureRandom;

import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;
import org.medsign.crypto.collab.CollabProtocolException.Reason;
import org.medsign.crypto.sm.SignerId;
import org.medsign.crypto.sm.Sm2;
import org.medsign.crypto.sm.Sm2SignatureEncoding;

/**
 * A signing window's delegation (时段授权 with a collaborative key, docs/security.md): the device hands its share d1
 * to the hub for the window's scope and duration, and the hub signs alone until the window closes. {@link #accept}
 * checks that d1 belongs to the hub's share of the same key ([(d1·d2)⁻¹ − 1]G = P), so a wrong or stale share is
 * refused before anything is signed. The holder keeps it in memory only and drops it when the window closes; it is
 * never persisted. {@link #toString()} shows only the key's fingerprint. Thread-safe.
 */
public final class CollabDelegation {

    private final ECPrivateKeyParameters key;

    private CollabDelegation(ECPrivateKeyParameters key) {
        this.key = key;
    }

    /**
     * Accepts the device share {@code d1} (32 bytes, in [1, n−1]) for the hub's {@code share}.
     *
     * @throws CollabProtocolException BAD_ENCODING, SCALAR_OUT_OF_RANGE, or PEER_KEY_MISMATCH when d1 is not the
     *                                 other share of this key
     */
    public static CollabDelegation accept(ServerShare share, byte[] d1) {
        if (d1 == null || d1.length != CollabParameters.SCALAR_LENGTH) {
            throw new CollabProtocolException(Reason.BAD_ENCODING, "the delegated share must be 32 bytes");
        }
        BigInteger n = CollabParameters.N;
        BigInteger product = CollabParameters.decodeScalar(d1, 0, "d1").multiply(share.d2()).mod(n);
        BigInteger d = BigIntegers.modOddInverse(n, product).subtract(BigInteger.ONE).mod(n);
        ECPoint p = share.publicKey().getQ();
        if (d.signum() == 0 || !CollabParameters.multiplyG(d).equals(p.normalize())) {
            throw new CollabProtocolException(Reason.PEER_KEY_MISMATCH,
                    "the delegated share does not belong to this key");
        }
        return new CollabDelegation(new ECPrivateKeyParameters(d, Sm2.DOMAIN));
    }

    /** An ordinary SM2 signature over {@code message} with the joint key, in {@code encoding}. */
    public byte[] sign(SignerId id, byte[] message, Sm2SignatureEncoding encoding, SecureRandom random) {
        return Sm2.sign(key, id, message, encoding, random);
    }

    @Override
    public String toString() {
        return "CollabDelegation[***]";
    }
}
