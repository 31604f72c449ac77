package org.medsign.adapters.hl7v2.mllp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.component.mllp.MllpApplicationErrorAcknowledgementException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.ProcessorDefinition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.medsign.adapters.hl7v2.Hl7RouteTemplates;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.adapters.model.ReplyContext;
import org.medsign.adapters.model.RequestStatus;
import org.medsign.adapters.model.SigningResult;

/**
 * The {@code hl7v2-mllp-outbound} template's {@code connections} parameter on real sockets: with three connections
 * three results are at the system's listener at the same time, each on its own connection; with the default of one
 * they go one after the other on one connection; an AE keeps failing only its own exchange; an impossible number
 * fails the route at start with the parameter's name.
 */
class MllpConnectionsIntegrationTests {

    /** The HIS's MDM^T02 a result answers, with control id {@code MSG<n>}. */
    private static String original(int n) {
        return "MSH|^~\\&|HIS|HOSP|MEDSIGN|HOSP|20261207093000||MDM^T02^MDM_T02|MSG" + n + "|P|2.4\r"
                + "EVN|T02|20261207093000\r"
                + "PID|1||P1^^^HOSP^MR||ZHANG^SAN\r"
                + "TXA|1|DS|TX|20261207092500|D0003||20261207092500|||||DOC-" + n + "||||||AU||||D0003\r"
                + "OBX|1|TX|X||text||||||F\r";
    }

    private CamelContext camel;
    private FakeListener listener;
    private final ExecutorService senders = Executors.newFixedThreadPool(3);

    @AfterEach
    void stop() throws Exception {
        senders.shutdownNow();
        if (camel != null) {
            camel.stop();
        }
        if (listener != null) {
            listener.close();
        }
    }

    private void start(Map<String, String> parameters) throws Exception {
        camel = new DefaultCamelContext();
        camel.addRoutes(new Hl7RouteTemplates());
        TemplatedRouteBuilder route = TemplatedRouteBuilder.builder(camel, Hl7RouteTemplates.OUTBOUND)
                .routeId("t.outbound.mllp").parameter("system", "t")
                .parameter("port", String.valueOf(listener == null ? 1 : listener.port()))
                .parameter("receiveTimeout", "20000");
        parameters.forEach(route::parameter);
        route.add();
        camel.start();
    }

    private static SigningResult notice(int n) {
        return new SigningResult(RequestStatus.FAILED, null, ErrorCode.SIGNER_CERTIFICATE_FROZEN, "frozen",
                new ReplyContext("direct:t.outbound.result", "D0003", original(n)));
    }

    /** Sends three results at once from three threads; each future holds its exchange. */
    private List<CompletableFuture<Exchange>> sendThree() {
        ProducerTemplate producer = camel.createProducerTemplate();
        return IntStream.rangeClosed(1, 3).mapToObj(n -> CompletableFuture.supplyAsync(
                () -> producer.send("direct:t.outbound.result", e -> e.getIn().setBody(notice(n))), senders)).toList();
    }

    @Test
    void threeConnectionsCarryThreeResultsAtTheSameTime() throws Exception {
        listener = new FakeListener(3, "AA");
        start(Map.of("connections", "3"));

        List<Exchange> sent = sendThree().stream().map(CompletableFuture::join).toList();

        assertThat(sent).allSatisfy(exchange -> assertThat(exchange.getException()).isNull());
        assertThat(listener.heldTogether).as("each message waited for the other two at the listener")
                .containsExactly(true, true, true);
        assertThat(listener.connections.get()).isEqualTo(3);
        assertThat(listener.controlIds).hasSize(3);
        assertThat(camel.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinition("t.outbound.mllp")
                .getOutputs()).extracting(ProcessorDefinition::getId).as("the sending step's id, as hawtio shows it")
                .contains("t.outbound.send");
    }

