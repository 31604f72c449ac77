package org.medsign.crypto.collab;

import java.math.BigInteger;
import java.security.SecureRandom;

import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.BigIntegers;
import org.medsign.crypto.collab.CollabProtocolException.Reason;
import org.medsign.crypto.sm.SignerId;
import org.medsign.crypto.sm.Sm2;

/**
 * The curve sm2p256v1 and the strict encodings of the two-party protocol: points only as uncompressed 04‖X‖Y (65
 * bytes, coordinates below p, on the curve, never infinity), scalars as 32 bytes big-endian in [1, n−1], and
 * e = SM3(Z_A ‖ M) with Z_A over the joint public key. Uses {@link Sm2#DOMAIN} (BouncyCastle's optimised
 * sm2p256v1, the same parameters as {@code GMNamedCurves "sm2p256v1"}).
 */
public final class CollabParameters {

    /** Length of an encoded point (04‖X‖Y). */
    public static final int POINT_LENGTH = 65;
    /** Length of an encoded scalar and of e. */
    public static final int SCALAR_LENGTH = 32;

    static final ECCurve CURVE = Sm2.DOMAIN.getCurve();
    static final BigInteger N = Sm2.DOMAIN.getN();
    static final ECPoint G = Sm2.DOMAIN.getG();
    private static final BigInteger P = CURVE.getField().getCharacteristic();
    private static final FixedPointCombMultiplier BASE = new FixedPointCombMultiplier();

    private CollabParameters() {
    }

    /** The group order n. */
    public static BigInteger order() {
        return N;
    }

    /** The base point G. */
    public static ECPoint generator() {
        return G;
    }

    /** [k]G (fixed-base comb). */
    static ECPoint multiplyG(BigInteger k) {
        return BASE.multiply(G, k).normalize();
    }

    /**
     * A uniformly random scalar in [1, n−1]: 32 bytes from {@code random}, read big-endian, redrawn while 0 or ≥ n.
     * The JavaScript client draws the same way, so fixed random bytes give the same scalars on both sides.
     */
    public static BigInteger randomScalar(SecureRandom random) {
        byte[] bytes = new byte[SCALAR_LENGTH];
        while (true) {
            random.nextBytes(bytes);
            BigInteger k = new BigInteger(1, bytes);
            if (k.signum() > 0 && k.compareTo(N) < 0) {
                return k;
            }
        }
    }

    /** Encodes a point as 04‖X‖Y; refuses infinity. */
    public static byte[] encodePoint(ECPoint point) {
        return checkPoint(point, "point").getEncoded(false);
    }

    /** Decodes exactly 04‖X‖Y into a valid point of sm2p256v1. */
    public static ECPoint decodePoint(byte[] bytes, String name) {
        return decodePoint(bytes, 0, bytes.length, name);
    }

    static ECPoint decodePoint(byte[] bytes, int offset, int length, String name) {
        if (length != POINT_LENGTH) {
            throw new CollabProtocolException(Reason.BAD_ENCODING, name + " must be " + POINT_LENGTH + " bytes");
        }
        if (bytes[offset] != 0x04) {
            throw new CollabProtocolException(Reason.BAD_ENCODING, name + " must be uncompressed (04‖X‖Y)");
        }
        BigInteger x = new BigInteger(1, java.util.Arrays.copyOfRange(bytes, offset + 1, offset + 33));
        BigInteger y = new BigInteger(1, java.util.Arrays.copyOfRange(bytes, offset + 33, offset + 65));
        if (x.compareTo(P) >= 0 || y.compareTo(P) >= 0) {
            throw new CollabProtocolException(Reason.BAD_ENCODING, name + " has a coordinate not below p");
        }
        ECPoint point = CURVE.createPoint(x, y);
        if (!point.isValid()) {
            throw new CollabProtocolException(Reason.POINT_NOT_ON_CURVE, name + " is not on sm2p256v1");
        }
        return point;
    }

