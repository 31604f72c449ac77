package org.medsign.hub.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.tsp.TimeStampToken;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medsign.hub.AppWindows;

/**
 * The cluster shape under load (issue #17): {@code bin/medsign-cluster up} (Artemis shared-store pair, two hub nodes,
 * HAProxy), HTTP sign requests and HIS MDM^T02 over MLLP through HAProxy, a counting HIS result listener on
 * 127.0.0.1:2585, and one failure after the other: SIGKILL of a node, SIGKILL of the live broker, a PostgreSQL
 * restart, a node paused 30 s, a rolling restart. After each: every acknowledged request is stored and signed once,
 * every signed HIS result is delivered once, the audit chains verify, TSA serials are unique; the seconds until the
 * acknowledgement rate is back are measured and printed (target/cluster-failover/summary.md).
 *
 * <p>Runs only in the {@code cluster} profile ({@code mvn -B -Pcluster verify …}, in .ci/run): it needs the fixed
 * ports of the cluster (8080, 2575-2577, 2585, 61616-61617) and PostgreSQL on 127.0.0.1:5432 with trust
 * authentication. {@code -Dmedsign.cluster.pg-restart=false} leaves PostgreSQL alone (other users of it);
 * {@code -Dmedsign.cluster.rate=N} sets the offered load (requests per second, 0 = as fast as answered).
 */
class ClusterFailoverProcessIntegrationTests {

    private static final String API_KEY = "cluster-failover-key";
    private static final String ADMIN_PASSWORD = "Cluster-failover-2026!";
    private static final String DATABASE = "medsign_cluster_it";
    private static final String JDBC = "jdbc:postgresql://127.0.0.1:5432/" + DATABASE;
    private static final URI LB = URI.create("http://localhost:8080/");
    private static final int HTTP_WORKERS = 4;
    private static final int MLLP_WORKERS = 2;
    private static final Duration BASELINE = Duration.ofSeconds(8);
    private static final Duration OBSERVE = Duration.ofSeconds(20);
    /**
     * Requests offered per second, HTTP and MLLP together ({@code -Dmedsign.cluster.rate}; 0: every client sends as fast
     * as it is answered). Paced like a hospital's traffic, well under what one node carries alone, so that a failure
     * shows as lost service and not as two cores shared by a starting node and a saturated one.
     */
    private static final int RATE = Integer.getInteger("medsign.cluster.rate", 24);
    private static final Pattern SIGNATURE_ID = Pattern.compile("\"signatureId\":\"([0-9a-f-]{36})\"");

    private static Path script;
    private static Path run;
    private static HisListener his;
    private static final List<String> summary = new ArrayList<>();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    @BeforeAll
    static void up() throws Exception {
        script = Path.of(System.getProperty("medsign.cluster.script", "../bin/medsign-cluster")).toAbsolutePath();
        run = Path.of("target", "cluster-failover").toAbsolutePath();
        Files.createDirectories(run);
        cluster("clean");
        his = new HisListener(2585);
        cluster("up");
        AppWindows.open(LB, ADMIN_PASSWORD, AppWindows.demoSigners(), List.of("demo", "his"));
    }

    @AfterAll
    static void down() throws Exception {
        try {
            if (!summary.isEmpty()) {
                String table = "| failure | HTTP sent / acknowledged / stored | MLLP sent / acknowledged / stored / delivered "
                        + "| duplicates | resent results | recovered after (s) | seconds below half rate "
                        + "| lowest acks in 1 s (baseline per s) |\n|---|---|---|---|---|---|---|---|---|\n"
                        + String.join("\n", summary) + "\n";
                Files.writeString(run.resolve("summary.md"), table);
                System.out.println(table);
            }
        } finally {
            if (his != null) {
                his.close();
            }
            if (script != null) {
                cluster("down");
            }
        }
    }

