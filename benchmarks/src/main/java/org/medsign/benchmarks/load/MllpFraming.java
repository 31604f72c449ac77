package org.medsign.benchmarks.load;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * MLLP framing (HL7 v2 Minimal Lower Layer Protocol, release 2): a start block 0x0b, the payload, then the end block
 * 0x1c followed by a carriage return 0x0d. A 0x1c not followed by 0x0d belongs to the payload.
 */
final class MllpFraming {

    static final int START_BLOCK = 0x0b;
    static final int END_BLOCK = 0x1c;
    static final int CARRIAGE_RETURN = 0x0d;
    /** Larger frames are refused rather than buffered: a lost end block must not exhaust the driver's memory. */
    static final int MAX_PAYLOAD = 16 << 20;

    private MllpFraming() {
    }

    /** Writes one frame and flushes. */
    static void write(OutputStream out, byte[] payload) throws IOException {
        byte[] frame = new byte[payload.length + 3];
        frame[0] = START_BLOCK;
        System.arraycopy(payload, 0, frame, 1, payload.length);
        frame[frame.length - 2] = END_BLOCK;
        frame[frame.length - 1] = CARRIAGE_RETURN;
        out.write(frame);
        out.flush();
    }

    /**
     * Reads one frame and returns its payload, or {@code null} when the peer closed the connection between frames.
     * Pass a buffered stream: this reads byte by byte.
     */
    static byte[] read(InputStream in) throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        if (first != START_BLOCK) {
            throw new MllpFramingException(String.format("expected the MLLP start block 0x0b, got 0x%02x", first));
        }
        ByteArrayOutputStream payload = new ByteArrayOutputStream(256);
        boolean pendingEndBlock = false;
        int b;
        while ((b = in.read()) >= 0) {
            if (pendingEndBlock && b == CARRIAGE_RETURN) {
                return payload.toByteArray();
            }
            if (pendingEndBlock) {
                payload.write(END_BLOCK);
            }
            pendingEndBlock = b == END_BLOCK;
            if (!pendingEndBlock) {
                payload.write(b);
            }
            if (payload.size() > MAX_PAYLOAD) {
                throw new MllpFramingException("MLLP frame longer than " + MAX_PAYLOAD + " bytes: no end block");
            }
        }
        throw new MllpFramingException("connection closed inside an MLLP frame after " + payload.size() + " bytes");
    }
}
