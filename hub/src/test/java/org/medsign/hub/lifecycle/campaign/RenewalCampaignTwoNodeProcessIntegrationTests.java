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
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medsign.hub.HubProcess;
import org.medsign.hub.PostgresTestDatabase;
import org.medsign.hub.lifecycle.expiry.ExpiringRoster;

/**
 * Issue #12 acceptance, with the packaged jar: two hub processes ({@code hub-a}, {@code hub-b}) on one PostgreSQL
 * schema, each with its own data directory and embedded broker (a campaign needs no shared queue). A campaign over
 * 300 imported staff certificates, all expiring, runs on one node under the cluster lock {@code renewal-campaigns};
 * that node is SIGKILLed when the progress, read through the API, is between 10 % and 80 %; the other node takes the
 * campaign over once the lock has expired and finishes it. Proven on the ledger and the CA's records: every
 * certificate renewed exactly once — no staff member with two new certificates, none left out, no CA issuance
 * without its ledger row.
 */
@PostgresTestDatabase.Required
class RenewalCampaignTwoNodeProcessIntegrationTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int STAFF = 300;
    private static final String PASSWORD = "two-node-admin";

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void theNodeRunningACampaignIsKilledMidwayAndTheOtherFinishesItRenewingEachCertificateExactlyOnce()
            throws Exception {
        String schema = "medsign_twonode_" + Long.toHexString(System.nanoTime());
        String url = System.getenv("MEDSIGN_TEST_PG_URL");
        String user = System.getenv().getOrDefault("MEDSIGN_TEST_PG_USER", "postgres");
        String password = System.getenv().getOrDefault("MEDSIGN_TEST_PG_PASSWORD", "");
        String schemaUrl = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        Map<String, String> env = new HashMap<>();
        env.put("SPRING_PROFILES_ACTIVE", "postgres");
        env.put("MEDSIGN_DB_URL", schemaUrl);
        env.put("MEDSIGN_DB_USER", user);
        env.put("MEDSIGN_DB_PASSWORD", password);
        env.put("SPRING_FLYWAY_SCHEMAS", schema);
        // one bootstrap password for both nodes: it wraps every key in the shared database
        env.put("MEDSIGN_BOOTSTRAP_PASSWORD", "two-node-bootstrap");
        env.put("MEDSIGN_ADMIN_PASSWORD", PASSWORD);
        // a modest rate so that the kill lands midway; a short lock so that the takeover comes soon
        env.put("SPRING_APPLICATION_JSON", "{\"medsign\":{\"campaign\":{\"max-rate\":30,\"batch-size\":10,"
                + "\"stale-after\":\"PT15S\",\"poll-interval\":\"PT2S\"}},"
                + "\"spring\":{\"datasource\":{\"hikari\":{\"maximum-pool-size\":8}}}}");
        Map<String, String> envA = new HashMap<>(env);
        envA.put("MEDSIGN_NODE", "hub-a");
        Map<String, String> envB = new HashMap<>(env);
        envB.put("MEDSIGN_NODE", "hub-b");
        Path homeA = Files.createDirectories(work.resolve("hub-a"));
        Path homeB = Files.createDirectories(work.resolve("hub-b"));

        long id;
        String survivorName;
        try (HubProcess a = new HubProcess(homeA, envA).start(); HubProcess b = new HubProcess(homeB, envB).start()) {
            HttpResponse<String> imported = admin(a, "POST", "/api/v1/ledger/import", ExpiringRoster.importBody(STAFF, 0, 0));
            assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
            assertThat(JSON.readTree(imported.body()).at("/certificates/created").asInt()).isEqualTo(STAFF);

            HttpResponse<String> created = admin(a, "POST", "/api/v1/ledger/campaigns",
                    "{\"categories\": [\"expiring\"], \"dryRun\": false}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
            id = JSON.readTree(created.body()).get("id").asLong();
            assertThat(JSON.readTree(created.body()).get("total").asInt()).isEqualTo(STAFF);

            long campaign = id;
            String runnerName = Awaitility.await("a node runs the campaign").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> query(schemaUrl, user, password, "SELECT runner FROM renewal_campaign WHERE id = "
                            + campaign), java.util.Objects::nonNull);
            HubProcess runner = runnerName.equals("hub-a") ? a : b;
            HubProcess survivor = runner == a ? b : a;
            survivorName = runner == a ? "hub-b" : "hub-a";
            assertThat(lockHolder(schemaUrl, user, password)).as("the cluster lock").isEqualTo(runnerName);

            JsonNode atKill = Awaitility.await("progress between 10 % and 80 %").atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(50)).until(() -> status(survivor, campaign), s -> {
                        double progress = progress(s);
                        assertThat(progress).as("the campaign went past 80 % unobserved").isLessThan(0.8);
                        return progress >= 0.1;
                    });
            runner.kill();
            JsonNode afterKill = status(survivor, id);
            assertThat(afterKill.get("state").asText()).isEqualTo("RUNNING");
            assertThat(progress(afterKill)).as("killed midway " + afterKill).isBetween(0.1, 0.8);
            assertThat(progress(atKill)).isLessThanOrEqualTo(progress(afterKill));

            Awaitility.await("the other node takes over and finishes").atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> !status(survivor, campaign).get("state").asText().equals("RUNNING"));
            JsonNode finished = status(survivor, id);
            assertThat(finished.get("state").asText()).as(finished.toString()).isEqualTo("DONE");
            assertThat(finished.get("done").asInt()).isEqualTo(STAFF);
            assertThat(finished.get("skipped").asInt()).isZero();
            assertThat(finished.get("failed").asInt()).isZero();
            assertThat(Files.readString(survivor.log())).contains("Resuming renewal campaign " + id);
            assertThat(query(schemaUrl, user, password, "SELECT runner FROM renewal_campaign WHERE id = " + id))
                    .isEqualTo(survivorName);
            assertThat(lockHolder(schemaUrl, user, password)).isEqualTo(survivorName);
            survivor.stop();
        }

        try (Connection db = DriverManager.getConnection(schemaUrl, user, password)) {
            String since = "(SELECT created_at FROM renewal_campaign WHERE id = " + id + ")";
            assertThat(count(db, "SELECT COUNT(*) FROM renewal_campaign_item WHERE campaign_id = " + id
                    + " AND state = 'DONE'")).isEqualTo(STAFF);
            assertThat(count(db, "SELECT COUNT(DISTINCT new_serial) FROM renewal_campaign_item WHERE campaign_id = "
                    + id)).isEqualTo(STAFF);
            // the ledger: each old certificate replaced by exactly one new one, each staff member with exactly one
            // certificate from the campaign and one ACTIVE certificate, the new one
            assertThat(count(db, "SELECT COUNT(*) FROM (SELECT replaces_serial FROM staff_certificate WHERE "
                    + "replaces_serial IS NOT NULL GROUP BY replaces_serial HAVING COUNT(*) > 1) d")).isZero();
            assertThat(count(db, "SELECT COUNT(*) FROM staff_certificate WHERE replaces_serial IS NOT NULL"))
                    .isEqualTo(STAFF);
            assertThat(count(db, "SELECT COUNT(DISTINCT staff_id) FROM staff_certificate WHERE replaces_serial IS NOT "
                    + "NULL AND staff_id LIKE 'S%'")).as("no staff member left out").isEqualTo(STAFF);
            assertThat(count(db, "SELECT COUNT(*) FROM (SELECT staff_id FROM staff_certificate WHERE status = 'ACTIVE' "
                    + "AND staff_id IS NOT NULL GROUP BY staff_id HAVING COUNT(*) > 1) d")).isZero();
            assertThat(count(db, "SELECT COUNT(*) FROM staff_certificate WHERE status = 'SUPERSEDED'")).isEqualTo(STAFF);
            // the CA: what it issued since the campaign began is exactly the campaign's new certificates, one per
            // subject (a batch cut off by the kill rolled its issuance back with it)
            assertThat(count(db, "SELECT COUNT(*) FROM ca_certificate WHERE created_at >= " + since)).isEqualTo(STAFF);
            assertThat(count(db, "SELECT COUNT(*) FROM ca_certificate c JOIN renewal_campaign_item i ON "
                    + "i.new_serial = c.serial WHERE i.campaign_id = " + id)).isEqualTo(STAFF);
            assertThat(count(db, "SELECT COUNT(*) FROM (SELECT subject FROM ca_certificate WHERE created_at >= " + since
                    + " GROUP BY subject HAVING COUNT(*) > 1) d")).as("no staff member with two new certificates")
                    .isZero();
            assertThat(count(db, "SELECT COUNT(*) FROM certificate_history WHERE action = 'RENEWED'")).isEqualTo(STAFF);
            assertThat(count(db, "SELECT COUNT(*) FROM audit_event WHERE action = 'CERTIFICATE_RENEW'"))
                    .isEqualTo(STAFF);
            assertThat(count(db, "SELECT COUNT(DISTINCT node) FROM audit_event WHERE action = 'CERTIFICATE_RENEW'"))
                    .as("both nodes renewed a part").isEqualTo(2);
        } finally {
            try (Connection db = DriverManager.getConnection(url, user, password)) {
                db.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    private static double progress(JsonNode status) {
        return (status.get("done").asInt() + status.get("skipped").asInt() + status.get("failed").asInt())
                / (double) status.get("total").asInt();
    }

    private static String lockHolder(String url, String user, String password) throws Exception {
        return query(url, user, password, "SELECT locked_by FROM shedlock WHERE name = 'renewal-campaigns'");
    }

    private static String query(String url, String user, String password, String sql) throws Exception {
        try (Connection db = DriverManager.getConnection(url, user, password);
             ResultSet rs = db.createStatement().executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static int count(Connection db, String sql) throws Exception {
        try (ResultSet rs = db.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private JsonNode status(HubProcess hub, long id) throws Exception {
        HttpResponse<String> response = admin(hub, "GET", "/api/v1/ledger/campaigns/" + id, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> admin(HubProcess hub, String method, String path, String body) throws Exception {
        String basic = Base64.getEncoder().encodeToString(("secadmin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(hub.uri(path)).header("Authorization", "Basic " + basic)
                .timeout(Duration.ofMinutes(2));
        if (!"GET".equals(method)) {
            request.header("Content-Type", "application/json"); // state changes are JSON-only, bodyless ones too
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