    /**
     * Checks a point given as an object: not infinity, on sm2p256v1; returns it normalised on this curve (points of
     * another BouncyCastle curve instance with the same equation are moved over, anything else is refused).
     */
    public static ECPoint checkPoint(ECPoint point, String name) {
        if (point == null || point.isInfinity()) {
            throw new CollabProtocolException(Reason.POINT_AT_INFINITY, name + " is the point at infinity");
        }
        ECPoint normal = point.normalize();
        ECPoint here;
        try {
            here = normal.getCurve() == CURVE ? normal
                    : CURVE.createPoint(normal.getAffineXCoord().toBigInteger(), normal.getAffineYCoord().toBigInteger());
        } catch (IllegalArgumentException e) {
            throw new CollabProtocolException(Reason.POINT_NOT_ON_CURVE, name + " is not on sm2p256v1");
        }
        if (!here.isValid()) {
            throw new CollabProtocolException(Reason.POINT_NOT_ON_CURVE, name + " is not on sm2p256v1");
        }
        return here;
    }

    /** Encodes a scalar as 32 bytes big-endian. */
    static byte[] encodeScalar(BigInteger k) {
        return BigIntegers.asUnsignedByteArray(SCALAR_LENGTH, k);
    }

    /** Reads 32 bytes big-endian and insists on [1, n−1]. */
    static BigInteger decodeScalar(byte[] bytes, int offset, String name) {
        return checkScalar(new BigInteger(1, java.util.Arrays.copyOfRange(bytes, offset, offset + SCALAR_LENGTH)),
                name);
    }

    /** Insists on a scalar in [1, n−1]. */
    public static BigInteger checkScalar(BigInteger k, String name) {
        if (k == null || k.signum() <= 0 || k.compareTo(N) >= 0) {
            throw new CollabProtocolException(Reason.SCALAR_OUT_OF_RANGE, name + " is not in [1, n-1]");
        }
        return k;
    }

    /** Insists on an e of exactly 32 bytes; returns a copy. */
    static byte[] checkDigest(byte[] e) {
        if (e == null || e.length != SCALAR_LENGTH) {
            throw new CollabProtocolException(Reason.BAD_ENCODING, "e must be exactly " + SCALAR_LENGTH + " bytes");
        }
        return e.clone();
    }

    /**
     * e = SM3(Z_A ‖ M), Z_A = SM3(ENTL ‖ ID ‖ a ‖ b ‖ x_G ‖ y_G ‖ x_A ‖ y_A) (GB/T 32918.2), what both sides compute:
     * the client to sign, the server to check that it is asked to sign {@code message} and nothing else.
     */
    public static byte[] digest(ECPoint publicKey, SignerId id, byte[] message) {
        ECPoint p = checkPoint(publicKey, "public key");
        byte[] idBytes = id.bytes();
        SM3Digest sm3 = new SM3Digest();
        int bits = idBytes.length * 8;
        sm3.update((byte) (bits >>> 8));
        sm3.update((byte) bits);
        sm3.update(idBytes, 0, idBytes.length);
        update(sm3, CURVE.getA().toBigInteger());
        update(sm3, CURVE.getB().toBigInteger());
        update(sm3, G.getAffineXCoord().toBigInteger());
        update(sm3, G.getAffineYCoord().toBigInteger());
        update(sm3, p.getAffineXCoord().toBigInteger());
        update(sm3, p.getAffineYCoord().toBigInteger());
        byte[] z = new byte[32];
        sm3.doFinal(z, 0);
        sm3.update(z, 0, z.length);
        sm3.update(message, 0, message.length);
        byte[] e = new byte[32];
        sm3.doFinal(e, 0);
        return e;
    }

    private static void update(SM3Digest sm3, BigInteger element) {
        byte[] bytes = encodeScalar(element);
        sm3.update(bytes, 0, bytes.length);
    }
}
