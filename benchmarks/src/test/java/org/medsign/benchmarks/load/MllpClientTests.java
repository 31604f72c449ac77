package org.medsign.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client against a scripted peer on a loopback socket. */
class MllpClientTests {

    private ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    /**
     * A peer that answers the first {@code answered} frames of each connection with {@code reply} (never, when null),
     * then reads one more frame and closes the connection without answering it.
     */
    private InetSocketAddress peer(String reply, int answered) throws IOException {
        server = new ServerSocket(0);
        Thread thread = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    connections.incrementAndGet();
                    InputStream in = new BufferedInputStream(socket.getInputStream());
                    for (int i = 0; reply != null && i < answered && MllpFraming.read(in) != null; i++) {
                        MllpFraming.write(socket.getOutputStream(), reply.getBytes(StandardCharsets.UTF_8));
                    }
                    MllpFraming.read(in);
                    if (reply == null) {
                        in.read(); // hold the connection open, unanswered, until the client gives up
                    }
                } catch (IOException e) {
                    // the client closed the connection
                }
            }
        }, "scripted-mllp-peer");
        thread.setDaemon(true);
        thread.start();
        return new InetSocketAddress("127.0.0.1", server.getLocalPort());
    }

    private static byte[] message(String controlId) {
        return new MdmT02(controlId, "D0001", "DOC-" + controlId, "x").bytes();
    }

    @Test
    void sendsOnOneConnectionAndReturnsEachAcknowledgment() throws IOException {
        InetSocketAddress address = peer("MSH|^~\\&|MEDSIGN|HOSP|HIS|HOSP|||ACK|A1|P|2.5.1\rMSA|AA|C1\r", 10);
        try (MllpClient client = new MllpClient(address, Duration.ofSeconds(10))) {
            assertThat(client.send(message("C1"))).isEqualTo(new Hl7Ack("AA", "C1", ""));
            assertThat(client.send(message("C1"))).isEqualTo(new Hl7Ack("AA", "C1", ""));
        }
        assertThat(connections.get()).isEqualTo(1);
    }

    @Test
    void reconnectsAfterThePeerClosedWithoutAnAcknowledgment() throws IOException {
        InetSocketAddress address = peer("MSH|^~\\&|MEDSIGN|HOSP|HIS|HOSP|||ACK|A1|P|2.5.1\rMSA|AE|C1\r", 1);
        try (MllpClient client = new MllpClient(address, Duration.ofSeconds(10))) {
            assertThat(client.send(message("C1")).code()).isEqualTo("AE");
            assertThatThrownBy(() -> client.send(message("C2")))
                    .isInstanceOf(MllpFramingException.class)
                    .hasMessage("the hub closed the connection without an acknowledgment");
            assertThat(client.send(message("C3")).code()).isEqualTo("AE");
        }
        assertThat(connections.get()).isEqualTo(2);
    }

    @Test
    void givesUpWhenNoAcknowledgmentComesWithinTheTimeout() throws IOException {
        InetSocketAddress address = peer(null, 0);
        try (MllpClient client = new MllpClient(address, Duration.ofMillis(100))) {
            assertThatThrownBy(() -> client.send(message("C1"))).isInstanceOf(SocketTimeoutException.class);
        }
    }
}
