package org.medsign.benchmarks.load;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.medsign.crypto.sm.Sm2;
import org.medsign.crypto.sm.Sm2KeyPair;

/**
 * End-to-end load driver for the hub, over its HTTP sign API (default) or, with {@code --mllp}, over HL7 v2 MLLP to
 * the HIS route. Phase 1 pushes N requests at concurrency C (closed loop) to find the sustained rate; phase 2 offers
 * half that rate open-loop and measures latency from each request's scheduled start (no coordinated omission). In
 * the same run it measures raw BouncyCastle single-thread SM2 signing, the baseline the results are compared with.
 *
 * <pre>java -jar benchmarks/target/medsign-load.jar --url http://localhost:8080 --api-key KEY [--requests 20000]
 *     [--concurrency 64] [--size 1024] [--signers 10] [--half-rate-seconds 20]
 * java -jar benchmarks/target/medsign-load.jar --mllp 127.0.0.1:2575 [--result-port 2585] [--requests 20000]
 *     [--concurrency 16] [--size 1024] [--signers 10] [--half-rate-seconds 20] [--ack-timeout-seconds 30]
 *     [--result-timeout-seconds 300]</pre>
 *
 * <p>HTTP mode: {@code POST /api/v1/sign/message} with the API key ({@code --api-key} or {@code
 * MEDSIGN_DEMO_API_KEY}), detached CMS over {@code --size} random bytes, signers D0001..D00K; a request counts when
 * it is answered 200.
 *
 * <p>MLLP mode ({@code --mllp host:port}, no API key): MDM^T02 in UTF-8 with a unique MSH-10 per message, signer
 * D0001..D00K in TXA-5.1 and TXA-22.1, document id {@code DOC-<MSH-10>} in TXA-12.1, about {@code --size} bytes of
 * Chinese text in OBX-5 (TX). {@code --concurrency} is the number of MLLP connections (default 16; the HIS route
 * accepts 32); each sends a message and waits for its ACK before the next, in both phases, so in phase 2 a message
 * waiting for a free connection counts that wait. The ACK is counted as AA (the hub holds the request durably),
 * AE/AR (with the ERR-8 reason), timeout (none within {@code --ack-timeout-seconds}) or error (broken frame, MSA-2
 * not the MSH-10 sent); the throughput is AA per second, the latencies are those of the AA.
 *
 * <p>{@code --result-port P} (MLLP mode only) runs the driver's own MLLP listener on P in place of the HIS result
 * listener (the HIS route sends to 127.0.0.1:2585, so pass 2585 and run nothing else there). It answers every
 * MDM^T04 with AA (MSA-2 = its MSH-10), matches it to the message sent by TXA-12.1 and reports signed results per
 * second (from the phase's start to its last result) and the latency from send to result. After the warm-up and
 * after each phase the driver waits up to {@code --result-timeout-seconds} for the results of all accepted messages
 * before going on, so the signing backlog of one phase does not load the next. Without it the hub's results go to
 * whatever listens on its result port, or are retried and dead-lettered by the hub, which loads it too.
 *
 * <p>{@code --open-windows CODES} first lets the system sign without a prompt: the demo systems are under the
 * {@code window} signing policy, so each signer D0001..D00K opens a signing window for {@code demo} (HTTP mode) or
 * {@code his} (MLLP mode) at {@code --url}, with {@code medsign app window} (activating the app first with the code of
 * its line in CODES, e.g. {@code data/secrets/demo-activation-codes}, when it has one; PIN from {@code MEDSIGN_PIN}).
 * Without a window the hub answers 202 (a pending task) and nothing is signed.
 *
 * <p>{@code --min-ratio PCT} is the regression guard (docs/performance.md, "Regression check"): the run fails with
 * exit code 3 when phase 1's end-to-end rate (HTTP: answered req/s; MLLP: signed results/s with a result port, else
 * AA/s) is below PCT per cent of the raw SM2 rate measured in the same run.
 *
 * <p>Exit code 0 when phase 1 was answered completely (HTTP: all 200; MLLP: all AA and, with a result port, all
 * results received), else 1; 2 for bad options; 3 when the ratio is below {@code --min-ratio}.
 */
public final class LoadDriver {

