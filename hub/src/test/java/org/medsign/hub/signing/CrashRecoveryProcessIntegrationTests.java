package org.medsign.hub.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medsign.hub.HubProcess;
import org.medsign.hub.PostgresTestDatabase;

/**
 * Crash safety with the real jar: ≥ 1,000 concurrent sign requests, SIGKILL midway, restart. Every request that got a
 * 200 has exactly one signature record; every request the hub accepted but had not finished completes after the
 * restart; resubmitting any request id never makes a second signature. Runs on H2 and, when configured, PostgreSQL.
 */
class CrashRecoveryProcessIntegrationTests {

    private static final int REQUESTS = 1200;
    private static final int CONCURRENCY = 32;
    private static final int KILL_AFTER_SUCCESSES = 300;
    private static final String API_KEY = "crash-test-key";
    private static final Pattern SIGNATURE_ID = Pattern.compile("\"signatureId\":\"([0-9a-f-]{36})\"");
    private static final Pattern STATUS = Pattern.compile("\"status\":\"([A-Z_]+)\"");

    @TempDir
    Path work;

    @Test
    void noAcknowledgedRequestIsLostOrSignedTwiceOnH2() throws Exception {
        Path home = work.resolve("h2-home");
        Map<String, String> env = baseEnv();
        run(home, env, () -> DriverManager.getConnection("jdbc:h2:file:" + home.resolve("db/medsign")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "sa", ""));
    }

    @Test
    @PostgresTestDatabase.Required
    void noAcknowledgedRequestIsLostOrSignedTwiceOnPostgres() throws Exception {
        String schema = "medsign_crash_" + Long.toHexString(System.nanoTime());
        String url = System.getenv("MEDSIGN_TEST_PG_URL");
        String user = System.getenv().getOrDefault("MEDSIGN_TEST_PG_USER", "postgres");
        String password = System.getenv().getOrDefault("MEDSIGN_TEST_PG_PASSWORD", "");
        String schemaUrl = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        Map<String, String> env = baseEnv();
        env.put("SPRING_PROFILES_ACTIVE", "postgres");
        env.put("MEDSIGN_DB_URL", schemaUrl);
        env.put("MEDSIGN_DB_USER", user);
        env.put("MEDSIGN_DB_PASSWORD", password);
        env.put("SPRING_FLYWAY_SCHEMAS", schema);
        run(work.resolve("pg-home"), env, () -> DriverManager.getConnection(schemaUrl, user, password));
    }

