package org.medsign.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.medsign.crypto.audit.AuditAnchor;
import org.medsign.crypto.audit.AuditRecord;

/**
 * Reads {@code audit_anchor} and {@code audit_event} over JDBC (H2 or PostgreSQL), events streamed in chain order
 * (node, seq) through a cursor, so that memory does not grow with the chain. Read-only, one transaction.
 */
final class JdbcAuditTable implements AutoCloseable {

    /** Rows fetched per round trip. */
    private static final int FETCH_SIZE = 2000;

    private final Connection connection;
    private final String url;

    private JdbcAuditTable(Connection connection, String url) {
        this.connection = connection;
        this.url = url;
    }

    /** Connects; the password comes from the caller (the environment, never the command line). */
    static JdbcAuditTable open(String url, String user, String password) {
        try {
            Connection connection = DriverManager.getConnection(url, user, password);
            // PostgreSQL streams with a cursor only inside a transaction and with a fetch size
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            return new JdbcAuditTable(connection, url);
        } catch (SQLException e) {
            throw new AuditDatabaseException("cannot connect to " + redacted(url) + ": " + e.getMessage());
        }
    }

    /** Every anchor, oldest first (read before the events, so that each one covers events that exist). */
    List<AuditAnchor> anchors() {
        List<AuditAnchor> anchors = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT id, node, created_at, heads, token FROM audit_anchor ORDER BY id");
             ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                anchors.add(new AuditAnchor(rs.getLong(1), rs.getString(2),
                        rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getString(4), rs.getBytes(5)));
            }
            return anchors;
        } catch (SQLException e) {
            throw failure("audit_anchor", e);
        }
    }

    /** Feeds every event in (node, seq) order to {@code sink} until it returns false. */
    void events(Predicate<AuditRecord> sink) {
        try (PreparedStatement statement = connection.prepareStatement("SELECT node, seq, event_time, actor, role, "
                + "action, target, outcome, detail, prev_hash, hash FROM audit_event ORDER BY node, seq")) {
            statement.setFetchSize(FETCH_SIZE);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    AuditRecord record = new AuditRecord(rs.getString(1), rs.getLong(2),
                            rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                            rs.getString(11));
                    if (!sink.test(record)) {
                        return;
                    }
                }
            }
        } catch (SQLException e) {
            throw failure("audit_event", e);
        }
    }

    private AuditDatabaseException failure(String table, SQLException e) {
        return new AuditDatabaseException("cannot read " + table + " from " + redacted(url) + ": " + e.getMessage());
    }

    /** The URL without query parameters (they may carry a password). */
    static String redacted(String url) {
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query);
        int semicolon = base.startsWith("jdbc:h2:") ? base.indexOf(';') : -1;
        return semicolon < 0 ? base : base.substring(0, semicolon);
    }

    @Override
    public void close() {
        try {
            connection.rollback();
            connection.close();
        } catch (SQLException e) {
            // nothing was written; closing is best effort
        }
    }
}
