package org.medsign.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.medsign.cli.device.DeviceSigning;
import org.medsign.crypto.collab.ClientShare;
import org.medsign.crypto.collab.CollabClient;
import org.medsign.crypto.collab.KeygenResponse;

/**
 * End-to-end confirmation latency over HTTP against a running hub (issue #14): how long a clinician waits between
 * pressing "confirm" and the document being signed, with a collaborative key (the three calls of the signing round,
 * then the worker's timestamp and record) beside the same with a hub-held key (one PIN confirmation, then the worker),
 * measured in the same run on the same hub. Each iteration sends one document for the signer through the demo
 * system's API ({@code POST /api/v1/sign/message}, which becomes a pending task), confirms it, and polls
 * {@code GET /api/v1/requests/{id}} until DONE. Two demo signers are used: their app is (re)activated by this run
 * (the collaborative one with a joint key, which supersedes its hub-held certificate), and their windows are closed.
 *
 * <pre>java -cp benchmarks/target/medsign-load.jar org.medsign.benchmarks.CollabConfirmLoad --url http://localhost:8080
 *     [--count 100] [--collaborative D0010] [--hub-held D0009] [--api-key-file data/secrets/demo-api-key]
 *     (secadmin's password in MEDSIGN_PASSWORD; or the demo key in MEDSIGN_DEMO_API_KEY)</pre>
 */
public final class CollabConfirmLoad {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PIN = "580613";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final URI hub;
    private final String adminAuthorization;
    private final String apiKey;

    private CollabConfirmLoad(URI hub, String adminAuthorization, String apiKey) {
        this.hub = hub;
        this.adminAuthorization = adminAuthorization;
        this.apiKey = apiKey;
    }

