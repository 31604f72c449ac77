package org.medsign.crypto.collab;

import org.medsign.crypto.collab.CollabProtocolException.Reason;

/** The framing shared by the protocol messages: one type byte, then fixed-length fields. */
final class Wire {

    static final byte KEYGEN_REQUEST = 0x01;
    static final byte KEYGEN_RESPONSE = 0x02;
    static final byte SIGN_REQUEST = 0x03;
    static final byte SIGN_RESPONSE = 0x04;

    private Wire() {
    }

    /** Checks the type byte and the exact length. */
    static void expect(byte[] bytes, byte type, int length, String name) {
        if (bytes == null || bytes.length != length) {
            throw new CollabProtocolException(Reason.BAD_ENCODING, name + " must be exactly " + length + " bytes");
        }
        if (bytes[0] != type) {
            throw new CollabProtocolException(Reason.BAD_ENCODING, name + " has the wrong message type");
        }
    }
}
