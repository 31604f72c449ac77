package org.medsign.benchmarks.load;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One MLLP connection to the hub, used by one thread at a time: sends a message and waits for its acknowledgment on
 * the same connection. Connects on first use; after any failure the connection is closed and the next send opens a
 * new one, so a late acknowledgment is never read as the answer to the next message.
 */
final class MllpClient implements Closeable {

    private final InetSocketAddress address;
    private final int ackTimeoutMillis;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    MllpClient(InetSocketAddress address, Duration ackTimeout) {
        this.address = address;
        this.ackTimeoutMillis = Math.toIntExact(ackTimeout.toMillis());
    }

    /**
     * Sends {@code message} and returns the acknowledgment; a {@link java.net.SocketTimeoutException} when none came
     * within the timeout, an {@link MllpFramingException} or {@link MalformedHl7Exception} for a broken answer.
     */
    Hl7Ack send(byte[] message) throws IOException {
        try {
            if (socket == null) {
                connect();
            }
            MllpFraming.write(out, message);
            byte[] reply = MllpFraming.read(in);
            if (reply == null) {
                throw new MllpFramingException("the hub closed the connection without an acknowledgment");
            }
            return Hl7Ack.parse(new String(reply, StandardCharsets.UTF_8));
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private void connect() throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(address, 5_000);
            s.setSoTimeout(ackTimeoutMillis);
            in = new BufferedInputStream(s.getInputStream());
            out = s.getOutputStream();
            socket = s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing after a failure: nothing more to learn
            }
            socket = null;
        }
    }
}
