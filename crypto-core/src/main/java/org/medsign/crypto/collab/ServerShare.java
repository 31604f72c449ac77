package org.medsign.crypto.collab;

import java.math.BigInteger;

import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.medsign.crypto.sm.Sm2;

/**
 * The hub's share d2 of a collaborative key, with the joint public key P. d2 is not a private key: (1 + d)⁻¹ =
 * d1·d2 mod n, and without the device's d1 nothing here completes a signature. Sealed in the key vault by the caller
 * ({@link #exportForSealing()}); {@link #toString()} shows only the public key's fingerprint.
 */
public final class ServerShare {

    private final BigInteger d2;
    private final ECPublicKeyParameters publicKey;

    private ServerShare(BigInteger d2, ECPoint publicKey) {
        this.d2 = CollabParameters.checkScalar(d2, "d2");
        this.publicKey = new ECPublicKeyParameters(CollabParameters.checkPoint(publicKey, "P"), Sm2.DOMAIN);
    }

    /** Restores a share unsealed from the vault: d2 as 32 bytes and P as 04‖X‖Y. */
    public static ServerShare of(byte[] d2, byte[] publicKey) {
        if (d2.length != CollabParameters.SCALAR_LENGTH) {
            throw new CollabProtocolException(CollabProtocolException.Reason.BAD_ENCODING, "d2 must be 32 bytes");
        }
        return new ServerShare(CollabParameters.decodeScalar(d2, 0, "d2"),
                CollabParameters.decodePoint(publicKey, "P"));
    }

    static ServerShare of(BigInteger d2, ECPoint publicKey) {
        return new ServerShare(d2, publicKey);
    }

    BigInteger d2() {
        return d2;
    }

    /** The joint public key P (what the certificate certifies). */
    public ECPublicKeyParameters publicKey() {
        return publicKey;
    }

    /** d2 as 32 bytes, only to seal it in the vault (SM4-GCM) right away. */
    public byte[] exportForSealing() {
        return CollabParameters.encodeScalar(d2);
    }

    @Override
    public String toString() {
        return "ServerShare[public=" + Sm2.fingerprint(publicKey) + "]";
    }
}
