package org.medsign.benchmarks.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * The MLLP mode of {@link LoadDriver}: MDM^T02 messages to the hub's HIS route over a fixed set of MLLP connections,
 * each waiting for its ACK before the next message (MLLP has one message in flight per connection). Phase 1 is a
 * closed loop over all connections; phase 2 offers half the accepted rate of phase 1 open-loop, latency counted from
 * each message's scheduled start, including any wait for a free connection. With a {@link SignedResultListener} it
 * also measures the signed MDM^T04 results and waits for each phase's results before going on.
 */
final class MllpLoad {

    /** What the run is told. */
    record Settings(InetSocketAddress hub, int messages, int connections, int size, int signers, int halfRateSeconds,
                    Integer resultPort, Duration ackTimeout, Duration resultTimeout, int warmUpSeconds) {
    }

    private final Settings settings;
    private volatile double endToEndRate;
    private volatile double baseline;
    private final String runId = Long.toString(System.currentTimeMillis(), 36).toUpperCase(Locale.ROOT);
    private final String text;
    private final BlockingQueue<MllpClient> clients;
    private final SignedResultListener listener;

    /** Binds the result listener at once, so a taken port fails the run before it starts. */
    MllpLoad(Settings settings) throws IOException {
        this.settings = settings;
        this.listener = settings.resultPort() == null ? null : new SignedResultListener(settings.resultPort());
        this.text = MdmT02.textOfSize(settings.size());
        this.clients = new ArrayBlockingQueue<>(settings.connections());
        for (int i = 0; i < settings.connections(); i++) {
            clients.add(new MllpClient(settings.hub(), settings.ackTimeout()));
        }
    }

    /** The raw SM2 baseline the report used (the higher of before and after the load), after {@link #run}. */
    double baseline() {
        return baseline;
    }

    /** Phase 1's end-to-end rate after {@link #run}: signed results/s with a result listener, else AA/s. */
    double endToEndRate() {
        return endToEndRate;
    }

    /** Runs warm-up, phase 1 and phase 2 and prints the report; returns the process exit code. */
    int run(double rawSignRate) throws Exception {
        if (listener != null) {
            System.out.printf(Locale.ROOT, "result listener: MLLP on port %d (ACKs every MDM^T04 with AA)%n",
                    listener.port());
        }
        try {
            warmUp();
            Phase max = closedLoop("M", "max", settings.messages());
            boolean maxResultsComplete = awaitResults(max);
            double offered = max.acceptedRate() / 2;
            Phase half = offered > 0 ? openLoop("H", offered, Duration.ofSeconds(settings.halfRateSeconds())) : null;
            if (half != null) {
                awaitResults(half);
            }
            rawSignRate = LoadDriver.baselineAgain(rawSignRate);
            report(rawSignRate, max, half);
            baseline = rawSignRate;
            endToEndRate = settings.resultPort() != null ? max.resultRate() : max.acceptedRate();
            boolean clean = max.accepted() == max.count() && maxResultsComplete;
            return clean ? 0 : 1;
        } finally {
            for (MllpClient client : clients) {
                client.close();
            }
            if (listener != null) {
                listener.close();
            }
        }
    }

    /**
     * Closed-loop messages, their results awaited, before the measured phases: {@code --warm-up-seconds} long in
     * rounds of 1,000 (as the HTTP load: a fresh hub's JIT compilers take minutes of the two cores), or a fifth of the
     * messages (at most 2,000) without it.
     */
    private void warmUp() throws Exception {
        if (settings.warmUpSeconds() <= 0) {
            awaitResults(closedLoop("W", "warm-up", Math.min(2_000, settings.messages() / 5 + 1)));
            return;
        }
        long end = System.nanoTime() + Duration.ofSeconds(settings.warmUpSeconds()).toNanos();
        int round = 0;
        while (System.nanoTime() < end) {
            round++;
            awaitResults(closedLoop("W" + round + "-", "warm-up " + round, 1_000));
        }
    }

