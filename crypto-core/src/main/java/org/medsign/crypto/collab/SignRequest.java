package org.medsign.crypto.collab;

import java.util.Arrays;

import org.bouncycastle.math.ec.ECPoint;

/**
 * Signing, client → server: Q1 = [k1]G and e = SM3(Z_A ‖ M) for the server's session. Bytes: 0x03 ‖ session id (16) ‖
 * Q1 (65) ‖ e (32), 114 in all.
 *
 * @param sessionId the server session this request is for
 * @param q1 the client's nonce point, checked on construction
 * @param e the digest, exactly 32 bytes
 */
public record SignRequest(SessionId sessionId, ECPoint q1, byte[] e) {

    /** Encoded length. */
    public static final int LENGTH = 1 + SessionId.LENGTH + CollabParameters.POINT_LENGTH
            + CollabParameters.SCALAR_LENGTH;

    public SignRequest {
        if (sessionId == null) {
            throw new CollabProtocolException(CollabProtocolException.Reason.BAD_ENCODING, "session id missing");
        }
        q1 = CollabParameters.checkPoint(q1, "Q1");
        e = CollabParameters.checkDigest(e);
    }

    /** Parses strictly. */
    public static SignRequest fromBytes(byte[] bytes) {
        Wire.expect(bytes, Wire.SIGN_REQUEST, LENGTH, "sign request");
        int at = 1;
        SessionId id = SessionId.read(bytes, at);
        at += SessionId.LENGTH;
        ECPoint q1 = CollabParameters.decodePoint(bytes, at, CollabParameters.POINT_LENGTH, "Q1");
        at += CollabParameters.POINT_LENGTH;
        return new SignRequest(id, q1, Arrays.copyOfRange(bytes, at, at + CollabParameters.SCALAR_LENGTH));
    }

    /** The encoding. */
    public byte[] toBytes() {
        byte[] out = new byte[LENGTH];
        out[0] = Wire.SIGN_REQUEST;
        int at = 1;
        System.arraycopy(sessionId.bytes(), 0, out, at, SessionId.LENGTH);
        at += SessionId.LENGTH;
        System.arraycopy(q1.getEncoded(false), 0, out, at, CollabParameters.POINT_LENGTH);
        at += CollabParameters.POINT_LENGTH;
        System.arraycopy(e, 0, out, at, CollabParameters.SCALAR_LENGTH);
        return out;
    }

    /** A copy of e. */
    @Override
    public byte[] e() {
        return e.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignRequest other && sessionId.equals(other.sessionId) && q1.equals(other.q1)
                && Arrays.equals(e, other.e);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * sessionId.hashCode() + q1.hashCode()) + Arrays.hashCode(e);
    }

    @Override
    public String toString() {
        return "SignRequest[" + sessionId + "]";
    }
}
