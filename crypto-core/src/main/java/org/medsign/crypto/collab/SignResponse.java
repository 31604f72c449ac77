package org.medsign.crypto.collab;

import java.math.BigInteger;

/**
 * Signing, server → client: r = (e + x1) mod n, s2 = d2·k3 and s3 = d2·(r + k2), all in [1, n−1] (s2 = 0 would
 * hand the device share to the server, see docs/security.md). Bytes: 0x04 ‖ session id (16) ‖ r ‖ s2 ‖ s3 (32 each),
 * 113 in all.
 *
 * @param sessionId the session answered
 * @param r r, checked on construction
 * @param s2 s2, checked on construction
 * @param s3 s3, checked on construction
 */
public record SignResponse(SessionId sessionId, BigInteger r, BigInteger s2, BigInteger s3) {

    /** Encoded length. */
    public static final int LENGTH = 1 + SessionId.LENGTH + 3 * CollabParameters.SCALAR_LENGTH;

    public SignResponse {
        if (sessionId == null) {
            throw new CollabProtocolException(CollabProtocolException.Reason.BAD_ENCODING, "session id missing");
        }
        CollabParameters.checkScalar(r, "r");
        CollabParameters.checkScalar(s2, "s2");
        CollabParameters.checkScalar(s3, "s3");
    }

    /** Parses strictly. */
    public static SignResponse fromBytes(byte[] bytes) {
        Wire.expect(bytes, Wire.SIGN_RESPONSE, LENGTH, "sign response");
        int at = 1 + SessionId.LENGTH;
        int len = CollabParameters.SCALAR_LENGTH;
        return new SignResponse(SessionId.read(bytes, 1), CollabParameters.decodeScalar(bytes, at, "r"),
                CollabParameters.decodeScalar(bytes, at + len, "s2"),
                CollabParameters.decodeScalar(bytes, at + 2 * len, "s3"));
    }

    /** The encoding. */
    public byte[] toBytes() {
        int len = CollabParameters.SCALAR_LENGTH;
        byte[] out = new byte[LENGTH];
        out[0] = Wire.SIGN_RESPONSE;
        System.arraycopy(sessionId.bytes(), 0, out, 1, SessionId.LENGTH);
        int at = 1 + SessionId.LENGTH;
        System.arraycopy(CollabParameters.encodeScalar(r), 0, out, at, len);
        System.arraycopy(CollabParameters.encodeScalar(s2), 0, out, at + len, len);
        System.arraycopy(CollabParameters.encodeScalar(s3), 0, out, at + 2 * len, len);
        return out;
    }

    @Override
    public String toString() {
        return "SignResponse[" + sessionId + "]";
    }
}