    private Phase closedLoop(String tag, String name, int count) throws Exception {
        Phase phase = new Phase(tag, name + " (closed loop, " + settings.connections() + " connections)", count);
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(settings.connections());
        phase.start();
        for (int t = 0; t < settings.connections(); t++) {
            pool.execute(() -> {
                int i;
                while ((i = next.getAndIncrement()) < count) {
                    send(phase, i, System.nanoTime());
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.HOURS);
        phase.finish();
        System.out.printf(Locale.ROOT, "%s: %.0f AA/s, ACK p99 %.1f ms; %s%n", phase.name(), phase.acceptedRate(),
                phase.latencies().millis(99), phase.counts());
        return phase;
    }

    private Phase openLoop(String tag, double rate, Duration duration) throws Exception {
        Phase phase = new Phase(tag, String.format(Locale.ROOT, "half load (open loop, %.0f/s offered)", rate),
                OpenLoop.count(rate, duration));
        phase.start();
        OpenLoop.run(rate, duration, Executors.newFixedThreadPool(settings.connections()),
                (index, scheduled) -> send(phase, index, scheduled));
        phase.finish();
        System.out.printf(Locale.ROOT, "%s: ACK p50 %.1f ms, p99 %.1f ms; %s%n", phase.name(),
                phase.latencies().millis(50), phase.latencies().millis(99), phase.counts());
        return phase;
    }

    /** Sends message {@code index} of the phase on a free connection; latency counts from {@code startNanos}. */
    private void send(Phase phase, int index, long startNanos) {
        String controlId = "L" + runId + phase.tag() + index;
        String documentId = "DOC-" + controlId;
        String signer = String.format(Locale.ROOT, "D%04d", 1 + index % settings.signers());
        MdmT02 message = new MdmT02(controlId, signer, documentId, text);
        MllpClient client;
        try {
            client = clients.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            phase.failed("interrupted");
            return;
        }
        try {
            if (listener != null) {
                listener.expect(documentId, phase.tag(), startNanos);
            }
            Hl7Ack ack = client.send(message.bytes());
            long latency = System.nanoTime() - startNanos;
            if (!ack.controlId().equals(controlId)) {
                phase.failed("MSA-2 '" + ack.controlId() + "' is not the MSH-10 sent");
            } else {
                phase.acknowledged(index, ack, latency);
            }
        } catch (SocketTimeoutException e) {
            phase.timedOut();
        } catch (IOException | RuntimeException e) {
            phase.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            clients.add(client);
        }
    }

    /** Waits for the signed results of the phase's accepted messages; prints how many came and how fast. */
    private boolean awaitResults(Phase phase) throws InterruptedException {
        if (listener == null) {
            return true;
        }
        SignedResultListener.PhaseResults results = listener.phase(phase.tag());
        boolean complete = results.await(phase.accepted(), settings.resultTimeout());
        phase.results = results;
        System.out.printf(Locale.ROOT, "  signed results of %s: %d of %d accepted%s, %.0f results/s, send→result "
                        + "p50 %.0f ms, p99 %.0f ms%n", phase.name(), results.count(), phase.accepted(),
                complete ? "" : " (timed out after " + settings.resultTimeout().toSeconds() + " s)",
                phase.resultRate(), results.latencies().millis(50), results.latencies().millis(99));
        return complete;
    }

    private void report(double rawSignRate, Phase max, Phase half) {
        List<Phase> phases = half == null ? List.of(max) : List.of(max, half);
        System.out.println();
        System.out.println("| phase | sent | AA | AE | AR | timeouts | errors | AA/s | ACK p50 (ms) | p90 (ms) "
                + "| p99 (ms) | max (ms) | vs raw SM2 sign |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Phase phase : phases) {
            Latencies l = phase.latencies();
            System.out.printf(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d | %.0f | %.1f | %.1f | %.1f | %.1f "
                            + "| %.1f%% |%n", phase.name(), phase.count(), phase.accepted(), phase.errorAcks.get(),
                    phase.rejectAcks.get(), phase.timeouts.get(), phase.failures.get(), phase.acceptedRate(),
                    l.millis(50), l.millis(90), l.millis(99), l.maxMillis(), 100 * phase.acceptedRate() / rawSignRate);
        }
        if (listener != null) {
            System.out.println();
            System.out.println("| phase | signed results | missing | results/s | send→result p50 (ms) | p90 (ms) "
                    + "| p99 (ms) | max (ms) | vs raw SM2 sign |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
            for (Phase phase : phases) {
                Latencies l = phase.results.latencies();
                System.out.printf(Locale.ROOT, "| %s | %d | %d | %.0f | %.0f | %.0f | %.0f | %.0f | %.1f%% |%n",
                        phase.name(), l.count(), phase.accepted() - l.count(), phase.resultRate(), l.millis(50),
                        l.millis(90), l.millis(99), l.maxMillis(), 100 * phase.resultRate() / rawSignRate);
            }
            System.out.printf(Locale.ROOT, "%nresults for documents not sent in this run: %d; further results for a "
                            + "document: %d with the same MSH-10 (sent again), %d with a new MSH-10; unreadable: %d; "
                            + "not MDM^T04/LA with an ED OBX: %d%n", listener.unmatched(), listener.resent(),
                    listener.duplicates(), listener.unreadable(), listener.incomplete());
        }
        for (Phase phase : phases) {
            phase.reasons.forEach((reason, n) -> System.out.printf(Locale.ROOT, "%s: %d × %s%n", phase.name(), n,
                    reason));
        }
        System.out.printf(Locale.ROOT, "%nraw SM2 sign baseline %.0f/s; goal ≥ 20%% (moonshot 50%%); p99 at half load "
                + "goal ≤ 50 ms%n", rawSignRate);
    }

    /** Counts and latencies of one phase; AA latencies only, the other outcomes are counted. */
    private static final class Phase {
        private final String tag;
        private final String name;
        private final long[] latencies;
        private final boolean[] acceptedAt;
        private final AtomicInteger accepted = new AtomicInteger();
        private final AtomicInteger errorAcks = new AtomicInteger();
        private final AtomicInteger rejectAcks = new AtomicInteger();
        private final AtomicInteger timeouts = new AtomicInteger();
        private final AtomicInteger failures = new AtomicInteger();
        private final Map<String, Integer> reasons = new ConcurrentHashMap<>();
        private long startNanos;
        private double seconds;
        private SignedResultListener.PhaseResults results;

        Phase(String tag, String name, int count) {
            this.tag = tag;
            this.name = name;
            this.latencies = new long[count];
            this.acceptedAt = new boolean[count];
        }

        String tag() {
            return tag;
        }

        String name() {
            return name;
        }

        int count() {
            return latencies.length;
        }

        int accepted() {
            return accepted.get();
        }

        void start() {
            startNanos = System.nanoTime();
        }

        void finish() {
            seconds = (System.nanoTime() - startNanos) / 1e9;
        }

        double acceptedRate() {
            return accepted.get() / seconds;
        }

        /** Results per second from the phase's start to the last result. */
        double resultRate() {
            if (results == null || results.count() == 0) {
                return 0;
            }
            return results.count() / ((results.lastArrivalNanos() - startNanos) / 1e9);
        }

        void acknowledged(int index, Hl7Ack ack, long latencyNanos) {
            switch (ack.outcome()) {
                case ACCEPTED -> {
                    latencies[index] = latencyNanos;
                    acceptedAt[index] = true;
                    accepted.incrementAndGet();
                }
                case ERROR -> {
                    errorAcks.incrementAndGet();
                    remember(ack.code() + " " + ack.reason());
                }
                case REJECTED -> {
                    rejectAcks.incrementAndGet();
                    remember(ack.code() + " " + ack.reason());
                }
            }
        }

        void timedOut() {
            timeouts.incrementAndGet();
        }

        void failed(String reason) {
            failures.incrementAndGet();
            remember(reason);
        }

        /** Counts a reason; at most 20 distinct ones, each cut to 160 characters, so ids in texts cannot flood it. */
        private void remember(String reason) {
            String key = reason.length() <= 160 ? reason : reason.substring(0, 160) + "…";
            if (reasons.size() < 20 || reasons.containsKey(key)) {
                reasons.merge(key, 1, Integer::sum);
            }
        }

        /** Latencies of the accepted messages (read after the phase's threads finished). */
        Latencies latencies() {
            return new Latencies(IntStream.range(0, latencies.length).filter(i -> acceptedAt[i])
                    .mapToLong(i -> latencies[i]).toArray());
        }

        String counts() {
            return String.format(Locale.ROOT, "%d AA, %d AE, %d AR, %d timeouts, %d errors", accepted.get(),
                    errorAcks.get(), rejectAcks.get(), timeouts.get(), failures.get());
        }
    }
}
