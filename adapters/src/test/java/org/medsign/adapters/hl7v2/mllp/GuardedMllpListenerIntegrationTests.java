package org.medsign.adapters.hl7v2.mllp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.medsign.adapters.hl7v2.Hl7RouteTemplates;
import org.medsign.adapters.hl7v2.RecordingGateway;
import org.medsign.adapters.model.PeerRefusal;
import org.medsign.adapters.model.SigningGateway;
import org.medsign.adapters.route.AdapterErrors;

/**
 * The {@code hl7v2-mllp-inbound} template on a real socket in a plain CamelContext: a peer outside the allowlist is
 * reset before anything is read and reported; an address over its share of connections is reset while another one
 * connects; an idle connection is reset; a frame over the read limit resets the connection and is recorded, a
 * message just over {@code maxMessageBytes} gets AR; a malformed allowlist fails the route at start.
 */
class GuardedMllpListenerIntegrationTests {

    private static final String MESSAGE = "MSH|^~\\&|HIS|HOSP|MEDSIGN|HOSP|20261127093000||MDM^T02^MDM_T02|%s|P|2.4\r"
            + "PID|1||P1^^^HOSP^MR||ZHANG^SAN\r"
            + "TXA|1|DS|TX|20261127092500|D0001||20261127092500|||||DOC-1||||||AU||||D0001\r"
            + "OBX|1|TX|DISCHARGE^x^L||discharged||||||F\r";

