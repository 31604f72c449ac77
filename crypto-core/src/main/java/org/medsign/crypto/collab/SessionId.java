package org.medsign.crypto.collab;

import java.security.SecureRandom;
import java.util.HexFormat;

import org.medsign.crypto.collab.CollabProtocolException.Reason;

/** The id of one server signing session: 16 random bytes, written as 32 lower-case hex digits. */
public record SessionId(String hex) {

    /** Length in bytes. */
    public static final int LENGTH = 16;

    /** Insists on 32 lower-case hex digits. */
    public SessionId {
        if (hex == null || hex.length() != 2 * LENGTH || !hex.chars().allMatch(c -> c >= '0' && c <= '9'
                || c >= 'a' && c <= 'f')) {
            throw new CollabProtocolException(Reason.BAD_ENCODING, "session id must be 32 lower-case hex digits");
        }
    }

    /** A fresh random id. */
    public static SessionId random(SecureRandom random) {
        byte[] bytes = new byte[LENGTH];
        random.nextBytes(bytes);
        return of(bytes);
    }

    /** The id of 16 bytes. */
    public static SessionId of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new CollabProtocolException(Reason.BAD_ENCODING, "session id must be " + LENGTH + " bytes");
        }
        return new SessionId(HexFormat.of().formatHex(bytes));
    }

    static SessionId read(byte[] bytes, int offset) {
        return new SessionId(HexFormat.of().formatHex(bytes, offset, offset + LENGTH));
    }

    /** The 16 bytes. */
    public byte[] bytes() {
        return HexFormat.of().parseHex(hex);
    }

    @Override
    public String toString() {
        return hex;
    }
}
