package org.medsign.benchmarks.load;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The driver's stand-in for the HIS result listener: accepts the hub's MDM^T04 messages over MLLP, answers each with
 * AA (MSA-2 = its MSH-10) and matches it to the message sent with the same document id (TXA-12.1), recording the
 * time from send to result per phase. Results nobody expects (e.g. redeliveries of an earlier run) are counted, not
 * matched.
 */
final class SignedResultListener implements Closeable {

    private final ServerSocket server;
    private final ExecutorService connections = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "mllp-result-listener");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Expected> expected = new ConcurrentHashMap<>();
    /** Document id → MSH-10 of its first result. */
    private final Map<String, String> delivered = new ConcurrentHashMap<>();
    private final Map<String, PhaseResults> phases = new ConcurrentHashMap<>();
    private final AtomicInteger unmatched = new AtomicInteger();
    private final AtomicInteger duplicates = new AtomicInteger();
    private final AtomicInteger resent = new AtomicInteger();
    private final AtomicInteger unreadable = new AtomicInteger();
    private final AtomicInteger incomplete = new AtomicInteger();

    private record Expected(String phase, long sentNanos) {
    }

    /** Listens on {@code port} of the loopback and wildcard addresses (0 = any free port). */
    SignedResultListener(int port) throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress((InetAddress) null, port), 64);
        connections.execute(this::acceptLoop);
    }

    /** The bound port. */
    int port() {
        return server.getLocalPort();
    }

    /** Registers a message about to be sent; call before sending, a result can come back quickly. */
    void expect(String documentId, String phase, long sentNanos) {
        expected.put(documentId, new Expected(phase, sentNanos));
        phase(phase);
    }

    /** The results of {@code phase} received so far. */
    PhaseResults phase(String phase) {
        return phases.computeIfAbsent(phase, name -> new PhaseResults());
    }

    /** Results whose document id was never sent in this run. */
    int unmatched() {
        return unmatched.get();
    }

    /** Further results for a document whose result had already arrived, with a new MSH-10 (a second result). */
    int duplicates() {
        return duplicates.get();
    }

    /** Further results for a document with the MSH-10 of its first result (the same message sent again). */
    int resent() {
        return resent.get();
    }

    /** Frames that were not a readable HL7 message; answered AR. */
    int unreadable() {
        return unreadable.get();
    }

    /** Results that are not MDM^T04 with TXA-17 = LA and an ED OBX (counted, still matched and acknowledged). */
    int incomplete() {
        return incomplete.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.execute(() -> serve(socket));
            } catch (IOException e) {
                // closed by close(), or a failed accept: the loop condition decides
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            byte[] frame;
            while ((frame = MllpFraming.read(in)) != null) {
                long now = System.nanoTime();
                MllpFraming.write(out, answer(new String(frame, StandardCharsets.UTF_8), now)
                        .getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the hub closed or broke the connection; it reconnects for the next result
        }
    }

    /** Records one received message and returns the acknowledgment to send. */
    String answer(String text, long receivedNanos) {
        Er7Message message;
        try {
            message = new Er7Message(text);
        } catch (MalformedHl7Exception e) {
            unreadable.incrementAndGet();
            return "MSH|^~\\&|HIS|HOSP|MEDSIGN|HOSP|||ACK|AR|P|2.5.1\rMSA|AR|\r";
        }
        boolean complete = message.field("MSH", 9).startsWith("MDM^T04") && message.field("TXA", 17).equals("LA")
                && message.segments("OBX").stream().anyMatch(obx -> obx.length > 5 && obx[2].equals("ED")
                && obx[5].length() > 100);
        if (!complete) {
            incomplete.incrementAndGet();
        }
        String documentId = message.component("TXA", 12, 1);
        String controlId = message.field("MSH", 10);
        Expected sent = expected.remove(documentId);
        String first = delivered.get(documentId);
        if (sent != null) {
            delivered.put(documentId, controlId);
            phase(sent.phase()).add(receivedNanos - sent.sentNanos(), receivedNanos);
        } else if (first != null) {
            (first.equals(controlId) ? resent : duplicates).incrementAndGet();
        } else {
            unmatched.incrementAndGet();
        }
        return Hl7Ack.accepting(message);
    }

    @Override
    public void close() throws IOException {
        server.close();
        connections.shutdownNow();
    }

    /** Results of one phase: send-to-result latencies and the time the last one arrived. */
    static final class PhaseResults {
        private long[] latencies = new long[1024];
        private int count;
        private long lastArrivalNanos;

        synchronized void add(long latencyNanos, long arrivalNanos) {
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = latencyNanos;
            lastArrivalNanos = Math.max(lastArrivalNanos, arrivalNanos);
            notifyAll();
        }

        synchronized int count() {
            return count;
        }

        /** {@link System#nanoTime()} of the last result; 0 before the first. */
        synchronized long lastArrivalNanos() {
            return lastArrivalNanos;
        }

        synchronized Latencies latencies() {
            return new Latencies(Arrays.copyOf(latencies, count));
        }

        /** Waits until {@code expected} results arrived or the timeout passed; whether they all did. */
        synchronized boolean await(int expected, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (count < expected) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                wait(Math.max(1, remaining / 1_000_000));
            }
            return true;
        }
    }
}
