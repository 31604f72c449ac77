package org.medsign.hub.integration;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.Charset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test plumbing for MLLP peers outside the hub: a stand-in for a hospital system's own result listener (records
 * messages, answers AA), a sender that writes one frame and reads the ACK, and ER7 field access.
 */
public final class MllpPeer {

    private MllpPeer() {
    }

    /** A stand-in for a system's MLLP listener (a peer outside the hub): records messages and answers AA. */
    public static final class Listener {
        private final ServerSocket server;
        private final Charset charset;
        private final List<String> received = new CopyOnWriteArrayList<>();
        private final List<String> accepted = new CopyOnWriteArrayList<>();
        private volatile String ackCode = "AA";

        public Listener(Charset charset) throws IOException {
            this(charset, 0);
        }

        Listener(Charset charset, int port) throws IOException {
            this(charset, new ServerSocket(port));
        }

        /** A listener on a given server socket (e.g. a TLS one). */
        Listener(Charset charset, ServerSocket server) {
            this.charset = charset;
            this.server = server;
            Thread thread = new Thread(this::serve, "fake-system-listener");
            thread.setDaemon(true);
            thread.start();
        }

        public int port() {
            return server.getLocalPort();
        }

        public List<String> received() {
            return received;
        }

        /** The messages this listener answered with AA. */
        public List<String> accepted() {
            return accepted;
        }

        /** Answers the next messages with {@code code} (AA, or AE/AR as a system that cannot take them). */
        public void answerWith(String code) {
            ackCode = code;
        }

        private void serve() {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    while (true) {
                        String message = readFrame(socket.getInputStream(), charset);
                        received.add(message);
                        String code = ackCode;
                        if (code.equals("AA")) {
                            accepted.add(message);
                        }
                        String controlId = field(message, "MSH", 9);
                        String ack = "MSH|^~\\&|SYS|HOSP|MEDSIGN|HOSP|20261127||ACK|A" + controlId + "|P|2.4\rMSA|" + code
                                + "|" + controlId + "\r";
                        OutputStream out = socket.getOutputStream();
                        out.write(0x0b);
                        out.write(ack.getBytes(charset));
                        out.write(new byte[] {0x1c, 0x0d});
                        out.flush();
                    }
                } catch (IOException e) {
                    // connection closed by the hub: wait for the next one
                }
            }
        }
    }

    /** Sends one MLLP frame to {@code port} and reads the acknowledgment frame. */
    public static String send(int port, byte[] payload, Charset charset) throws IOException {
        return send(new Socket("127.0.0.1", port), payload, charset);
    }

    /** Sends one MLLP frame on a connected socket (e.g. a TLS one), reads the acknowledgment and closes it. */
    static String send(Socket connected, byte[] payload, Charset charset) throws IOException {
        try (Socket socket = connected) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(0x0b);
            out.write(payload);
            out.write(new byte[] {0x1c, 0x0d});
            out.flush();
            return readFrame(socket.getInputStream(), charset);
        }
    }

    static String readFrame(InputStream in, Charset charset) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        int b = in.read();
        if (b != 0x0b) {
            throw new IOException("no MLLP start block, got " + b);
        }
        int previous = -1;
        while ((b = in.read()) >= 0) {
            if (previous == 0x1c && b == 0x0d) {
                byte[] bytes = frame.toByteArray();
                return new String(bytes, 0, bytes.length - 1, charset);
            }
            frame.write(b);
            previous = b;
        }
        throw new IOException("connection closed before the end of the frame");
    }

    /** Field {@code index} of the first {@code segment} (MSH: index n is MSH-(n+1)), or null without the segment. */
    public static String field(String message, String segment, int index) {
        for (String line : message.split("\r")) {
            if (line.startsWith(segment + "|")) {
                String[] fields = line.split("\\|", -1);
                return index < fields.length ? fields[index] : "";
            }
        }
        return null;
    }

    /** The CMS SignedData carried by the OBX of type ED that the hub added to a result message. */
    public static byte[] cmsOf(String result) {
        String ed = java.util.Arrays.stream(result.split("\r")).filter(s -> s.startsWith("OBX|") && s.contains("|ED|")
                        && s.contains("pkcs7-signature"))
                .findFirst().orElseThrow(() -> new AssertionError("no OBX with the CMS in the result"));
        return java.util.Base64.getDecoder().decode(ed.split("\\|")[5].split("\\^")[4]);
    }
}