    @Test
    void oneConnectionByDefaultSendsOneResultAfterTheOther() throws Exception {
        listener = new FakeListener(1, "AA");
        start(Map.of());

        List<Exchange> sent = sendThree().stream().map(CompletableFuture::join).toList();

        assertThat(sent).allSatisfy(exchange -> assertThat(exchange.getException()).isNull());
        assertThat(listener.connections.get()).as("one connection, kept open").isEqualTo(1);
        assertThat(listener.maxInFlight.get()).isEqualTo(1);
        assertThat(listener.controlIds).hasSize(3);
    }

    @Test
    void anErrorAcknowledgementFailsItsExchangeAndTheConnectionServesTheNext() throws Exception {
        listener = new FakeListener(1, "AE");
        start(Map.of("connections", "2"));
        ProducerTemplate producer = camel.createProducerTemplate();

        Exchange refused = producer.send("direct:t.outbound.result", e -> e.getIn().setBody(notice(1)));
        assertThat(refused.getException()).isInstanceOf(MllpApplicationErrorAcknowledgementException.class);

        listener.answer = "AA";
        for (int n = 2; n <= 4; n++) {
            int i = n;
            assertThat(producer.send("direct:t.outbound.result", e -> e.getIn().setBody(notice(i))).getException())
                    .isNull();
        }
        assertThat(listener.controlIds).hasSize(4);
    }

    @Test
    void anImpossibleNumberOfConnectionsFailsTheRouteWithTheParameterName() {
        for (String bad : List.of("0", "33")) {
            assertThatThrownBy(() -> start(Map.of("connections", bad))).rootCause().hasMessage("template parameter connections must be between 1 and 32, not " + bad);
            camel.stop();
        }
        assertThatThrownBy(() -> start(Map.of("connections", "many"))).rootCause()
                .hasMessage("template parameter connections must be a whole number, not 'many'");
    }

    /**
     * A system's MLLP listener: one thread per connection; each message is held until {@code together} messages are
     * at the listener at once (or 10 s passed), then answered with MSA-1 {@code answer}.
     */
    private static final class FakeListener implements AutoCloseable {

        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final ExecutorService threads = Executors.newCachedThreadPool();
        private final CountDownLatch together;
        private final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final AtomicInteger connections = new AtomicInteger();
        final List<Boolean> heldTogether = new CopyOnWriteArrayList<>();
        final Set<String> controlIds = ConcurrentHashMap.newKeySet();
        volatile String answer;

        FakeListener(int together, String answer) throws IOException {
            this.together = new CountDownLatch(together);
            this.answer = answer;
            threads.execute(this::acceptLoop);
        }

        int port() {
            return server.getLocalPort();
        }

        private void acceptLoop() {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    connections.incrementAndGet();
                    threads.execute(() -> serve(socket));
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        private void serve(Socket socket) {
            try (socket) {
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                String message;
                while ((message = readFrame(in)) != null) {
                    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    together.countDown();
                    heldTogether.add(together.await(10, TimeUnit.SECONDS));
                    String controlId = message.split("\r")[0].split("\\|")[9];
                    controlIds.add(controlId);
                    inFlight.decrementAndGet();
                    out.write(0x0b);
                    out.write(("MSH|^~\\&|HIS|HOSP|MEDSIGN|HOSP|20261207090000||ACK|A" + controlId + "|P|2.4\r"
                            + "MSA|" + answer + "|" + controlId + "\r").getBytes(StandardCharsets.UTF_8));
                    out.write(new byte[] {0x1c, 0x0d});
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the hub closed the connection, or the test ended
            }
        }

        private static String readFrame(InputStream in) throws IOException {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            if (b != 0x0b) {
                throw new IOException("not an MLLP frame: " + b);
            }
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            while ((b = in.read()) >= 0 && b != 0x1c) {
                frame.write(b);
            }
            in.read(); // the closing CR
            return frame.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            server.close();
            threads.shutdownNow();
        }
    }
}