    private final RecordingGateway gateway = new RecordingGateway();
    private final List<Socket> sockets = new ArrayList<>();
    private CamelContext camel;
    private int port;

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        if (camel != null) {
            camel.stop();
        }
    }

    private void start(Map<String, String> parameters) throws Exception {
        start(parameters, new java.util.Properties());
    }

    private void start(Map<String, String> parameters, java.util.Properties hubSettings) throws Exception {
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        camel = new DefaultCamelContext();
        camel.getPropertiesComponent().setInitialProperties(hubSettings);
        camel.getRegistry().bind(SigningGateway.BEAN_NAME, gateway);
        camel.addRoutes(new AdapterErrors());
        camel.addRoutes(new Hl7RouteTemplates());
        TemplatedRouteBuilder route = TemplatedRouteBuilder.builder(camel, Hl7RouteTemplates.INBOUND)
                .routeId("t.inbound.mllp").parameter("system", "t").parameter("port", String.valueOf(port));
        parameters.forEach(route::parameter);
        route.add();
        camel.start();
        String host = parameters.getOrDefault("bindAddress",
                hubSettings.getProperty("medsign.mllp.bind-address", "127.0.0.1"));
        Awaitility.await("listener bound").atMost(Duration.ofSeconds(10)).until(() -> {
            try (Socket probe = new Socket()) {
                probe.bind(new InetSocketAddress("127.0.0.1", 0));
                probe.connect(new InetSocketAddress(host, port), 200);
                return true;
            } catch (IOException e) {
                return false;
            }
        });
        GuardedMllpConsumer consumer = (GuardedMllpConsumer) camel.getRoute("t.inbound.mllp").getConsumer();
        Awaitility.await("the probe's connection closed on the listener side").atMost(Duration.ofSeconds(10))
                .until(() -> consumer.openConnections(InetAddress.getByName("127.0.0.1")) == 0);
    }

    private Socket connectFrom(String source) throws IOException {
        return connect(source, "127.0.0.1");
    }

    private Socket connect(String source, String listener) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(source, 0));
        socket.connect(new InetSocketAddress(listener, port), 2_000);
        socket.setSoTimeout(10_000);
        sockets.add(socket);
        return socket;
    }

    private static String exchange(Socket socket, byte[] payload) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(0x0b);
        out.write(payload);
        out.write(new byte[] {0x1c, 0x0d});
        out.flush();
        return readFrame(socket.getInputStream());
    }

    private static String readFrame(InputStream in) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        int b = in.read();
        if (b != 0x0b) {
            throw new IOException("no MLLP answer, read " + b);
        }
        while ((b = in.read()) >= 0 && b != 0x1c) {
            frame.write(b);
        }
        return frame.toString(StandardCharsets.UTF_8);
    }

    /** Whether the hub dropped the connection: end of stream or a reset, without a byte of answer. */
    private static boolean dropped(Socket socket) {
        try {
            return socket.getInputStream().read() < 0;
        } catch (SocketException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static byte[] message(String controlId) {
        return String.format(MESSAGE, controlId).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aRestartedListenerBindsItsPortAtOnceWhileTheOldConnectionsLinger() throws Exception {
        // what a hub that stopped a moment ago leaves on its port: a connection it closed first, in TIME_WAIT (60 s).
        // Linux lets a new listener bind over it only when both have SO_REUSEADDR (the previous hub, too, has this
        // route template)
        int lingering;
        try (ServerSocket previous = new ServerSocket()) {
            previous.setReuseAddress(true);
            previous.bind(new InetSocketAddress("127.0.0.1", 0));
            lingering = previous.getLocalPort();
            try (Socket client = new Socket("127.0.0.1", lingering); Socket accepted = previous.accept()) {
                accepted.close(); // the server side closes first
                assertThat(client.getInputStream().read()).isEqualTo(-1);
            }
        }

        camel = new DefaultCamelContext();
        camel.getRegistry().bind(SigningGateway.BEAN_NAME, gateway);
        camel.addRoutes(new AdapterErrors());
        camel.addRoutes(new Hl7RouteTemplates());
        TemplatedRouteBuilder.builder(camel, Hl7RouteTemplates.INBOUND).routeId("t.inbound.mllp")
                .parameter("system", "t").parameter("port", String.valueOf(lingering)).add();
        long started = System.nanoTime();
        camel.start(); // without SO_REUSEADDR (camel-mllp's default): 30 s of bind retries, then the route fails
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("bound at the first attempt")
                .isLessThan(Duration.ofSeconds(5));
        port = lingering;
        assertThat(exchange(connectFrom("127.0.0.1"), message("RESTART-1"))).contains("MSA|");
    }

    @Test
    void aPeerOutsideTheAllowlistIsResetBeforeAnythingIsReadAndReported() throws Exception {
        start(Map.of("allowedAddresses", "127.0.0.1"));

        assertThatThrownBy(() -> exchange(connectFrom("127.0.0.2"), message("FORGED-1")))
                .as("reset, at connect or at the first read").isInstanceOf(IOException.class);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !gateway.refusedPeers.isEmpty());
        assertThat(gateway.refusedPeers).containsExactly(new PeerRefusal("t", "hl7v2", "127.0.0.2",
                PeerRefusal.Reason.NOT_ALLOWED));
        assertThat(gateway.accepted).isEmpty();
        assertThat(gateway.rejections).isEmpty();

        assertThat(exchange(connectFrom("127.0.0.1"), message("LOCAL-1"))).contains("MSA|AA|LOCAL-1");
        assertThat(gateway.accepted).extracting(r -> r.requestId()).containsExactly("LOCAL-1");
    }

    @Test
    void withoutAllowedAddressesOnlyLoopbackMayConnect() throws Exception {
        start(Map.of());
        assertThatThrownBy(() -> exchange(connectFrom("127.0.0.5"), message("FORGED-2")))
                .isInstanceOf(IOException.class);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !gateway.refusedPeers.isEmpty());
        assertThat(gateway.refusedPeers).extracting(PeerRefusal::address).containsExactly("127.0.0.5");
        assertThat(exchange(connectFrom("127.0.0.1"), message("LOCAL-2"))).contains("MSA|AA|LOCAL-2");
    }

    @Test
    void anAddressOverItsShareOfConnectionsIsResetWhileAnotherConnects() throws Exception {
        start(Map.of("allowedAddresses", "127.0.0.1, 127.0.0.3", "maxConnectionsPerAddress", "2"));
        Socket first = connectFrom("127.0.0.1");
        Socket second = connectFrom("127.0.0.1");
        assertThatThrownBy(() -> exchange(connectFrom("127.0.0.1"), message("THIRD-1")))
                .isInstanceOf(IOException.class);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !gateway.refusedPeers.isEmpty());
        assertThat(gateway.refusedPeers).containsExactly(new PeerRefusal("t", "hl7v2", "127.0.0.1",
                PeerRefusal.Reason.TOO_MANY_CONNECTIONS));

        assertThat(exchange(connectFrom("127.0.0.3"), message("OTHER-1"))).contains("MSA|AA|OTHER-1");
        assertThat(exchange(first, message("FIRST-1"))).contains("MSA|AA|FIRST-1");

        second.close();
        Awaitility.await("a closed connection frees its place").atMost(Duration.ofSeconds(10))
                .until(() -> exchange(connectFrom("127.0.0.1"), message("AGAIN-" + System.nanoTime()))
                        .contains("MSA|AA|"));
    }

    @Test
    void anIdleConnectionIsReset() throws Exception {
        start(Map.of("idleTimeout", "1000", "receiveTimeout", "300"));
        Socket idle = connectFrom("127.0.0.1");
        long start = System.nanoTime();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> dropped(idle));
        System.out.printf("idle connection reset after %d ms (idleTimeout 1000, receiveTimeout 300)%n",
                (System.nanoTime() - start) / 1_000_000);
    }

    @Test
    void aFrameOverTheReadLimitResetsTheConnectionAndIsRecorded() throws Exception {
        start(Map.of("maxMessageBytes", "10000"));
        byte[] justOver = message("BIG-1");
        byte[] padded = new byte[10_100];
        System.arraycopy(justOver, 0, padded, 0, justOver.length);
        java.util.Arrays.fill(padded, justOver.length, padded.length, (byte) 'x');
        assertThat(exchange(connectFrom("127.0.0.1"), padded)).contains("MSA|AR|BIG-1")
                .contains("HL7_LIMIT_MESSAGE_BYTES");

        Socket huge = connectFrom("127.0.0.1");
        byte[] frame = new byte[10_000 + GuardedMllpComponent.FRAME_SLACK + 10_000];
        java.util.Arrays.fill(frame, (byte) 'x');
        assertThatThrownBy(() -> exchange(huge, frame)).isInstanceOf(IOException.class);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> gateway.rejections.stream()
                .anyMatch(r -> r.code().name().equals("MLLP_FRAME_TOO_LARGE")));
        assertThat(gateway.rejections).extracting(r -> r.code().name())
                .containsExactlyInAnyOrder("HL7_LIMIT_MESSAGE_BYTES", "MLLP_FRAME_TOO_LARGE");
    }

    @Test
    void aMalformedAllowlistFailsTheRouteAtStartNamingTheEntry() {
        assertThatThrownBy(() -> start(Map.of("allowedAddresses", "127.0.0.1, his-server")))
                .hasStackTraceContaining("allowedAddresses entry 'his-server' is invalid");
    }

    @Test
    void theListenerBindsOnlyItsBindAddress() throws Exception {
        start(Map.of("bindAddress", "127.0.0.2", "allowedAddresses", "127.0.0.0/8"));
        assertThat(exchange(connect("127.0.0.1", "127.0.0.2"), message("BOUND-1"))).contains("MSA|AA|BOUND-1");
        assertThatThrownBy(() -> connect("127.0.0.1", "127.0.0.1")).isInstanceOf(ConnectException.class);
    }

    @Test
    void theHubWideBindAddressAppliesWhenTheRouteNamesNone() throws Exception {
        java.util.Properties hub = new java.util.Properties();
        hub.setProperty("medsign.mllp.bind-address", "127.0.0.2");
        start(Map.of("allowedAddresses", "127.0.0.1"), hub);
        assertThat(exchange(connect("127.0.0.1", "127.0.0.2"), message("HUBWIDE-1"))).contains("MSA|AA|HUBWIDE-1");
        assertThatThrownBy(() -> connect("127.0.0.1", "127.0.0.1")).isInstanceOf(ConnectException.class);
    }
}
