package org.medsign.hub.evidence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import org.medsign.crypto.audit.AuditAnchor;
import org.medsign.crypto.audit.AuditRecord;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The audit chain's rows ({@code audit_event}): the one class whose SQL names the table. Rows are appended by
 * {@link AuditLog} only and read back exactly as the verifier must see them ({@link AuditRows}).
 */
@Component
public class AuditEventRepository {

    /** The newest event of a node: where its chain continues. */
    public record Head(long seq, String hash) {
    }

    private final JdbcClient jdbc;

    public AuditEventRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Appends one chained row. */
    void append(String node, long seq, Instant time, AuditEvent event, String prevHash, String hash) {
        jdbc.sql("INSERT INTO audit_event (node, seq, event_time, actor, role, action, target, outcome, detail, "
                        + "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(node, seq, Timestamp.from(time), event.actor(), event.role(), event.action(), event.target(),
                        event.outcome(), event.detail(), prevHash, hash)
                .update();
    }

    /** The newest event of {@code node}, if it has any. */
    Optional<Head> head(String node) {
        return jdbc.sql("SELECT seq, hash FROM audit_event WHERE node = ? ORDER BY seq DESC LIMIT 1").param(node)
                .query((rs, n) -> new Head(rs.getLong(1), rs.getString(2))).optional();
    }

    /** The newest event of every node: what an anchor timestamps. */
    List<AuditAnchor.Head> heads() {
        return jdbc.sql("SELECT e.node, e.seq, e.hash FROM audit_event e JOIN "
                        + "(SELECT node, MAX(seq) AS seq FROM audit_event GROUP BY node) h "
                        + "ON e.node = h.node AND e.seq = h.seq")
                .query((rs, n) -> new AuditAnchor.Head(rs.getString(1), rs.getLong(2), rs.getString(3))).list();
    }

    /** The first SIGN event of a signature. */
    Optional<AuditRecord> signEventOf(String signatureId) {
        return jdbc.sql("SELECT " + AuditRows.EVENT_COLUMNS + " FROM audit_event WHERE action = 'SIGN' "
                        + "AND target = ? ORDER BY event_time LIMIT 1").param(signatureId)
                .query((rs, n) -> AuditRows.event(rs)).optional();
    }

    /** A node's events from {@code fromSeq} to {@code toSeq} (both included), in chain order. */
    List<AuditRecord> range(String node, long fromSeq, long toSeq) {
        return jdbc.sql("SELECT " + AuditRows.EVENT_COLUMNS + " FROM audit_event WHERE node = ? "
                        + "AND seq BETWEEN ? AND ? ORDER BY seq").params(node, fromSeq, toSeq)
                .query((rs, n) -> AuditRows.event(rs)).list();
    }

    /** The newest {@code limit} events whose action is one of {@code actions}, oldest first. */
    List<AuditRecord> latestOf(java.util.Collection<String> actions, int limit) {
        List<AuditRecord> newest = jdbc.sql("SELECT " + AuditRows.EVENT_COLUMNS + " FROM audit_event WHERE action IN "
                        + "(:actions) ORDER BY event_time DESC, node, seq DESC LIMIT :limit")
                .param("actions", List.copyOf(actions)).param("limit", limit)
                .query((rs, n) -> AuditRows.event(rs)).list();
        List<AuditRecord> oldestFirst = new java.util.ArrayList<>(newest);
        java.util.Collections.reverse(oldestFirst);
        return oldestFirst;
    }

    /** Events in [{@code from}, {@code to}) counted by action and outcome (the annual report). */
    List<AuditSearch.ActionCount> countByAction(Instant from, Instant to) {
        return jdbc.sql("SELECT action, outcome, COUNT(*) FROM audit_event WHERE event_time >= ? AND event_time < ? "
                        + "GROUP BY action, outcome ORDER BY action, outcome").params(Timestamp.from(from), Timestamp.from(to))
                .query((rs, n) -> new AuditSearch.ActionCount(rs.getString(1), rs.getString(2), rs.getLong(3))).list();
    }

    /** The first {@code limit} events in [{@code from}, {@code to}) whose action is one of {@code actions}, in time order. */
    List<AuditRecord> between(java.util.Collection<String> actions, Instant from, Instant to, int limit) {
        return jdbc.sql("SELECT " + AuditRows.EVENT_COLUMNS + " FROM audit_event WHERE action IN (:actions) "
                        + "AND event_time >= :from AND event_time < :to ORDER BY event_time, node, seq LIMIT :limit")
                .param("actions", List.copyOf(actions)).param("from", Timestamp.from(from))
                .param("to", Timestamp.from(to)).param("limit", limit)
                .query((rs, n) -> AuditRows.event(rs)).list();
    }

    /** The newest event before {@code before} whose action is {@code action}, if any. */
    Optional<AuditRecord> lastBefore(String action, Instant before) {
        return jdbc.sql("SELECT " + AuditRows.EVENT_COLUMNS + " FROM audit_event WHERE action = ? AND event_time < ? "
                        + "ORDER BY event_time DESC, node, seq DESC LIMIT 1").params(action, Timestamp.from(before))
                .query((rs, n) -> AuditRows.event(rs)).optional();
    }

    /** The time of the oldest event, if any (when the hub began keeping its chain). */
    Optional<Instant> firstEventTime() {
        return jdbc.sql("SELECT MIN(event_time) FROM audit_event").query(Timestamp.class).list().stream()
                .filter(java.util.Objects::nonNull).map(Timestamp::toInstant).findFirst();
    }

    /** Page {@code page} of {@code size} events matching {@code filter}, in time order, and how many match in all. */
    AuditSearch.Page search(AuditSearch.Filter filter, int page, int size) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        Map<String, Object> params = new LinkedHashMap<>();
        filter.columns().forEach((column, value) -> {
            if (value != null) {
                where.append(" AND ").append(column).append(" = :").append(column);
                params.put(column, value);
            }
        });
        if (filter.from() != null) {
            where.append(" AND event_time >= :from");
            params.put("from", Timestamp.from(filter.from()));
        }
        if (filter.to() != null) {
            where.append(" AND event_time < :to");
            params.put("to", Timestamp.from(filter.to()));
        }
        long total = jdbc.sql("SELECT COUNT(*) FROM audit_event" + where).params(params).query(Long.class).single();
        List<AuditRecord> events = jdbc.sql("SELECT " + AuditRows.EVENT_COLUMNS + " FROM audit_event" + where
                        + " ORDER BY event_time, node, seq LIMIT :limit OFFSET :offset")
                .params(params).param("limit", size).param("offset", (long) page * size)
                .query((rs, n) -> AuditRows.event(rs)).list();
        return new AuditSearch.Page(page, size, total, events);
    }

    /**
     * Streams the whole chain in chain order (node, seq) over {@code connection} (inside the caller's read-only
     * transaction, so that PostgreSQL uses a cursor) until {@code accept} returns false.
     */
    static void streamChain(Connection connection, Predicate<AuditRecord> accept) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + AuditRows.EVENT_COLUMNS
                + " FROM audit_event ORDER BY node, seq")) {
            statement.setFetchSize(1000);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next() && accept.test(AuditRows.event(rs))) {
                    // the caller keeps what it needs
                }
            }
        }
    }
}