    @Test
    void keepsEveryAcknowledgedRequestThroughEachFailure() throws Exception {
        scenario("SIGKILL hub-a, restart", () -> {
            signal("KILL", "hub-a");
        }, () -> cluster("start", "hub-a"));

        scenario("SIGKILL artemis-live (backup takes over), restart it (fail-back)", () -> {
            signal("KILL", "artemis-live");
        }, () -> cluster("start", "artemis-live"));

        if (!"false".equals(System.getProperty("medsign.cluster.pg-restart"))) {
            scenario("PostgreSQL restart", () -> {
                String version = Files.list(Path.of("/etc/postgresql")).map(p -> p.getFileName().toString()).sorted()
                        .findFirst().orElseThrow();
                exec(List.of("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"));
            }, () -> { });
        }

        scenario("SIGSTOP hub-b 30 s, SIGCONT", () -> {
            String pid = pid("hub-b");
            exec(List.of("kill", "-STOP", pid));
            try {
                Awaitility.await("hub-b paused for 30 s").pollDelay(Duration.ofSeconds(30))
                        .atMost(Duration.ofSeconds(35)).until(() -> !healthy(18082));
            } finally {
                exec(List.of("kill", "-CONT", pid));
            }
        }, () -> Awaitility.await("hub-b healthy again").atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1)).until(() -> healthy(18082)));

        scenario("rolling restart hub-a then hub-b", () -> {
            cluster("stop", "hub-a");
            cluster("start", "hub-a");
            cluster("stop", "hub-b");
            cluster("start", "hub-b");
        }, () -> { });

        try (Connection db = DriverManager.getConnection(JDBC, "postgres", "")) {
            Map<String, String> holders = new LinkedHashMap<>();
            try (ResultSet rs = db.createStatement().executeQuery("SELECT name, locked_by FROM shedlock ORDER BY name")) {
                while (rs.next()) {
                    holders.put(rs.getString(1), rs.getString(2));
                }
            }
            System.out.println("shedlock holders: " + holders);
            assertThat(holders).isNotEmpty();
            assertThat(new HashSet<>(holders.values())).isSubsetOf(Set.of("hub-a", "hub-b"));
        }
    }

    @Test
    void theAppTokenOfOneNodeIsValidOnTheOther() throws Exception {
        // the app's session is a database row: a clinician whose node is lost goes on with the same token
        String token = new com.fasterxml.jackson.databind.ObjectMapper().readTree(HTTP.send(HttpRequest.newBuilder(
                        LB.resolve("/api/v1/m/login")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"staffId\":\"D0005\",\"pin\":\"" + AppWindows.PIN
                        + "\"}")).build(), HttpResponse.BodyHandlers.ofString()).body()).get("token").asText();
        for (int port : new int[] {18081, 18082}) {
            HttpResponse<String> windows = HTTP.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/api/v1/m/windows"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(windows.statusCode()).as("the app's windows on the node at " + port + ": " + windows.body())
                    .isEqualTo(200);
            assertThat(windows.body()).contains("his");
        }
    }

    @Test
    void aNodeWithAWrongBrokerUrlOrDatabaseUserStopsWithTheReasonAndTheOthersServeOn() throws Exception {
        Path repo = script.getParent().getParent();
        Path routes = Files.createDirectories(run.resolve("no-routes"));
        String bootstrap = Files.readString(run.resolve("run/secrets/bootstrap-password")).strip();
        Map<String, String> env = new HashMap<>(Map.of("SPRING_PROFILES_ACTIVE", "postgres,cluster",
                "MEDSIGN_NODE", "hub-bad", "MEDSIGN_DB_URL", JDBC, "MEDSIGN_DB_USER", "postgres",
                "MEDSIGN_BOOTSTRAP_PASSWORD", bootstrap, "MEDSIGN_BROKER_URL", "tcp://127.0.0.1:61690"));
        Map<String, String> badDatabase = new HashMap<>(env);
        badDatabase.put("MEDSIGN_BROKER_URL", "(tcp://127.0.0.1:61616,tcp://127.0.0.1:61617)?ha=true");
        badDatabase.put("MEDSIGN_DB_USER", "medsign_no_such_user");
        // both at once: each ends by itself
        try (org.medsign.hub.HubProcess wrongBroker = new org.medsign.hub.HubProcess(
                Files.createDirectories(run.resolve("bad-broker")), env).in(repo)
                .withArgs("--medsign.routes.dir=" + routes);
             org.medsign.hub.HubProcess wrongDatabase = new org.medsign.hub.HubProcess(
                     Files.createDirectories(run.resolve("bad-database")), badDatabase).in(repo)
                     .withArgs("--medsign.routes.dir=" + routes)) {
            var broker = java.util.concurrent.CompletableFuture.supplyAsync(() -> exitOf(wrongBroker));
            var database = java.util.concurrent.CompletableFuture.supplyAsync(() -> exitOf(wrongDatabase));
            assertThat(broker.get()).as("exit code, wrong broker URL").isNotZero();
            assertThat(database.get()).as("exit code, wrong database user").isNotZero();
            assertThat(Files.readString(wrongBroker.log())).contains("APPLICATION FAILED TO START")
                    .contains("The message broker at tcp://127.0.0.1:61690 cannot be reached");
            assertThat(Files.readString(wrongDatabase.log())).contains("APPLICATION FAILED TO START")
                    .contains("refused this node (user medsign_no_such_user")
                    .contains("role \"medsign_no_such_user\" does not exist");
        }
        assertThat(healthy(18081) && healthy(18082)).as("both cluster nodes still UP").isTrue();
        HttpResponse<String> signed = HTTP.send(HttpRequest.newBuilder(LB.resolve("/api/v1/sign/message"))
                .header("Content-Type", "application/json").header("X-Medsign-Api-Key", API_KEY)
                .POST(HttpRequest.BodyPublishers.ofString("{\"requestId\":\"after-bad-nodes\",\"signer\":\"D0001\","
                        + "\"content\":\"" + Base64.getEncoder().encodeToString("x".getBytes(StandardCharsets.UTF_8))
                        + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
    }

    private static int exitOf(org.medsign.hub.HubProcess node) {
        try {
            return node.runToExit(Duration.ofMinutes(4));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    interface Step {
        void run() throws Exception;
    }

    /** Load, the failure, the repair, then the reconciliation of everything acknowledged since the load started. */
    private static void scenario(String name, Step failure, Step repair) throws Exception {
        String tag = "s" + (summary.size() + 1) + "-" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        Load load = new Load(tag);
        load.start();
        Recovery recovery;
        try {
            Awaitility.await("baseline load").pollDelay(BASELINE).atMost(BASELINE.plusSeconds(60))
                    .until(() -> load.acknowledgedSince(System.nanoTime() - BASELINE.toNanos()) > 0);
            double baseline = load.acknowledgedSince(System.nanoTime() - BASELINE.toNanos())
                    / (double) BASELINE.toSeconds();
            long faultAt = System.nanoTime();
            failure.run();
            long failureEnded = System.nanoTime();
            // the load is watched for OBSERVE after the failure step, before anything is repaired
            Awaitility.await(name + ": load observed after the failure").pollInterval(Duration.ofMillis(250))
                    .atMost(OBSERVE.plusSeconds(10))
                    .until(() -> System.nanoTime() - failureEnded >= OBSERVE.toNanos());
            recovery = load.recovery(faultAt, System.nanoTime(), baseline / 2);
            repair.run();
            Awaitility.await("load after the repair").pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofMinutes(2))
                    .until(() -> load.acknowledgedSince(System.nanoTime() - Duration.ofSeconds(3).toNanos()) > 0);
        } finally {
            load.stop();
        }
        reconcile(name, load, recovery);
    }

    /**
     * The acknowledgement rate after a failure, in whole seconds from the failure: {@code recoveredAfter} is the end of
     * the last second below half the baseline rate (0 when there was none), {@code secondsBelowHalf} how many there
     * were, {@code lowest} the fewest acknowledgements in one second against {@code baseline} per second.
     */
    record Recovery(double recoveredAfter, int secondsBelowHalf, int lowest, double baseline) {
    }

    private static void reconcile(String name, Load load, Recovery recovery) throws Exception {
        // every acknowledged HIS message ends with its result at the listener
        try {
            Awaitility.await(name + ": every acknowledged HIS message delivered").atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> load.mllpAcknowledged.stream().allMatch(his::received));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            List<String> missing = load.mllpAcknowledged.stream().filter(d -> !his.received(d)).sorted().toList();
            throw new AssertionError(name + ": " + missing.size() + " of " + load.mllpAcknowledged.size()
                    + " acknowledged HIS messages have no result at the listener after 3 minutes, e.g. "
                    + missing.subList(0, Math.min(5, missing.size())), e);
        }
        int httpStored;
        int mllpStored;
        try (Connection db = DriverManager.getConnection(JDBC, "postgres", "")) {
            httpStored = 0;
            try (PreparedStatement statement = db.prepareStatement(
                    "SELECT request_id, signature_id FROM signature_record WHERE system_id = 'demo' AND request_id LIKE ?")) {
                statement.setString(1, "http-" + load.tag + "-%");
                Map<String, String> stored = new HashMap<>();
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        assertThat(stored.put(rs.getString(1), rs.getString(2))).as("signed twice: " + rs.getString(1))
                                .isNull();
                    }
                }
                for (var acknowledged : load.httpAcknowledged.entrySet()) {
                    assertThat(stored.get(acknowledged.getKey())).as(name + ": stored signature of acknowledged "
                            + acknowledged.getKey()).isEqualTo(acknowledged.getValue());
                    httpStored++;
                }
            }
            try (PreparedStatement statement = db.prepareStatement("SELECT r.document_id, r.status, COUNT(s.signature_id) "
                    + "FROM signing_request r LEFT JOIN signature_record s ON s.request_pk = r.id "
                    + "WHERE r.system_id = 'his' AND r.document_id LIKE ? GROUP BY r.document_id, r.status")) {
                statement.setString(1, "DOC-mllp-" + load.tag + "-%");
                Map<String, Integer> signatures = new HashMap<>();
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        assertThat(signatures.put(rs.getString(1), rs.getInt(3))).as("two requests for " + rs.getString(1))
                                .isNull();
                    }
                }
                mllpStored = 0;
                for (String document : load.mllpAcknowledged) {
                    assertThat(signatures.get(document)).as(name + ": signatures of acknowledged " + document).isEqualTo(1);
                    mllpStored++;
                }
            }
            List<String> serials = new ArrayList<>();
            try (ResultSet rs = db.createStatement().executeQuery(
                    "SELECT timestamp_token FROM signature_record WHERE timestamp_token IS NOT NULL")) {
                while (rs.next()) {
                    serials.add(new TimeStampToken(ContentInfo.getInstance(rs.getBytes(1))).getTimeStampInfo()
                            .getSerialNumber().toString());
                }
            }
            assertThat(new HashSet<>(serials)).as(name + ": TSA serials unique across nodes").hasSize(serials.size());
        }
        String audit = cli("audit", "verify", "--jdbc", JDBC, "--user", "postgres");
        assertThat(audit).as(name + ": audit chains").contains("audit chain intact");
        int delivered = (int) load.mllpAcknowledged.stream().filter(his::received).count();
        int duplicates = load.mllpAcknowledged.stream().mapToInt(his::duplicates).sum();
        int resent = load.mllpAcknowledged.stream().mapToInt(his::resent).sum();
        summary.add(String.format("| %s | %d / %d / %d | %d / %d / %d / %d | %d | %d | %.0f | %d | %d (%.0f) |", name,
                load.httpSent.get(), load.httpAcknowledged.size(), httpStored, load.mllpSent.get(),
                load.mllpAcknowledged.size(), mllpStored, delivered, duplicates, resent, recovery.recoveredAfter(),
                recovery.secondsBelowHalf(), recovery.lowest(), recovery.baseline()));
        System.out.println(summary.get(summary.size() - 1) + "  [" + audit.strip() + "]");
        // a second result with a new MSH-10 would be a second signature or a second answer: never. The same result
        // sent again (same MSH-10 "MEDSIGN" + signature id) is what MLLP allows when a node dies between the HIS's ACK
        // and its own commit; it is counted and reported (docs/operations.md), and the HIS drops it by MSH-10
        assertThat(duplicates).as(name + ": results delivered twice (a new MSH-10)").isZero();
    }

    /** HTTP and MLLP clients through HAProxy; each retries a request with the same id until it is acknowledged. */
    private static final class Load {
        final String tag;
        final Map<String, String> httpAcknowledged = new ConcurrentHashMap<>();
        final Set<String> mllpAcknowledged = ConcurrentHashMap.newKeySet();
        final AtomicInteger httpSent = new AtomicInteger();
        final AtomicInteger mllpSent = new AtomicInteger();
        final ConcurrentLinkedQueue<Long> acknowledgedAt = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger sequence = new AtomicInteger();
        private final ExecutorService workers = Executors.newFixedThreadPool(HTTP_WORKERS + MLLP_WORKERS);
        /** One permit per request to send, released {@link #RATE} times a second, at most one second's worth kept. */
        private final Semaphore permits = new Semaphore(0);
        private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();

        Load(String tag) {
            this.tag = tag;
        }

        void start() {
            if (RATE > 0) {
                pacer.scheduleAtFixedRate(() -> {
                    if (permits.availablePermits() < RATE) {
                        permits.release();
                    }
                }, 0, 1_000_000L / RATE, TimeUnit.MICROSECONDS);
            }
            for (int i = 0; i < HTTP_WORKERS; i++) {
                workers.execute(this::httpWorker);
            }
            for (int i = 0; i < MLLP_WORKERS; i++) {
                workers.execute(this::mllpWorker);
            }
        }

        /** Stops sending new requests; requests in flight are retried until acknowledged (at most 3 minutes). */
        void stop() throws InterruptedException {
            running.set(false);
            pacer.shutdownNow();
            permits.release(HTTP_WORKERS + MLLP_WORKERS); // wakes a worker waiting for its next turn
            workers.shutdown();
            assertThat(workers.awaitTermination(4, TimeUnit.MINUTES)).as("load workers finished").isTrue();
        }

        long acknowledgedSince(long nanos) {
            return acknowledgedAt.stream().filter(t -> t >= nanos).count();
        }

        /** The acknowledgement rate per whole second from {@code from} to {@code to}, against {@code half}. */
        Recovery recovery(long from, long to, double half) {
            int seconds = (int) ((to - from) / 1_000_000_000L);
            int[] counts = new int[Math.max(1, seconds)];
            for (long t : acknowledgedAt) {
                long offset = t - from;
                if (offset >= 0 && offset / 1_000_000_000L < counts.length) {
                    counts[(int) (offset / 1_000_000_000L)]++;
                }
            }
            int low = 0;
            int last = -1;
            int lowest = Integer.MAX_VALUE;
            for (int i = 0; i < counts.length; i++) {
                lowest = Math.min(lowest, counts[i]);
                if (counts[i] < half) {
                    low++;
                    last = i;
                }
            }
            return new Recovery(last + 1, low, lowest, half * 2);
        }

        /** Waits for this worker's next turn at the offered rate; false once the load stops. */
        private boolean nextTurn() {
            if (RATE <= 0) {
                return running.get();
            }
            try {
                while (running.get()) {
                    if (permits.tryAcquire(1, TimeUnit.SECONDS)) {
                        return running.get();
                    }
                }
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        private void httpWorker() {
            while (nextTurn()) {
                int n = sequence.incrementAndGet();
                String requestId = "http-" + tag + "-" + n;
                String content = Base64.getEncoder().encodeToString(("病历 " + n).getBytes(StandardCharsets.UTF_8));
                String body = "{\"requestId\":\"" + requestId + "\",\"signer\":\"D" + String.format("%04d", 1 + n % 10)
                        + "\",\"content\":\"" + content + "\"}";
                long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
                while (System.nanoTime() < deadline) {
                    httpSent.incrementAndGet();
                    try {
                        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(LB.resolve("/api/v1/sign/message"))
                                .header("Content-Type", "application/json").header("X-Medsign-Api-Key", API_KEY)
                                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        Matcher id = SIGNATURE_ID.matcher(response.body());
                        if (response.statusCode() == 200 && id.find()) {
                            httpAcknowledged.put(requestId, id.group(1));
                            acknowledgedAt.add(System.nanoTime());
                            break;
                        }
                    } catch (IOException e) {
                        // cut off by the failure: the same request id again, as a system would
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    pause();
                }
            }
        }

        private void mllpWorker() {
            Socket socket = null;
            try {
                while (nextTurn()) {
                    int n = sequence.incrementAndGet();
                    String controlId = "M" + tag + "-" + n;
                    String document = "DOC-mllp-" + tag + "-" + n;
                    byte[] message = ("MSH|^~\\&|HIS|HOSP|MEDSIGN|HOSP|20261207093000||MDM^T02|" + controlId
                            + "|P|2.4\rEVN|T02|20261207093000\rPID|1||P" + n + "^^^HOSP^MR||张^三\rTXA|1|PN|TX|"
                            + "20261207092500|D0002^王^医生||20261207092500|||||" + document + "||||||AU||||D0002^王^医生\r"
                            + "OBX|1|TX|NOTE^病程^L||一般情况可 " + n + "。||||||F\r").getBytes(StandardCharsets.UTF_8);
                    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
                    while (System.nanoTime() < deadline) {
                        mllpSent.incrementAndGet();
                        try {
                            if (socket == null) {
                                socket = new Socket("127.0.0.1", 2575);
                                socket.setSoTimeout(15_000);
                            }
                            String ack = exchange(socket, message);
                            if ("AA".equals(MllpPeer.field(ack, "MSA", 1))) {
                                mllpAcknowledged.add(document);
                                acknowledgedAt.add(System.nanoTime());
                                break;
                            }
                        } catch (IOException e) {
                            close(socket);
                            socket = null;
                        }
                        pause();
                    }
                }
            } finally {
                close(socket);
            }
        }

        private static String exchange(Socket socket, byte[] payload) throws IOException {
            OutputStream out = socket.getOutputStream();
            out.write(0x0b);
            out.write(payload);
            out.write(new byte[] {0x1c, 0x0d});
            out.flush();
            return MllpPeer.readFrame(socket.getInputStream(), StandardCharsets.UTF_8);
        }

        private static void close(Socket socket) {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // already broken
                }
            }
        }

        private static void pause() {
            try {
                TimeUnit.MILLISECONDS.sleep(200); // a client's back-off between two attempts, not a test wait
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The HIS result listener on 127.0.0.1:2585: answers AA and counts the results per document (TXA-12). */
    private static final class HisListener implements AutoCloseable {
        private final ServerSocket server;
        private final Map<String, List<String>> controlIds = new ConcurrentHashMap<>();
        private final ExecutorService connections = Executors.newCachedThreadPool();

        HisListener(int port) throws IOException {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
            connections.execute(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket socket = server.accept();
                        connections.execute(() -> serve(socket));
                    } catch (IOException e) {
                        // closed
                    }
                }
            });
        }

        private void serve(Socket socket) {
            try (socket) {
                InputStream in = new BufferedInputStream(socket.getInputStream());
                OutputStream out = socket.getOutputStream();
                while (true) {
                    String message = MllpPeer.readFrame(in, StandardCharsets.UTF_8);
                    String txa12 = MllpPeer.field(message, "TXA", 12);
                    String document = txa12 == null ? "?" : txa12.split("\\^")[0];
                    String controlId = MllpPeer.field(message, "MSH", 9);
                    controlIds.computeIfAbsent(document, d -> new java.util.concurrent.CopyOnWriteArrayList<>())
                            .add(controlId);
                    String ack = "MSH|^~\\&|HIS|HOSP|MEDSIGN|HOSP|20261207||ACK|A" + controlId + "|P|2.4\rMSA|AA|"
                            + controlId + "\r";
                    out.write(0x0b);
                    out.write(ack.getBytes(StandardCharsets.UTF_8));
                    out.write(new byte[] {0x1c, 0x0d});
                    out.flush();
                }
            } catch (IOException e) {
                // the hub closed the connection
            }
        }

        boolean received(String document) {
            return controlIds.containsKey(document);
        }

        /** Further results for the document with a different MSH-10 (a second result). */
        int duplicates(String document) {
            List<String> ids = controlIds.getOrDefault(document, List.of());
            return (int) ids.stream().distinct().count() - (ids.isEmpty() ? 0 : 1);
        }

        /** Further results for the document with the MSH-10 of the first one (the same result sent again). */
        int resent(String document) {
            List<String> ids = controlIds.getOrDefault(document, List.of());
            return ids.size() - (int) ids.stream().distinct().count();
        }

        @Override
        public void close() throws IOException {
            server.close();
            connections.shutdownNow();
        }
    }

    private static boolean healthy(int port) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String pid(String name) throws Exception {
        for (String line : cluster("pids").split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 2 && parts[0].equals(name) && parts[1].matches("\\d+")) {
                return parts[1];
            }
        }
        throw new AssertionError(name + " has no PID");
    }

    private static void signal(String signal, String name) throws Exception {
        exec(List.of("kill", "-" + signal, pid(name)));
    }

    private static String cluster(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(script.toString()));
        command.addAll(List.of(args));
        return exec(command);
    }

    private static String cli(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("java", "-jar",
                Path.of(System.getProperty("medsign.cli.jar", "../cli/target/medsign.jar")).toAbsolutePath().toString()));
        command.addAll(List.of(args));
        return exec(command);
    }

    private static String exec(List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("MEDSIGN_CLUSTER_HOME", run.resolve("run").toString());
        builder.environment().put("MEDSIGN_CLUSTER_DB", DATABASE);
        builder.environment().put("MEDSIGN_DEMO_API_KEY", API_KEY);
        builder.environment().put("MEDSIGN_ADMIN_PASSWORD", ADMIN_PASSWORD);
        builder.environment().put("MEDSIGN_DB_PASSWORD", "");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(8, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish: " + output);
        }
        Files.writeString(run.resolve("commands.log"), "$ " + String.join(" ", command) + "\n" + output,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        assertThat(process.exitValue()).as(command + ": " + output).isZero();
        return output;
    }
}
