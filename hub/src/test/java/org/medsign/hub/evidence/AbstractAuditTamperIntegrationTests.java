package org.medsign.hub.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medsign.cli.MedsignCommand;
import org.medsign.crypto.TestPki;
import org.medsign.crypto.audit.AuditChainHash;
import org.medsign.crypto.cert.Pem;
import org.medsign.hub.HubProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import picocli.CommandLine;

/**
 * Tampering with a real audit chain in a real database (schema by the hub's Flyway migrations, events written by
 * {@link AuditLog}, an anchor made by {@link AuditAnchors} with an embedded TSA), then running the real
 * {@code medsign audit verify --jdbc} command: every kind of tampering is detected and named by its first bad
 * sequence number. Subclasses choose the database.
 */
abstract class AbstractAuditTamperIntegrationTests {

    static final TestPki PKI = new TestPki();
    static final String NODE = "node-a";

    @TempDir
    Path work;

    String url;
    JdbcClient jdbc;
    AuditLog audit;
    Path rootPem;

    /** A fresh, empty database (or schema): its JDBC URL. */
    abstract String freshDatabase() throws Exception;

    /** Flyway locations for this database. */
    abstract String vendorLocation();

    abstract String user();

    /** Lets the test tamper although the database protects audit rows (PostgreSQL's triggers). */
    abstract void allowTampering(Statement statement) throws SQLException;

    /** Flyway schema settings, if any. */
    void configure(org.flywaydb.core.api.configuration.FluentConfiguration flyway) {
    }

    @BeforeEach
    void chainOfThirtyEventsAnchoredAtTwenty() throws Exception {
        url = freshDatabase();
        DataSource dataSource = new DriverManagerDataSource(url, user(), password());
        var flyway = Flyway.configure().dataSource(dataSource)
                .locations("classpath:db/migration", "classpath:db/vendor/" + vendorLocation());
        configure(flyway);
        flyway.load().migrate();
        jdbc = JdbcClient.create(dataSource);
        audit = new AuditLog(jdbc, new HubProperties(work, NODE));
        AuditAnchors anchors = new AuditAnchors(jdbc, PKI.tsa, audit,
                new AuditProperties(Duration.ofHours(1), 10_000, Duration.ofSeconds(10), work.resolve("anchors"),
                        null, Duration.ofHours(6), Duration.ofMinutes(2)), NODE, Clock.systemUTC());
        for (int i = 1; i <= 20; i++) {
            audit.append(AuditEvent.success("dr.wang", "SYSTEM", "SIGN", "sig-" + i, "sm3=" + i));
        }
        assertThat(anchors.anchorNow()).isPresent();
        for (int i = 21; i <= 30; i++) {
            audit.append(AuditEvent.failure("hub", "SYSTEM", "SIGN_REFUSED", "req-" + i, "CERTIFICATE_FROZEN"));
        }
        rootPem = work.resolve("root.pem");
        Files.write(rootPem, Pem.certificatesPem(List.of(PKI.root())).getBytes(StandardCharsets.US_ASCII));
    }

    static String password() {
        String value = System.getenv("MEDSIGN_TEST_PG_PASSWORD");
        return value == null ? "" : value;
    }

    record Run(int exit, String out, String err) {
    }

