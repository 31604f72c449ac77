package org.medsign.crypto.collab;

import org.bouncycastle.math.ec.ECPoint;

/**
 * Key generation, client → server: P1 = [d1⁻¹]G. Bytes: 0x01 ‖ P1 (04‖X‖Y), 66 in all.
 *
 * @param p1 the client's point, checked on construction (on the curve, not infinity)
 */
public record KeygenRequest(ECPoint p1) {

    /** Encoded length. */
    public static final int LENGTH = 1 + CollabParameters.POINT_LENGTH;

    public KeygenRequest {
        p1 = CollabParameters.checkPoint(p1, "P1");
    }

    /** Parses strictly. */
    public static KeygenRequest fromBytes(byte[] bytes) {
        Wire.expect(bytes, Wire.KEYGEN_REQUEST, LENGTH, "key generation request");
        return new KeygenRequest(CollabParameters.decodePoint(bytes, 1, CollabParameters.POINT_LENGTH, "P1"));
    }

    /** The encoding. */
    public byte[] toBytes() {
        byte[] out = new byte[LENGTH];
        out[0] = Wire.KEYGEN_REQUEST;
        System.arraycopy(p1.getEncoded(false), 0, out, 1, CollabParameters.POINT_LENGTH);
        return out;
    }
}
