package org.medsign.benchmarks.audit;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.util.Locale;

import org.bouncycastle.crypto.digests.SM3Digest;
import org.medsign.cli.MedsignCommand;
import org.medsign.crypto.audit.AuditChainHash;
import org.medsign.crypto.audit.AuditRecord;
import picocli.CommandLine;

/**
 * The million-event acceptance run: fills an empty {@code audit_event} table with a valid chain (JDBC batches),
 * runs the real {@code medsign audit verify --jdbc} over it, and reports events verified per second beside raw
 * BouncyCastle SM3 over the same kind of canonical string, measured in the same run. Run it with a small heap
 * ({@code -Xmx64m}) to show the verifier streams.
 *
 * <pre>java -Xmx64m -cp benchmarks/target/medsign-benchmarks.jar org.medsign.benchmarks.audit.AuditChainLoad \
 *     [--jdbc URL] [--user U] [--events 1000000] [--nodes 1]</pre>
 *
 * <p>Default database: a fresh H2 file in a temporary directory, with the hub's URL settings. For PostgreSQL give
 * an empty schema, e.g. {@code jdbc:postgresql://127.0.0.1:5432/test?currentSchema=bench} (password from
 * {@code MEDSIGN_DB_PASSWORD}). The tables are created as the hub's migrations create them (columns the verifier
 * reads). Exit 0 when the chain verified intact with every event counted.
 */
public final class AuditChainLoad {

    private AuditChainLoad() {
    }

    /** What one run measured. */
    public record Result(long events, double insertPerSecond, double verifyPerSecond, double rawSm3PerSecond,
                         long maxHeapBytes, int exit, String output) {

        /** A Markdown table row: events, insert/s, verified/s, raw SM3/s, ratio, heap limit. */
        public String markdown() {
            return String.format(Locale.ROOT, "| %,d | %,.0f | %,.0f | %,.0f | %.1f %% | %d MiB |", events,
                    insertPerSecond, verifyPerSecond, rawSm3PerSecond, 100 * verifyPerSecond / rawSm3PerSecond,
                    maxHeapBytes >> 20);
        }
    }

    public static void main(String[] args) throws Exception {
        String url = null;
        String user = "sa";
        long events = 1_000_000;
        int nodes = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jdbc" -> url = args[++i];
                case "--user" -> user = args[++i];
                case "--events" -> events = Long.parseLong(args[++i]);
                case "--nodes" -> nodes = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: AuditChainLoad [--jdbc URL] [--user U] [--events N] [--nodes K]");
                    System.exit(2);
                }
            }
        }
        if (url == null) {
            url = "jdbc:h2:file:" + Files.createTempDirectory("medsign-audit-load-").resolve("medsign")
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        }
        Result result = run(url, user, System.getenv("MEDSIGN_DB_PASSWORD"), events, nodes);
        System.out.print(result.output());
        System.out.println("| events | inserted/s | verified/s (medsign audit verify) | raw SM3/s (same run) | ratio | heap limit (-Xmx) |");
        System.out.println("|---:|---:|---:|---:|---:|---|");
        System.out.println(result.markdown());
        System.exit(result.exit() == 0 ? 0 : 1);
    }

    /** Fills, verifies with the CLI and measures. */
    public static Result run(String url, String user, String password, long events, int nodes) throws SQLException {
        long perNode = events / nodes;
        long total = perNode * nodes;
        long insertStart = System.nanoTime();
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            createTables(connection);
            connection.setAutoCommit(false);
            for (int n = 1; n <= nodes; n++) {
                insert(connection, "node-" + n, perNode);
            }
        }
        double insertSeconds = (System.nanoTime() - insertStart) / 1e9;

        double rawSm3 = rawSm3PerSecond(Math.min(total, 1_000_000));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = MedsignCommand.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        long verifyStart = System.nanoTime();
        // the CLI reads the password from MEDSIGN_DB_PASSWORD itself, as in production
        int exit = cli.execute("audit", "verify", "--jdbc", url, "--user", user);
        double verifySeconds = (System.nanoTime() - verifyStart) / 1e9;
        String expected = "audit chain intact: " + total + " events checked";
        int status = exit == 0 && out.toString().contains(expected) ? 0 : 1;
        return new Result(total, total / insertSeconds, total / verifySeconds, rawSm3, Runtime.getRuntime().maxMemory(),
                status, out + err.toString());
    }

    private static void createTables(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            // as V1__hub_core.sql and V6__audit_anchors.sql create them
            statement.execute("CREATE TABLE audit_event (node VARCHAR(64) NOT NULL, seq BIGINT NOT NULL, "
                    + "event_time TIMESTAMP WITH TIME ZONE NOT NULL, actor VARCHAR(128) NOT NULL, role VARCHAR(32) NOT NULL, "
                    + "action VARCHAR(64) NOT NULL, target VARCHAR(200), outcome VARCHAR(16) NOT NULL, "
                    + "detail VARCHAR(2000), prev_hash VARCHAR(64) NOT NULL, hash VARCHAR(64) NOT NULL, "
                    + "PRIMARY KEY (node, seq))");
            statement.execute("CREATE TABLE audit_anchor (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "
                    + "node VARCHAR(64) NOT NULL, created_at TIMESTAMP WITH TIME ZONE NOT NULL, "
                    + "gen_time TIMESTAMP WITH TIME ZONE NOT NULL, events BIGINT NOT NULL, "
                    + "heads VARCHAR(100000) NOT NULL, token BYTEA NOT NULL)");
        }
    }

    private static void insert(Connection connection, String node, long count) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO audit_event (node, seq, event_time, "
                + "actor, role, action, target, outcome, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            SQLException[] failure = {null};
            SyntheticAuditChain.generate(node, count, event -> {
                if (failure[0] != null) {
                    return;
                }
                try {
                    add(insert, event);
                    if (event.seq() % 1000 == 0 || event.seq() == count) {
                        insert.executeBatch();
                    }
                    if (event.seq() % 20_000 == 0 || event.seq() == count) {
                        connection.commit();
                    }
                } catch (SQLException e) {
                    failure[0] = e;
                }
            });
            if (failure[0] != null) {
                throw failure[0];
            }
        }
    }

    private static void add(PreparedStatement insert, AuditRecord e) throws SQLException {
        insert.setString(1, e.node());
        insert.setLong(2, e.seq());
        insert.setObject(3, e.time().atOffset(ZoneOffset.UTC));
        insert.setString(4, e.actor());
        insert.setString(5, e.role());
        insert.setString(6, e.action());
        insert.setString(7, e.target());
        insert.setString(8, e.outcome());
        insert.setString(9, e.detail());
        insert.setString(10, e.prevHash());
        insert.setString(11, e.hash());
        insert.addBatch();
    }

    /** Raw BouncyCastle SM3 over a typical event's canonical string (bytes prepared), warmed up, then timed. */
    static double rawSm3PerSecond(long count) {
        AuditRecord r = SyntheticAuditChain.events("node-1", 2).get(1);
        byte[] canonical = AuditChainHash.canonical(r.prevHash(), r.node(), 500_000, r.time(), r.actor(), r.role(),
                r.action(), r.target(), r.outcome(), r.detail()).getBytes(StandardCharsets.UTF_8);
        SM3Digest digest = new SM3Digest();
        byte[] out = new byte[32];
        for (int i = 0; i < 200_000; i++) {
            digest.update(canonical, 0, canonical.length);
            digest.doFinal(out, 0);
        }
        long start = System.nanoTime();
        for (long i = 0; i < count; i++) {
            digest.update(canonical, 0, canonical.length);
            digest.doFinal(out, 0);
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }
}
