package org.medsign.crypto.collab;

import org.bouncycastle.math.ec.ECPoint;

/**
 * Key generation, server → client: the joint public key P = [d2⁻¹]P1 − G and P2 = [d2⁻¹]G, which lets the client
 * check P. Bytes: 0x02 ‖ P ‖ P2 (each 04‖X‖Y), 131 in all.
 *
 * @param publicKey P, checked on construction
 * @param p2 P2, checked on construction
 */
public record KeygenResponse(ECPoint publicKey, ECPoint p2) {

    /** Encoded length. */
    public static final int LENGTH = 1 + 2 * CollabParameters.POINT_LENGTH;

    public KeygenResponse {
        publicKey = CollabParameters.checkPoint(publicKey, "P");
        p2 = CollabParameters.checkPoint(p2, "P2");
    }

    /** Parses strictly. */
    public static KeygenResponse fromBytes(byte[] bytes) {
        Wire.expect(bytes, Wire.KEYGEN_RESPONSE, LENGTH, "key generation response");
        int len = CollabParameters.POINT_LENGTH;
        return new KeygenResponse(CollabParameters.decodePoint(bytes, 1, len, "P"),
                CollabParameters.decodePoint(bytes, 1 + len, len, "P2"));
    }

    /** The encoding. */
    public byte[] toBytes() {
        int len = CollabParameters.POINT_LENGTH;
        byte[] out = new byte[LENGTH];
        out[0] = Wire.KEYGEN_RESPONSE;
        System.arraycopy(publicKey.getEncoded(false), 0, out, 1, len);
        System.arraycopy(p2.getEncoded(false), 0, out, 1 + len, len);
        return out;
    }
}
