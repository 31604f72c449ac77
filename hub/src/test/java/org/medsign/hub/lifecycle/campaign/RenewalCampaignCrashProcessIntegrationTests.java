package org.medsign.hub.lifecycle.campaign;

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
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medsign.hub.HubProcess;
import org.medsign.hub.lifecycle.expiry.ExpiringRoster;

/**
 * Issue #5 acceptance, with the packaged jar: 1,400 imported staff certificates plus the ten demo staff's hub-held
 * ones, all expiring, are renewed by one campaign ({@code {"categories": ["expiring"]}}); the hub is SIGKILLed
 * midway and restarted; the campaign resumes by itself. Proven: every selected certificate renewed exactly once, every
 * new notBefore ≤ the old notAfter, signatures made before the campaign still verify, and signing through the demo
 * system answers 200 before, during (both runs) and after, switching to the new certificates.
 */
class RenewalCampaignCrashProcessIntegrationTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int IMPORTED = 1400;
    private static final int LEFT = 3;
    private static final int ORPHANS = 2;
    private static final int DEMO = 10;
    private static final String API_KEY = "campaign-crash-key";
    private static final String PASSWORD = "campaign-admin";

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aCampaignKilledMidwayResumesAndRenewsEachCertificateExactlyOnce() throws Exception {
        Path home = work.resolve("home");
        Files.createDirectories(home);
        Map<String, String> env = new HashMap<>();
        env.put("MEDSIGN_DEMO_API_KEY", API_KEY);
        env.put("MEDSIGN_BOOTSTRAP_PASSWORD", "campaign-bootstrap");
        env.put("MEDSIGN_ADMIN_PASSWORD", PASSWORD);
        // demo certificates valid 30 days (so "expiring"); a modest rate so that the kill lands midway
        env.put("SPRING_APPLICATION_JSON", "{\"medsign\":{\"pki\":{\"certificate-validity\":\"P30D\"},"
                + "\"campaign\":{\"max-rate\":150,\"batch-size\":25}}}");
        List<String> failures = new CopyOnWriteArrayList<>();
        int total = IMPORTED + LEFT + ORPHANS + DEMO;
        long id;
        Map<String, String[]> historical = new LinkedHashMap<>();
        try (HubProcess hub = new HubProcess(home, env).start()) {
            HttpResponse<String> imported = admin(hub, "POST", "/api/v1/ledger/import", importBody());
            assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
            assertThat(JSON.readTree(imported.body()).at("/certificates/created").asInt()).isEqualTo(IMPORTED + LEFT + ORPHANS);
            // the demo signers let the demo system sign without a prompt (signing windows, as in the app)
            org.medsign.hub.AppWindows.open(hub.uri("/"), PASSWORD, org.medsign.hub.AppWindows.demoSigners()
                    .subList(0, DEMO), List.of("demo"));

            for (int i = 1; i <= DEMO; i++) {
                String signer = String.format("D%04d", i);
                String content = Base64.getEncoder().encodeToString(("病历 before " + i).getBytes(StandardCharsets.UTF_8));
                JsonNode signed = sign(hub, signer, content);
                assertThat(signed).as("signing before the campaign").isNotNull();
                historical.put(signer, new String[] {signed.get("cms").asText(), content,
                        signed.get("certificateSerial").asText()});
            }

            HttpResponse<String> created = admin(hub, "POST", "/api/v1/ledger/campaigns",
                    "{\"categories\": [\"expiring\"], \"dryRun\": false}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
            id = JSON.readTree(created.body()).get("id").asLong();
            assertThat(JSON.readTree(created.body()).get("total").asInt()).isEqualTo(total);

            AtomicBoolean signing = new AtomicBoolean(true);
            Thread signer = signInBackground(hub, signing, failures, "during-1");
            long campaign = id;
            Awaitility.await("campaign midway").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                    .until(() -> status(hub, campaign).get("done").asInt() >= 300);
            signing.set(false);
            signer.join();
            JsonNode atKill = status(hub, id);
            hub.kill();
            assertThat(atKill.get("state").asText()).isEqualTo("RUNNING");
            assertThat(atKill.get("done").asInt()).as("killed midway").isLessThan(IMPORTED);

            hub.start();
            signing.set(true);
            signer = signInBackground(hub, signing, failures, "during-2");
            Awaitility.await("campaign resumed and finished").atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> !status(hub, campaign).get("state").asText().equals("RUNNING"));
            signing.set(false);
            signer.join();
            JsonNode finished = status(hub, id);
            assertThat(finished.get("state").asText()).as(finished.toString()).isEqualTo("DONE");
            assertThat(finished.get("total").asInt()).isEqualTo(total);
            assertThat(finished.get("done").asInt()).isEqualTo(IMPORTED + DEMO);
            assertThat(finished.get("skipped").asInt()).isEqualTo(LEFT + ORPHANS);
            assertThat(finished.get("failed").asInt()).isZero();
            assertThat(Files.readString(hub.log())).contains("Resuming renewal campaign " + id);

            for (var entry : historical.entrySet()) {
                String content = Base64.getEncoder().encodeToString(("病历 after").getBytes(StandardCharsets.UTF_8));
                JsonNode after = sign(hub, entry.getKey(), content);
                assertThat(after).as("signing after the campaign").isNotNull();
                assertThat(after.get("certificateSerial").asText()).as("switched to the new certificate")
                        .isNotEqualTo(entry.getValue()[2]);
                HttpResponse<String> verified = http.send(HttpRequest.newBuilder(hub.uri("/api/v1/verify/message"))
                        .header("Content-Type", "application/json").header("X-Medsign-Api-Key", API_KEY)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"cms\":\"" + entry.getValue()[0]
                                + "\",\"content\":\"" + entry.getValue()[1] + "\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(JSON.readTree(verified.body()).get("valid").asBoolean())
                        .as("the superseded certificate still verifies " + verified.body()).isTrue();
            }
            assertThat(failures).as("signing during the campaign").isEmpty();
            hub.stop();
        }

        try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + home.resolve("db/medsign")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "sa", "")) {
            assertThat(count(db, "SELECT COUNT(*) FROM renewal_campaign_item WHERE campaign_id = " + id
                    + " AND state = 'DONE'")).isEqualTo(IMPORTED + DEMO);
            assertThat(count(db, "SELECT COUNT(DISTINCT new_serial) FROM renewal_campaign_item WHERE campaign_id = " + id))
                    .isEqualTo(IMPORTED + DEMO);
            // exactly once: each renewed certificate is replaced by exactly one new certificate, in ledger and CA
            assertThat(count(db, "SELECT COUNT(*) FROM (SELECT replaces_serial FROM staff_certificate WHERE "
                    + "replaces_serial IS NOT NULL GROUP BY replaces_serial HAVING COUNT(*) > 1) d")).isZero();
            assertThat(count(db, "SELECT COUNT(*) FROM staff_certificate WHERE replaces_serial IS NOT NULL"))
                    .isEqualTo(IMPORTED + DEMO);
            assertThat(count(db, "SELECT COUNT(*) FROM ca_certificate")).as("TSA + demo + renewed")
                    .isEqualTo(1 + DEMO + IMPORTED + DEMO);
            assertThat(count(db, "SELECT COUNT(*) FROM hub_key WHERE alias LIKE 'staff-%'")).isEqualTo(DEMO + IMPORTED + DEMO);
            assertThat(count(db, "SELECT COUNT(*) FROM certificate_history WHERE action = 'RENEWED'"))
                    .isEqualTo(IMPORTED + DEMO);
            assertThat(count(db, "SELECT COUNT(*) FROM certificate_history WHERE action = 'SUPERSEDED'"))
                    .isEqualTo(IMPORTED + DEMO);
            assertThat(count(db, "SELECT COUNT(*) FROM audit_event WHERE action = 'CERTIFICATE_RENEW'"))
                    .isEqualTo(IMPORTED + DEMO);
            // one person, one certificate: every renewed holder has exactly one ACTIVE certificate, the new one
            assertThat(count(db, "SELECT COUNT(*) FROM (SELECT staff_id FROM staff_certificate WHERE status = 'ACTIVE' "
                    + "AND staff_id IS NOT NULL GROUP BY staff_id HAVING COUNT(*) > 1) d")).isZero();
            assertThat(count(db, "SELECT COUNT(*) FROM staff_certificate o JOIN renewal_campaign_item i ON "
                    + "i.old_serial = o.serial WHERE i.campaign_id = " + id + " AND i.state = 'DONE' AND o.status <> "
                    + "'SUPERSEDED'")).isZero();
            // no gap
            assertThat(count(db, "SELECT COUNT(*) FROM staff_certificate n JOIN staff_certificate o ON "
                    + "o.serial = n.replaces_serial WHERE n.not_before > o.not_after")).isZero();
            assertThat(count(db, "SELECT COUNT(*) FROM staff_certificate n JOIN staff_certificate o ON "
                    + "o.serial = n.replaces_serial WHERE n.status = 'ACTIVE' AND n.key_custody = 'HUB'"))
                    .isEqualTo(IMPORTED + DEMO);
        }
    }

    private static int count(Connection db, String sql) throws Exception {
        try (ResultSet rs = db.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private Thread signInBackground(HubProcess hub, AtomicBoolean signing, List<String> failures, String phase) {
        Thread thread = new Thread(() -> {
            int i = 0;
            while (signing.get()) {
                String signer = String.format("D%04d", 1 + i % DEMO);
                String content = Base64.getEncoder().encodeToString((phase + " " + i).getBytes(StandardCharsets.UTF_8));
                try {
                    if (sign(hub, signer, content) == null) {
                        failures.add(phase + " " + i);
                    }
                } catch (Exception e) {
                    failures.add(phase + " " + i + ": " + e);
                }
                i++;
            }
        }, "signer-" + phase);
        thread.start();
        return thread;
    }

    private JsonNode sign(HubProcess hub, String signer, String content) throws Exception {
        String body = "{\"requestId\":\"campaign-" + System.nanoTime() + "\",\"signer\":\"" + signer
                + "\",\"content\":\"" + content + "\"}";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(hub.uri("/api/v1/sign/message"))
                .header("Content-Type", "application/json").header("X-Medsign-Api-Key", API_KEY)
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
    }

    private JsonNode status(HubProcess hub, long id) throws Exception {
        HttpResponse<String> response = admin(hub, "GET", "/api/v1/ledger/campaigns/" + id, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> admin(HubProcess hub, String method, String path, String body) throws Exception {
        String basic = Base64.getEncoder().encodeToString(("secadmin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(hub.uri(path)).header("Authorization", "Basic " + basic)
                .timeout(Duration.ofMinutes(5));
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        } else {
            if (!"GET".equals(method)) {
                request.header("Content-Type", "application/json");
            }
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** 1,400 active staff + 3 who left, each with an external certificate expiring in 20 days, and 2 orphans. */
    private static String importBody() throws Exception {
        return ExpiringRoster.importBody(IMPORTED, LEFT, ORPHANS);
    }
}