    private static Map<String, String> baseEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("MEDSIGN_DEMO_API_KEY", API_KEY);
        env.put("MEDSIGN_BOOTSTRAP_PASSWORD", "crash-test-bootstrap");
        env.put("MEDSIGN_ADMIN_PASSWORD", "crash-test-admin");
        return env;
    }

    interface ConnectionFactory {
        Connection open() throws Exception;
    }

    private void run(Path home, Map<String, String> env, ConnectionFactory database) throws Exception {
        Files.createDirectories(home);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        List<String> lost = new ArrayList<>();
        AtomicInteger failures = new AtomicInteger();
        try (HubProcess hub = new HubProcess(home, env).start()) {
            // the demo signers let the demo system sign without a prompt (signing windows, as in the app)
            org.medsign.hub.AppWindows.open(hub.uri("/"), env.get("MEDSIGN_ADMIN_PASSWORD"),
                    org.medsign.hub.AppWindows.demoSigners(), List.of("demo"));
            Semaphore inFlight = new Semaphore(CONCURRENCY);
            List<CompletableFuture<?>> all = new ArrayList<>();
            boolean killed = false;
            for (int i = 0; i < REQUESTS; i++) {
                inFlight.acquire();
                if (!killed && acknowledged.size() >= KILL_AFTER_SUCCESSES) {
                    hub.kill();
                    killed = true;
                }
                String requestId = "crash-" + i;
                all.add(http.sendAsync(signRequest(hub, requestId, i), HttpResponse.BodyHandlers.ofString())
                        .orTimeout(30, TimeUnit.SECONDS)
                        .whenComplete((response, error) -> {
                            inFlight.release();
                            if (error == null && response.statusCode() == 200) {
                                acknowledged.put(requestId, signatureId(response.body()));
                            } else {
                                failures.incrementAndGet();
                            }
                        }));
            }
            CompletableFuture.allOf(all.stream().map(f -> f.exceptionally(e -> null)).toArray(CompletableFuture[]::new))
                    .join();
            if (!killed) {
                hub.kill();
            }
            assertThat(acknowledged.size()).as("successes before the kill").isGreaterThanOrEqualTo(KILL_AFTER_SUCCESSES);
            assertThat(failures.get()).as("requests cut off by the kill").isPositive();

            hub.start();
            Map<String, String> finalIds = new HashMap<>();
            Awaitility.await("every accepted request finishes after the restart").atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofSeconds(1)).until(() -> {
                        finalIds.clear();
                        for (int i = 0; i < REQUESTS; i++) {
                            String requestId = "crash-" + i;
                            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                            hub.uri("/api/v1/requests/" + requestId)).header("X-Medsign-Api-Key", API_KEY)
                                    .build(), HttpResponse.BodyHandlers.ofString());
                            if (response.statusCode() == 404) {
                                continue; // never accepted: the client got an error, nothing to finish
                            }
                            if (response.statusCode() != 200) {
                                return false; // still RECEIVED
                            }
                            finalIds.put(requestId, signatureId(response.body()));
                        }
                        return true;
                    });
            for (var entry : acknowledged.entrySet()) {
                if (!entry.getValue().equals(finalIds.get(entry.getKey()))) {
                    lost.add(entry.getKey());
                }
            }

            for (int i = 0; i < REQUESTS; i++) {
                String requestId = "crash-" + i;
                HttpResponse<String> again = http.send(signRequest(hub, requestId, i), HttpResponse.BodyHandlers.ofString());
                assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
                String expected = finalIds.get(requestId);
                if (expected != null) {
                    assertThat(signatureId(again.body())).as("resubmitted " + requestId).isEqualTo(expected);
                }
            }
            hub.stop();
        }
        try (Connection connection = database.open()) {
            if (!lost.isEmpty()) {
                throw new AssertionError(lost.size() + " of " + acknowledged.size() + " acknowledged requests lost their "
                        + "signature: " + describe(connection, lost, acknowledged) + "; hub log " + hubLog(home));
            }
            try (ResultSet rs = connection.createStatement().executeQuery(
                    "SELECT COUNT(*), COUNT(DISTINCT request_id) FROM signature_record WHERE system_id = 'demo' "
                            + "AND request_id LIKE 'crash-%'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("signature records").isEqualTo(REQUESTS);
                assertThat(rs.getInt(2)).as("distinct requests signed").isEqualTo(REQUESTS);
            }
            try (ResultSet rs = connection.createStatement().executeQuery(
                    "SELECT COUNT(*) FROM signing_request WHERE request_id LIKE 'crash-%' AND status <> 'DONE'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("unfinished requests").isZero();
            }
        }
    }

    /** What the database holds for lost requests, and when the last signature before the kill was made. */
    private static String describe(Connection connection, List<String> lost, Map<String, String> acknowledged)
            throws Exception {
        StringBuilder out = new StringBuilder();
        for (String requestId : lost.stream().sorted().limit(5).toList()) {
            try (var statement = connection.prepareStatement("SELECT r.id, r.status, r.attempts, r.created_at, "
                    + "r.updated_at, s.signature_id, s.signed_at FROM signing_request r LEFT JOIN signature_record s "
                    + "ON s.request_pk = r.id WHERE r.system_id = 'demo' AND r.request_id = ?")) {
                statement.setString(1, requestId);
                try (ResultSet rs = statement.executeQuery()) {
                    out.append("\n  ").append(requestId).append(" acknowledged ").append(acknowledged.get(requestId));
                    while (rs.next()) {
                        out.append(" | pk ").append(rs.getLong(1)).append(' ').append(rs.getString(2)).append(" attempts ")
                                .append(rs.getInt(3)).append(" created ").append(rs.getString(4)).append(" updated ")
                                .append(rs.getString(5)).append(" now ").append(rs.getString(6)).append(" signed ")
                                .append(rs.getString(7));
                    }
                }
            }
        }
        try (ResultSet rs = connection.createStatement().executeQuery("SELECT COUNT(*), MAX(signed_at) FROM "
                + "signature_record WHERE signature_id IN ('" + String.join("','", acknowledged.values()) + "')")) {
            rs.next();
            out.append("\n  acknowledged signatures still stored: ").append(rs.getInt(1)).append(", last signed ")
                    .append(rs.getString(2));
        }
        return out.toString();
    }

    /** The hub's warnings and errors (no payloads are logged), for the failure message. */
    private static String hubLog(Path home) throws Exception {
        Path log = home.resolveSibling(home.getFileName() + ".log");
        Path kept = Path.of("target", "crash-evidence", home.getFileName() + ".log").toAbsolutePath();
        Files.createDirectories(kept.getParent());
        Files.copy(log, kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path db = home.resolve("db");
        if (Files.isDirectory(db)) {
            try (var files = Files.list(db)) {
                for (Path file : files.toList()) {
                    Files.copy(file, kept.resolveSibling(file.getFileName()),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        try (var lines = Files.lines(log)) {
            return kept + ":\n" + String.join("\n", lines.filter(l -> l.contains(" WARN ") || l.contains(" ERROR "))
                    .limit(30).toList());
        }
    }

    private static HttpRequest signRequest(HubProcess hub, String requestId, int i) {
        String content = Base64.getEncoder().encodeToString(("病历 " + i).getBytes(StandardCharsets.UTF_8));
        String body = "{\"requestId\":\"" + requestId + "\",\"signer\":\"D" + String.format("%04d", 1 + i % 10)
                + "\",\"content\":\"" + content + "\"}";
        return HttpRequest.newBuilder(hub.uri("/api/v1/sign/message")).header("Content-Type", "application/json")
                .header("X-Medsign-Api-Key", API_KEY).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static String signatureId(String body) {
        Matcher matcher = SIGNATURE_ID.matcher(body);
        if (!matcher.find()) {
            Matcher status = STATUS.matcher(body);
            throw new AssertionError("no signatureId in " + (status.find() ? status.group(1) : body));
        }
        return matcher.group(1);
    }
}