    private final URI url;
    private final String apiKey;
    private final int requests;
    private final int concurrency;
    private final int size;
    private final int signers;
    private final int halfRateSeconds;
    /** Warm-up length in seconds (closed loop); 0: the request-count warm-up of earlier versions. */
    private final int warmUpSeconds;
    /** The hub's process id on this machine (0: unknown), to report its CPU per request of each phase. */
    private final long hubPid;
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newFixedThreadPool(8)).build();
    private final byte[] content;
    private final MllpLoad.Settings mllp;
    private final String hub;
    private final java.nio.file.Path windowCodes;
    /** The lowest acceptable ratio of phase 1's rate to raw SM2 signing, in per cent (0: no check). */
    private final double minRatio;

    private LoadDriver(String[] args) {
        String urlText = "http://localhost:8080";
        String key = System.getenv("MEDSIGN_DEMO_API_KEY");
        int n = 20_000;
        Integer c = null;
        int s = 1024;
        int k = 10;
        int half = 20;
        int warm = 0;
        long pid = 0;
        String mllpTarget = null;
        Integer resultPort = null;
        int ackTimeout = 30;
        int resultTimeout = 300;
        String codes = null;
        double min = 0;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--url" -> urlText = value;
                case "--api-key" -> key = value;
                case "--requests" -> n = Integer.parseInt(value);
                case "--concurrency" -> c = Integer.parseInt(value);
                case "--size" -> s = Integer.parseInt(value);
                case "--signers" -> k = Integer.parseInt(value);
                case "--half-rate-seconds" -> half = Integer.parseInt(value);
                case "--warm-up-seconds" -> warm = Integer.parseInt(value);
                case "--hub-pid" -> pid = Long.parseLong(value);
                case "--mllp" -> mllpTarget = value;
                case "--result-port" -> resultPort = Integer.parseInt(value);
                case "--ack-timeout-seconds" -> ackTimeout = Integer.parseInt(value);
                case "--result-timeout-seconds" -> resultTimeout = Integer.parseInt(value);
                case "--open-windows" -> codes = value;
                case "--min-ratio" -> min = Double.parseDouble(value);
                case "--help", "-h" -> {
                    System.out.println("usage: medsign-load --url URL --api-key KEY [--requests N] [--concurrency C] "
                            + "[--size BYTES] [--signers K] [--half-rate-seconds S] [--warm-up-seconds S] "
                            + "[--hub-pid PID] [--min-ratio PCT]\n"
                            + "       medsign-load --mllp HOST:PORT [--result-port P] [--requests N] [--concurrency C] "
                            + "[--size BYTES] [--signers K] [--half-rate-seconds S] [--ack-timeout-seconds S] "
                            + "[--result-timeout-seconds S] [--min-ratio PCT]");
                    System.exit(0);
                }
                default -> {
                    System.err.println("unknown option " + args[i]);
                    System.exit(2);
                }
            }
            i++;
        }
        if (mllpTarget == null && resultPort != null) {
            System.err.println("--result-port needs --mllp");
            System.exit(2);
        }
        if (mllpTarget == null && key == null) {
            System.err.println("--api-key (or MEDSIGN_DEMO_API_KEY) is required");
            System.exit(2);
        }
        this.url = URI.create(urlText + "/api/v1/sign/message");
        this.hub = urlText;
        this.windowCodes = codes == null ? null : java.nio.file.Path.of(codes);
        this.minRatio = min;
        this.apiKey = key;
        this.requests = n;
        this.concurrency = c != null ? c : mllpTarget == null ? 64 : 16;
        this.size = s;
        this.signers = k;
        this.halfRateSeconds = half;
        this.warmUpSeconds = warm;
        this.hubPid = pid;
        this.content = new byte[size];
        new SecureRandom().nextBytes(content);
        this.mllp = mllpTarget == null ? null : new MllpLoad.Settings(hostAndPort(mllpTarget), n, concurrency, s, k,
                half, resultPort, Duration.ofSeconds(ackTimeout), Duration.ofSeconds(resultTimeout), warm);
    }

    private static InetSocketAddress hostAndPort(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            System.err.println("--mllp takes HOST:PORT, e.g. 127.0.0.1:2575");
            System.exit(2);
        }
        return new InetSocketAddress(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
    }

    /** Each signer opens a signing window for {@code system} with the CLI's {@code app window} (see the class doc). */
    private void openWindows(String system) throws java.io.IOException {
        java.util.Map<String, String> codeOf = new java.util.HashMap<>();
        for (String line : java.nio.file.Files.readAllLines(windowCodes)) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 2 && !line.startsWith("#")) {
                codeOf.put(parts[0], parts[1]);
            }
        }
        for (int i = 1; i <= signers; i++) {
            String staffId = String.format("D%04d", i);
            List<String> args = new java.util.ArrayList<>(List.of("app", "window", "--hub", hub, "--staff", staffId,
                    "--system", system, "--hours", "8"));
            if (codeOf.containsKey(staffId)) {
                args.addAll(List.of("--activation-code", codeOf.get(staffId)));
            }
            int exit = org.medsign.cli.MedsignCommand.newCommandLine().execute(args.toArray(String[]::new));
            if (exit != 0) {
                System.err.println("could not open the signing window of " + staffId + " (exit " + exit + ")");
                System.exit(2);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        new LoadDriver(args).run();
    }

    private void run() throws Exception {
        if (windowCodes != null) {
            openWindows(mllp == null ? "demo" : "his");
        }
        if (mllp != null) {
            runMllp();
            return;
        }
        System.out.printf(Locale.ROOT, "MedSign load: %d requests, concurrency %d, %d-byte documents, %d signers, %s%n",
                requests, concurrency, size, signers, url);
        double rawSignRate = rawSm2SignRate(Duration.ofSeconds(5));
        System.out.printf(Locale.ROOT, "baseline: raw BouncyCastle SM2 sign, one thread, signer initialised once, "
                        + "best 1-s window of 5: %.0f/s%n",
                rawSignRate);

        warmUp();
        long ticks = hubCpuTicks();
        Result max = closedLoop(requests, concurrency, "max");
        long maxTicks = hubCpuTicks() - ticks;
        double offered = max.throughput() / 2;
        ticks = hubCpuTicks();
        Result half = openLoop(offered, Duration.ofSeconds(halfRateSeconds));
        long halfTicks = hubCpuTicks() - ticks;

        rawSignRate = baselineAgain(rawSignRate);
        System.out.println();
        System.out.println("| phase | requests | errors | throughput (req/s) | p50 (ms) | p95 (ms) | p99 (ms) | vs raw SM2 sign |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (Result result : List.of(max, half)) {
            System.out.printf(Locale.ROOT, "| %s | %d | %d | %.0f | %.1f | %.1f | %.1f | %.1f%% |%n", result.name(),
                    result.count(), result.errors(), result.throughput(), result.p(50), result.p(95), result.p(99),
                    100 * result.throughput() / rawSignRate);
        }
        System.out.printf(Locale.ROOT, "%nraw SM2 sign baseline %.0f/s; goal ≥ 20%% (moonshot 50%%); p99 at half load "
                + "goal ≤ 50 ms%n", rawSignRate);
        if (hubPid > 0) {
            System.out.printf(Locale.ROOT, "hub CPU per request: %.2f ms at max, %.2f ms at half load (raw SM2 sign: "
                    + "%.3f ms)%n", 10.0 * maxTicks / max.count(), 10.0 * halfTicks / Math.max(1, half.count()),
                    1000 / rawSignRate);
        }
        System.exit(max.errors() > 0 ? 1 : ratioCheck(100 * max.throughput() / rawSignRate));
    }

    /** 0, or 3 with a loud message when {@code ratio} (per cent of raw SM2 signing) is below {@code --min-ratio}. */
    private int ratioCheck(double ratio) {
        if (minRatio <= 0) {
            return 0;
        }
        if (ratio < minRatio) {
            System.err.printf(Locale.ROOT, "%nREGRESSION: end-to-end rate %.2f%% of raw SM2 signing is below the "
                    + "floor of %.2f%% (--min-ratio)%n", ratio, minRatio);
            return 3;
        }
        System.out.printf(Locale.ROOT, "ratio check: %.2f%% of raw SM2 signing ≥ floor %.2f%%%n", ratio, minRatio);
        return 0;
    }

    private void runMllp() throws Exception {
        System.out.printf(Locale.ROOT, "MedSign MLLP load: %d MDM^T02, %d connections, %d-byte documents, %d signers, "
                        + "mllp://%s:%d%s%n", requests, concurrency, size, signers, mllp.hub().getHostString(),
                mllp.hub().getPort(), mllp.resultPort() == null ? "" : ", results on port " + mllp.resultPort());
        MllpLoad load;
        try {
            load = new MllpLoad(mllp);
        } catch (BindException e) {
            System.err.println("--result-port " + mllp.resultPort() + " is taken: stop the listener there first");
            System.exit(2);
            return;
        }
        double rawSignRate = rawSm2SignRate(Duration.ofSeconds(5));
        System.out.printf(Locale.ROOT, "baseline: raw BouncyCastle SM2 sign, one thread, signer initialised once, "
                + "best 1-s window of 5: "
                + "%.0f/s%n", rawSignRate);
        int exit = load.run(rawSignRate);
        System.exit(exit != 0 ? exit : ratioCheck(100 * load.endToEndRate() / load.baseline()));
    }

    /**
     * Closed-loop requests before the measured phases: {@code --warm-up-seconds} long (the JIT compilers of a fresh
     * hub take minutes of CPU on two cores; a hub in service has long finished), or a fifth of the requests (at most
     * 2,000) without it.
     */
    private void warmUp() throws Exception {
        if (warmUpSeconds <= 0) {
            closedLoop(Math.min(2_000, requests / 5 + 1), concurrency, "warm-up");
            return;
        }
        long end = System.nanoTime() + Duration.ofSeconds(warmUpSeconds).toNanos();
        int round = 0;
        while (System.nanoTime() < end) {
            closedLoop(1_000, concurrency, "warm-up-" + ++round);
        }
    }

    private Result closedLoop(int count, int threads, String name) throws Exception {
        long[] latencies = new long[count];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                int i;
                while ((i = next.getAndIncrement()) < count) {
                    long begin = System.nanoTime();
                    if (!sign(name + "-" + i)) {
                        errors.incrementAndGet();
                    }
                    latencies[i] = System.nanoTime() - begin;
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.HOURS);
        double seconds = (System.nanoTime() - start) / 1e9;
        Result result = new Result(name + " (closed loop, " + threads + " concurrent)", count, errors.get(),
                count / seconds, latencies);
        System.out.printf(Locale.ROOT, "%s: %.0f req/s, p99 %.1f ms, %d errors%n", result.name(), result.throughput(),
                result.p(99), result.errors());
        return result;
    }

    private Result openLoop(double rate, Duration duration) throws Exception {
        int count = OpenLoop.count(rate, duration);
        long[] latencies = new long[count];
        AtomicInteger errors = new AtomicInteger();
        long start = OpenLoop.run(rate, duration, Executors.newFixedThreadPool(Math.max(concurrency * 2, 64)),
                (index, scheduled) -> {
                    if (!sign("half-" + index)) {
                        errors.incrementAndGet();
                    }
                    latencies[index] = System.nanoTime() - scheduled;
                });
        double seconds = (System.nanoTime() - start) / 1e9;
        Result result = new Result(String.format(Locale.ROOT, "half load (open loop, %.0f/s offered)", rate), count,
                errors.get(), count / seconds, latencies);
        System.out.printf(Locale.ROOT, "%s: p50 %.1f ms, p99 %.1f ms, %d errors%n", result.name(), result.p(50),
                result.p(99), result.errors());
        return result;
    }

    private boolean sign(String id) {
        String signer = String.format("D%04d", 1 + Math.floorMod(id.hashCode(), signers));
        String body = "{\"requestId\":\"load-" + runId + "-" + id + "\",\"signer\":\"" + signer + "\",\"content\":\""
                + Base64.getEncoder().encodeToString(content) + "\",\"detached\":true}";
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json").header("X-Medsign-Api-Key", apiKey)
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * The hub process's user + system CPU in clock ticks (1/100 s on Linux) from {@code /proc/PID/stat}, or 0 without
     * {@code --hub-pid}.
     */
    private long hubCpuTicks() {
        if (hubPid <= 0) {
            return 0;
        }
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(hubPid), "stat"));
            // the fields after the command name, which is in parentheses and may hold spaces
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14 and 15)
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * Raw BouncyCastle SM2 signing, one thread, signer initialised once: the baseline of every ratio. The best of five
     * windows of a fifth of {@code duration} each, after a warm-up as long: the hub it is measured beside is never
     * quite idle (its JIT compilers, its start-up jobs), and a window it disturbed would lower the baseline and flatter
     * every ratio (one run measured 6,502/s where the quiet windows of the same minute gave twice that).
     */
    /**
     * The raw SM2 baseline measured again after the load, when the hub is idle: the first one runs right after the hub
     * started, on the same two cores as a hub that may still be settling (five route files, start-up jobs), and read as
     * low as 5,500/s against 14,800/s in one hour. The ratios use the higher of the two.
     */
    static double baselineAgain(double before) throws Exception {
        double after = rawSm2SignRate(Duration.ofSeconds(5));
        System.out.printf(Locale.ROOT, "baseline again after the load: %.0f/s (before: %.0f/s); the ratios use %.0f/s%n",
                after, before, Math.max(before, after));
        return Math.max(before, after);
    }

    static double rawSm2SignRate(Duration duration) throws Exception {
        Sm2KeyPair pair = Sm2.generateKeyPair(new SecureRandom());
        SM2Signer signer = new SM2Signer();
        signer.init(true, new ParametersWithID(new ParametersWithRandom(pair.privateKey(), new SecureRandom()),
                "1234567812345678".getBytes(StandardCharsets.US_ASCII)));
        byte[] message = new byte[32];
        long window = duration.dividedBy(5).toNanos();
        long end = System.nanoTime() + window;
        while (System.nanoTime() < end) { // warm-up
            signer.update(message, 0, message.length);
            signer.generateSignature();
        }
        double best = 0;
        for (int w = 0; w < 5; w++) {
            long count = 0;
            long start = System.nanoTime();
            end = start + window;
            while (System.nanoTime() < end) {
                signer.update(message, 0, message.length);
                signer.generateSignature();
                count++;
            }
            best = Math.max(best, count / ((System.nanoTime() - start) / 1e9));
        }
        return best;
    }

    private record Result(String name, int count, int errors, double throughput, long[] latencies) {
        double p(double percentile) {
            return new Latencies(latencies).millis(percentile);
        }
    }

}