    public static void main(String[] args) throws Exception {
        String url = "http://localhost:8080";
        int count = 100;
        String collaborative = "D0010";
        String hubHeld = "D0009";
        Path keyFile = Path.of("data/secrets/demo-api-key");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--url" -> url = args[++i];
                case "--count" -> count = Integer.parseInt(args[++i]);
                case "--collaborative" -> collaborative = args[++i];
                case "--hub-held" -> hubHeld = args[++i];
                case "--api-key-file" -> keyFile = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: CollabConfirmLoad --url URL [--count 100] [--collaborative D0010] "
                            + "[--hub-held D0009] [--api-key-file FILE]");
                    System.exit(2);
                }
            }
        }
        String password = System.getenv("MEDSIGN_PASSWORD");
        if (password == null || password.isEmpty()) {
            System.err.println("set MEDSIGN_PASSWORD to the security administrator's password");
            System.exit(2);
        }
        String apiKey = System.getenv("MEDSIGN_DEMO_API_KEY");
        if (apiKey == null || apiKey.isEmpty()) {
            apiKey = Files.readString(keyFile, StandardCharsets.US_ASCII).trim();
        }
        CollabConfirmLoad load = new CollabConfirmLoad(URI.create(url), "Basic " + Base64.getEncoder()
                .encodeToString(("secadmin:" + password).getBytes(StandardCharsets.UTF_8)), apiKey);
        load.run(count, collaborative, hubHeld);
    }

    private void run(int count, String collaborativeStaff, String hubHeldStaff) throws Exception {
        // the hub-held signer: plain app activation
        post("/api/v1/m/activate", null, Map.of("staffId", hubHeldStaff, "code", code(hubHeldStaff), "pin", PIN));
        String hubHeldToken = login(hubHeldStaff);
        closeWindows(hubHeldToken);
        // the collaborative signer: joint key generation
        CollabClient.Keygen keygen = new CollabClient(RANDOM).startKeygen();
        JsonNode activated = post("/api/v1/m/device/activate", null, Map.of("staffId", collaborativeStaff,
                "code", code(collaborativeStaff), "pin", PIN,
                "keygen", Base64.getEncoder().encodeToString(keygen.request().toBytes())));
        ClientShare share = keygen.finish(KeygenResponse.fromBytes(Base64.getDecoder().decode(
                activated.get("keygen").asText())));
        String token = login(collaborativeStaff);
        closeWindows(token);

        int warmup = Math.max(5, count / 10);
        long[] plainConfirm = new long[count];
        long[] plainDone = new long[count];
        long[] roundConfirm = new long[count];
        long[] roundDone = new long[count];
        for (int i = -warmup; i < count; i++) {
            // hub-held: one PIN confirmation
            String plainId = "lat-plain-" + System.nanoTime();
            long plainTask = send(plainId, hubHeldStaff);
            long start = System.nanoTime();
            post("/api/v1/m/tasks/" + plainTask + "/confirm", hubHeldToken, Map.of("pin", PIN));
            long confirmed = System.nanoTime();
            awaitDone(plainId);
            long done = System.nanoTime();
            // collaborative: start, answer, finish
            String roundId = "lat-collab-" + System.nanoTime();
            long roundTask = send(roundId, collaborativeStaff);
            long roundStart = System.nanoTime();
            Map<String, Object> startBody = new LinkedHashMap<>();
            startBody.put("ids", List.of(roundTask));
            startBody.put("pin", PIN);
            JsonNode opened = post("/api/v1/m/tasks/cosign/start", token, startBody);
            List<DeviceSigning.Round> rounds = new ArrayList<>();
            for (JsonNode round : opened.get("rounds")) {
                rounds.add(JSON.treeToValue(round, DeviceSigning.Round.class));
            }
            DeviceSigning signing = new DeviceSigning(share, RANDOM);
            JsonNode answered = post("/api/v1/m/tasks/cosign/answer", token, signing.requests(rounds));
            List<String> responses = new ArrayList<>();
            answered.get("responses").forEach(node -> responses.add(node.asText()));
            post("/api/v1/m/tasks/cosign/finish", token, signing.signatures(responses));
            long roundConfirmed = System.nanoTime();
            awaitDone(roundId);
            long roundFinished = System.nanoTime();
            if (i >= 0) {
                plainConfirm[i] = confirmed - start;
                plainDone[i] = done - start;
                roundConfirm[i] = roundConfirmed - roundStart;
                roundDone[i] = roundFinished - roundStart;
            }
        }
        System.out.printf(Locale.ROOT, "%d confirmations each (after %d warm-up), one at a time, against %s%n", count,
                warmup, hub);
        System.out.println("| latency (ms) | hub-held, PIN confirmation: median | p95 | collaborative, signing round: "
                + "median | p95 | ratio of medians |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        row("confirmation answered (app waits)", plainConfirm, roundConfirm);
        row("document signed (request DONE)", plainDone, roundDone);
    }

    private static void row(String what, long[] baseline, long[] collaborative) {
        double b = percentile(baseline, 50);
        double c = percentile(collaborative, 50);
        System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f | %.2f |%n", what, b,
                percentile(baseline, 95), c, percentile(collaborative, 95), c / b);
    }

    private static double percentile(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    private String code(String staffId) throws Exception {
        HttpResponse<String> issued = HTTP.send(HttpRequest.newBuilder(hub.resolve("/api/v1/admin/staff/" + staffId
                        + "/activation")).header("Authorization", adminAuthorization)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        return checked(issued).get("code").asText();
    }

    private String login(String staffId) throws Exception {
        return post("/api/v1/m/login", null, Map.of("staffId", staffId, "pin", PIN)).get("token").asText();
    }

    private void closeWindows(String token) throws Exception {
        for (JsonNode window : get("/api/v1/m/windows", token).get("windows")) {
            checked(HTTP.send(HttpRequest.newBuilder(hub.resolve("/api/v1/m/windows/" + window.get("id").asLong()))
                    .header("Authorization", "Bearer " + token).DELETE().build(), HttpResponse.BodyHandlers.ofString()));
        }
    }

    /** Sends a document for {@code signer} through the demo system; returns the task it became. */
    private long send(String requestId, String signer) throws Exception {
        String body = JSON.writeValueAsString(Map.of("requestId", requestId, "signer", signer, "content",
                Base64.getEncoder().encodeToString(("出院小结 " + requestId).getBytes(StandardCharsets.UTF_8)),
                "detached", true));
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(hub.resolve("/api/v1/sign/message"))
                .header("Content-Type", "application/json").header("X-Medsign-Api-Key", apiKey)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 202) {
            throw new IllegalStateException("expected a pending task (202) for " + signer + ", got HTTP "
                    + answer.statusCode() + " " + answer.body());
        }
        return JSON.readTree(answer.body()).get("taskId").asLong();
    }

    private void awaitDone(String requestId) throws Exception {
        while (true) {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(hub.resolve("/api/v1/requests/"
                    + requestId)).header("X-Medsign-Api-Key", apiKey).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 200) {
                String status = JSON.readTree(answer.body()).path("status").asText();
                if ("DONE".equals(status)) {
                    return;
                }
                if (!"PENDING".equals(status) && !"IN_PROGRESS".equals(status) && !"QUEUED".equals(status)
                        && !"RECEIVED".equals(status)) {
                    throw new IllegalStateException(requestId + " ended " + answer.body());
                }
            }
            LockSupport.parkNanos(1_000_000L);
        }
    }

    private JsonNode get(String path, String token) throws Exception {
        return checked(HTTP.send(HttpRequest.newBuilder(hub.resolve(path)).header("Authorization", "Bearer " + token)
                .GET().build(), HttpResponse.BodyHandlers.ofString()));
    }

    private JsonNode post(String path, String token, Map<String, ?> body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(hub.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return checked(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    }

    private static JsonNode checked(HttpResponse<String> answer) throws Exception {
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(answer.request().uri().getPath() + ": HTTP " + answer.statusCode() + " "
                    + answer.body());
        }
        return JSON.readTree(answer.body());
    }
}
