package org.medsign.hub.security.regression;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A prober's MLLP client: connects from a chosen local address (any of 127.0.0.0/8 on Linux), writes raw bytes or
 * MLLP frames, and reads an answer frame, telling "no answer at all" apart from an ACK.
 */
final class MllpProbe implements AutoCloseable {

    static final byte START = 0x0b;
    static final byte[] END = {0x1c, 0x0d};

    private final Socket socket;

    private MllpProbe(Socket socket) {
        this.socket = socket;
    }

    /** Connects from {@code source} to the hub's port on 127.0.0.1; a reset at connect time is an IOException. */
    static MllpProbe connect(String source, int port) throws IOException {
        Socket socket = new Socket();
        try {
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(20_000);
            return new MllpProbe(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Sends one frame from {@code source} and returns the ACK, or empty when the hub gave no HL7 answer (the
     * connection was refused, reset or closed).
     */
    static Optional<String> sendFrom(String source, int port, byte[] payload) {
        try (MllpProbe probe = connect(source, port)) {
            probe.write(frame(payload));
            return Optional.of(probe.readFrame());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static byte[] frame(byte[] payload) {
        byte[] frame = new byte[payload.length + 3];
        frame[0] = START;
        System.arraycopy(payload, 0, frame, 1, payload.length);
        frame[frame.length - 2] = END[0];
        frame[frame.length - 1] = END[1];
        return frame;
    }

    void write(byte[] bytes) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
    }

    /** Reads one answer frame; IOException when the connection ends first. */
    String readFrame() throws IOException {
        InputStream in = socket.getInputStream();
        int b = in.read();
        if (b != START) {
            throw new IOException("no MLLP answer (read " + b + ")");
        }
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        while ((b = in.read()) >= 0 && b != END[0]) {
            frame.write(b);
        }
        if (b < 0) {
            throw new IOException("connection closed inside the answer");
        }
        in.read();
        return frame.toString(StandardCharsets.UTF_8);
    }

    /** Whether the hub has dropped the connection (end of stream or reset), waiting up to the socket timeout. */
    boolean dropped() {
        try {
            return socket.getInputStream().read() < 0;
        } catch (SocketException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    void readTimeout(int millis) throws SocketException {
        socket.setSoTimeout(millis);
    }

    /** Field {@code index} of the first {@code segment} of an ER7 message (MSH: n is MSH-(n+1)), or null. */
    static String field(String message, String segment, int index) {
        for (String line : message.split("\r")) {
            if (line.startsWith(segment + "|")) {
                String[] fields = line.split("\\|", -1);
                return index < fields.length ? fields[index] : "";
            }
        }
        return null;
    }

    /** The whole first {@code segment} of a message, or "". */
    static String segment(String message, String segment) {
        for (String line : message.split("\r")) {
            if (line.startsWith(segment + "|")) {
                return line;
            }
        }
        return "";
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
