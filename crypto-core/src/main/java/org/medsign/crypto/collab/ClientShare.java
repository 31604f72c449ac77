package org.medsign.crypto.collab;

import java.math.BigInteger;

import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.medsign.crypto.sm.Sm2;

/**
 * The device's share d1 of a collaborative key, with the joint public key P checked at key generation. Kept on the
 * device only sealed under the PIN ({@link DeviceShareSeal}); {@link #toString()} shows only the key's fingerprint.
 */
public final class ClientShare {

    private final BigInteger d1;
    private final ECPublicKeyParameters publicKey;

    private ClientShare(BigInteger d1, ECPoint publicKey) {
        this.d1 = CollabParameters.checkScalar(d1, "d1");
        this.publicKey = new ECPublicKeyParameters(CollabParameters.checkPoint(publicKey, "P"), Sm2.DOMAIN);
    }

    static ClientShare of(BigInteger d1, ECPoint publicKey) {
        return new ClientShare(d1, publicKey);
    }

    /** Restores a share from d1 (32 bytes) and P (04‖X‖Y), as {@link DeviceShareSeal#open} does. */
    public static ClientShare of(byte[] d1, byte[] publicKey) {
        if (d1.length != CollabParameters.SCALAR_LENGTH) {
            throw new CollabProtocolException(CollabProtocolException.Reason.BAD_ENCODING, "d1 must be 32 bytes");
        }
        return new ClientShare(CollabParameters.decodeScalar(d1, 0, "d1"), CollabParameters.decodePoint(publicKey, "P"));
    }

    BigInteger d1() {
        return d1;
    }

    /** The joint public key P. */
    public ECPublicKeyParameters publicKey() {
        return publicKey;
    }

    /** d1 as 32 bytes, only to seal it right away. */
    public byte[] exportForSealing() {
        return CollabParameters.encodeScalar(d1);
    }

    /**
     * d1 as 32 bytes, only to hand it to the hub for a signing window ({@link CollabDelegation}), over the
     * authenticated channel of the window's request.
     */
    public byte[] exportForDelegation() {
        return CollabParameters.encodeScalar(d1);
    }

    @Override
    public String toString() {
        return "ClientShare[public=" + Sm2.fingerprint(publicKey) + "]";
    }
}
