package org.medsign.hub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.medsign.crypto.sm.Sm3;
import org.medsign.hub.HubTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The backup command of the embedded default against a real hub: an archive made through the API whose manifest's
 * SM3s verify, restored into a fresh directory and opened with JDBC (a signature made before the backup is there),
 * the alert rules {@code backup-overdue} (no backup, then a fresh one, then too old again with a short maximum age)
 * and {@code disk-low} (an absurd threshold), the housekeeping of expired web tickets that leaves evidence alone,
 * and the roles.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupsIntegrationTests extends HubTestSupport {

    static final ObjectMapper JSON = new ObjectMapper();
    static Path home;
    static String signedRequest = "backup-" + UUID.randomUUID();

    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        home = freshHome(registry);
        registry.add("medsign.ops.alerts.interval", () -> "PT1S");
        registry.add("medsign.ops.alerts.initial-delay", () -> "PT1S");
        registry.add("medsign.ops.backup.required", () -> "true");
        registry.add("medsign.ops.backup.keep", () -> "2");
        registry.add("medsign.ops.alerts.backup-max-age", () -> "PT6S");
        // more than the whole disk free: always fires
        registry.add("medsign.ops.alerts.disk-low-percent", () -> "101");
    }

    @Override
    protected Path home() {
        return home;
    }

    private JsonNode get(String path) throws IOException {
        HttpResponse<String> response = asAdmin("sysadmin", HttpRequest.newBuilder(uri(path)).GET());
        assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> post(String user, String path) {
        return asAdmin(user, HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    private Optional<JsonNode> alert(String rule) throws IOException {
        for (JsonNode alert : get("/api/v1/ops/alerts")) {
            if (alert.path("rule").asText().equals(rule)) {
                return Optional.of(alert);
            }
        }
        return Optional.empty();
    }

    private JsonNode awaitState(String rule, String state) {
        return Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> alert(rule).orElse(null), a -> a != null && a.path("state").asText().equals(state));
    }

    private static Map<String, byte[]> unzip(InputStream in) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                entries.put(entry.getName(), zip.readAllBytes());
            }
        }
        return entries;
    }

    @Test
    @Order(1)
    void otherRolesMayNeitherMakeNorListBackups() {
        for (String user : new String[] {"secadmin", "auditadmin"}) {
            assertThat(post(user, "/api/v1/ops/backups").statusCode()).isEqualTo(403);
            assertThat(asAdmin(user, HttpRequest.newBuilder(uri("/api/v1/ops/backups")).GET()).statusCode())
                    .isEqualTo(403);
        }
        assertThat(send(HttpRequest.newBuilder(uri("/api/v1/ops/backups")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.noBody()).build()).statusCode()).isEqualTo(401);
    }

    @Test
    @Order(2)
    void withoutAnyBackupTheRequiredBackupIsOverdueAndTheAbsurdDiskThresholdFires() throws IOException {
        JsonNode overdue = awaitState("backup-overdue", "FIRING");
        assertThat(overdue.path("severity").asText()).isEqualTo("ORDINARY");
        assertThat(overdue.path("summary").asText()).contains("no successful backup yet");
        JsonNode disk = awaitState("disk-low", "FIRING");
        assertThat(disk.path("severity").asText()).isEqualTo("ORDINARY");
        assertThat(disk.path("summary").asText()).contains("MiB usable").contains(home.toString());
        assertThat(get("/api/v1/ops/backups").path("lastSuccess").isNull()).isTrue();
    }

    @Test
    @Order(3)
    void aBackupThroughTheApiHoldsDatabaseJournalAndSecretsWithVerifiableSm3sAndRestoresIntoAFreshDirectory()
            throws Exception {
        assertThat(postJson("/api/v1/sign/message", signMessage(signedRequest, "D0001", "备份前的文档")).statusCode())
                .isEqualTo(200);
        String signatureId = jdbc.sql("SELECT signature_id FROM signature_record WHERE request_id = ?")
                .param(signedRequest).query(String.class).single();
        long audits = jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'BACKUP_MADE'").query(Long.class)
                .single();

        HttpResponse<String> made = post("sysadmin", "/api/v1/ops/backups");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        JsonNode backup = JSON.readTree(made.body());
        assertThat(backup.path("database").asBoolean()).isTrue();
        // the fresh backup resolves the overdue alert (its maximum age is 6 s)
        awaitState("backup-overdue", "RESOLVED");
        Path archive = home.resolve("backups").resolve(backup.path("file").asText());
        assertThat(archive).isRegularFile();

        Map<String, byte[]> entries;
        try (InputStream in = Files.newInputStream(archive)) {
            entries = unzip(in);
        }
        String manifest = new String(entries.get(Backups.MANIFEST), StandardCharsets.UTF_8);
        assertThat(manifest).contains("hub-version=").contains("created-at=").contains("database=h2");
        int verified = 0;
        for (String line : manifest.split("\n")) {
            if (line.matches("[0-9a-f]{64}  .+")) {
                String name = line.substring(66);
                assertThat(entries).as(name).containsKey(name);
                assertThat(HexFormat.of().formatHex(Sm3.digest(entries.get(name)))).as(name)
                        .isEqualTo(line.substring(0, 64));
                verified++;
            }
        }
        assertThat(verified).isEqualTo(entries.size() - 1);
        assertThat(entries).containsKey(Backups.DATABASE_PART);
        assertThat(entries.keySet()).anyMatch(name -> name.startsWith("artemis/"));
        assertThat(entries.get("secrets/demo-api-key")).isEqualTo(Files.readAllBytes(home.resolve("secrets/demo-api-key")));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'BACKUP_MADE' AND actor = 'sysadmin'")
                .query(Long.class).single()).isEqualTo(audits + 1);

        JsonNode listed = get("/api/v1/ops/backups");
        assertThat(listed.path("lastSuccess").asText()).isEqualTo(backup.path("createdAt").asText());
        assertThat(listed.path("archives").get(0).path("file").asText()).isEqualTo(backup.path("file").asText());

        // restore as docs/operations.md says: the H2 backup's files into a fresh db/ directory, then open it
        Path restored = Files.createTempDirectory("medsign-restore-").resolve("db");
        Files.createDirectories(restored);
        Map<String, byte[]> database = unzip(new java.io.ByteArrayInputStream(entries.get(Backups.DATABASE_PART)));
        assertThat(database).containsKey("medsign.mv.db");
        for (Map.Entry<String, byte[]> file : database.entrySet()) {
            Files.write(restored.resolve(file.getKey()), file.getValue());
        }
        try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + restored.resolve("medsign")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;IFEXISTS=TRUE", "sa", "");
             PreparedStatement query = connection.prepareStatement(
                     "SELECT signature_id FROM signature_record WHERE request_id = ?")) {
            query.setString(1, signedRequest);
            try (ResultSet rs = query.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(signatureId);
            }
        }
    }

    @Test
    @Order(4)
    void theOverdueAlertFiresAgainWhenTheLastBackupIsTooOld() {
        JsonNode again = awaitState("backup-overdue", "FIRING");
        assertThat(again.path("summary").asText()).contains("is older than PT6S");
    }

    @Test
    @Order(5)
    void onlyTheLastArchivesAreKept() throws IOException {
        for (int i = 0; i < 3; i++) {
            assertThat(post("sysadmin", "/api/v1/ops/backups").statusCode()).isEqualTo(201);
        }
        JsonNode archives = get("/api/v1/ops/backups").path("archives");
        assertThat(archives.size()).isEqualTo(2);
        try (var files = Files.list(home.resolve("backups"))) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).hasSize(2)
                    .allMatch(name -> name.startsWith("medsign-backup-") && name.endsWith(".zip"));
        }
    }

    @Test
    @Order(6)
    void housekeepingRemovesExpiredWebTicketsAndLeavesEvidenceAlone() throws IOException {
        Instant now = Instant.now();
        jdbc.sql("INSERT INTO web_ticket (ticket_hash, system_id, request_id, created_at, expires_at, uses_left) "
                + "VALUES ('old-ticket', 'his', NULL, ?, ?, 1)")
                .params(Timestamp.from(now.minus(Duration.ofDays(3))), Timestamp.from(now.minus(Duration.ofDays(2))))
                .update();
        jdbc.sql("INSERT INTO web_ticket (ticket_hash, system_id, request_id, created_at, expires_at, uses_left) "
                + "VALUES ('live-ticket', 'his', NULL, ?, ?, 1)")
                .params(Timestamp.from(now), Timestamp.from(now.plus(Duration.ofMinutes(5)))).update();
        long signatures = jdbc.sql("SELECT COUNT(*) FROM signature_record").query(Long.class).single();
        long audits = jdbc.sql("SELECT COUNT(*) FROM audit_event").query(Long.class).single();

        HttpResponse<String> run = post("sysadmin", "/api/v1/admin/retention/run");
        assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
        assertThat(JSON.readTree(run.body()).path("removed").path("webTickets").asLong()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT ticket_hash FROM web_ticket WHERE ticket_hash IN ('old-ticket', 'live-ticket')")
                .query(String.class).list()).containsExactly("live-ticket");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM signature_record").query(Long.class).single()).isEqualTo(signatures);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event").query(Long.class).single()).isGreaterThan(audits);
        assertThat(jdbc.sql("SELECT detail FROM audit_event WHERE action = 'RETENTION_CLEANUP' ORDER BY event_time DESC, seq DESC "
                + "LIMIT 1").query(String.class).single()).contains("webTickets=1");
    }
}