    Run medsign(String... args) {
        CommandLine commandLine = MedsignCommand.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exit = commandLine.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    Run verify() {
        return medsign("audit", "verify", "--jdbc", url, "--user", user(), "--trust", rootPem.toString());
    }

    void tamper(String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user(), password());
             Statement statement = connection.createStatement()) {
            allowTampering(statement);
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    void assertDetected(String kind, long seq) {
        Run run = verify();
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(MedsignCommand.EXIT_INVALID);
        assertThat(run.out()).contains("first bad sequence: node " + NODE + " seq " + seq + ": " + kind);
    }

    @Test
    void untouchedChainVerifiesAndCountsItsEvents() {
        Run run = verify();
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("audit chain intact: 30 events checked (1 node, 1 anchor verified)");
    }

    @Test
    void updatedRowIsChanged() throws SQLException {
        tamper("UPDATE audit_event SET detail = 'sm3=0' WHERE node = 'node-a' AND seq = 10");
        assertDetected("changed", 10);
    }

    @Test
    void updatedAndRehashedRowIsChangedAtItsOwnSequence() throws SQLException {
        var row = jdbc.sql("SELECT prev_hash, event_time FROM audit_event WHERE node = 'node-a' AND seq = 10")
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getObject(2, java.time.OffsetDateTime.class)})
                .single();
        String forged = AuditChainHash.hash((String) row[0], NODE, 10,
                ((java.time.OffsetDateTime) row[1]).toInstant(), "dr.wang", "SYSTEM", "SIGN", "sig-10", "SUCCESS",
                "sm3=0");
        tamper("UPDATE audit_event SET detail = 'sm3=0', hash = '" + forged + "' WHERE node = 'node-a' AND seq = 10");
        assertDetected("changed", 10);
    }

    @Test
    void deletedRowIsMissing() throws SQLException {
        tamper("DELETE FROM audit_event WHERE node = 'node-a' AND seq = 10");
        assertDetected("missing", 10);
    }

    @Test
    void forgedRowInsertedIntoTheChainIsInserted() throws SQLException {
        // a forger who knows the hash format: renumbers the rest and links the forged row to seq 9
        String prev = jdbc.sql("SELECT hash FROM audit_event WHERE node = 'node-a' AND seq = 9").query(String.class)
                .single();
        Instant time = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String hash = AuditChainHash.hash(prev, NODE, 10, time, "dr.li", "SYSTEM", "SIGN", "sig-forged", "SUCCESS",
                "sm3=forged");
        tamper("UPDATE audit_event SET seq = -seq - 1 WHERE node = 'node-a' AND seq >= 10",
                "UPDATE audit_event SET seq = -seq WHERE node = 'node-a' AND seq < 0",
                "INSERT INTO audit_event (node, seq, event_time, actor, role, action, target, outcome, detail, "
                        + "prev_hash, hash) VALUES ('node-a', 10, TIMESTAMP WITH TIME ZONE '"
                        + Timestamp.from(time).toInstant().toString().replace('T', ' ').replace("Z", "+00") + "', "
                        + "'dr.li', 'SYSTEM', 'SIGN', 'sig-forged', 'SUCCESS', 'sm3=forged', '" + prev + "', '"
                        + hash + "')");
        assertDetected("inserted", 10);
    }

    @Test
    void swappedRowsAreReordered() throws SQLException {
        tamper("UPDATE audit_event SET seq = -1 WHERE node = 'node-a' AND seq = 10",
                "UPDATE audit_event SET seq = 10 WHERE node = 'node-a' AND seq = 15",
                "UPDATE audit_event SET seq = 15 WHERE node = 'node-a' AND seq = -1");
        assertDetected("reordered", 10);
    }

    @Test
    void editedAnchorIsAnAnchorMismatch() throws SQLException {
        String hash19 = jdbc.sql("SELECT hash FROM audit_event WHERE node = 'node-a' AND seq = 19")
                .query(String.class).single();
        String hash20 = jdbc.sql("SELECT hash FROM audit_event WHERE node = 'node-a' AND seq = 20")
                .query(String.class).single();
        tamper("UPDATE audit_anchor SET heads = REPLACE(heads, '" + hash20 + "', '" + hash19 + "')");
        assertDetected("anchor mismatch", 20);
    }

    @Test
    void chainRewrittenConsistentlyIsCaughtByItsAnchor() throws SQLException {
        // the whole chain re-hashed after editing seq 5: every link holds, only the timestamped head does not
        List<String[]> rows = jdbc.sql("SELECT seq, event_time, actor, role, action, target, outcome, detail "
                        + "FROM audit_event WHERE node = 'node-a' ORDER BY seq")
                .query((rs, n) -> new String[] {rs.getString(1),
                        rs.getObject(2, java.time.OffsetDateTime.class).toInstant().toString(), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)})
                .list();
        String prev = AuditChainHash.GENESIS;
        java.util.List<String> updates = new java.util.ArrayList<>();
        for (String[] r : rows) {
            long seq = Long.parseLong(r[0]);
            String detail = seq == 5 ? "sm3=0" : r[7];
            String hash = AuditChainHash.hash(prev, NODE, seq, Instant.parse(r[1]), r[2], r[3], r[4], r[5], r[6],
                    detail);
            updates.add("UPDATE audit_event SET detail = '" + detail + "', prev_hash = '" + prev + "', hash = '" + hash
                    + "' WHERE node = 'node-a' AND seq = " + seq);
            prev = hash;
        }
        tamper(updates.toArray(String[]::new));
        assertDetected("anchor mismatch", 20);
    }

    @Test
    void exportedFileVerifiesAndATamperedFileDoesNot() throws Exception {
        Path file = work.resolve("audit.jsonl");
        Run export = medsign("audit", "export", "--jdbc", url, "--user", user(), "--out", file.toString());
        assertThat(export.exit()).as(export.err()).isZero();
        assertThat(export.out()).contains("exported 30 events and 1 anchors");

        Run intact = medsign("audit", "verify", "--file", file.toString(), "--trust", rootPem.toString(),
                "--anchors", work.resolve("anchors").toString());
        assertThat(intact.exit()).as(intact.err()).isZero();
        assertThat(intact.out()).contains("30 events checked (1 node, 2 anchors verified)");

        Files.writeString(file, Files.readString(file).replace("\"sig-12\"", "\"sig-99\""));
        Run tampered = medsign("audit", "verify", "--file", file.toString(), "--trust", rootPem.toString());
        assertThat(tampered.exit()).isEqualTo(MedsignCommand.EXIT_INVALID);
        assertThat(tampered.out()).contains("first bad sequence: node node-a seq 12: changed");
    }
}
