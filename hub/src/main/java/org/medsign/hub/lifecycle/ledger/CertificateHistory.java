package org.medsign.hub.lifecycle.ledger;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The insert-only history of every certificate in the ledger: when, who, what, why, and the state before and after. */
@Component
public class CertificateHistory {

    /** One entry. States are short {@code key=value; …} texts without personal identity numbers. */
    public record Entry(String serial, Instant time, String operator, String action, String reason, String oldState,
                        String newState) {
    }

    private final JdbcClient jdbc;
    private final CertificateEvents events;

    public CertificateHistory(JdbcClient jdbc, CertificateEvents events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    /** Appends an entry in the caller's transaction (and, for a status change, the event systems are told of). */
    public void record(String serial, String operator, String action, String reason, String oldState, String newState) {
        jdbc.sql("INSERT INTO certificate_history (serial, event_time, operator, action, reason, old_state, new_state) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(serial, Timestamp.from(Instant.now()), operator, action, truncate(reason, 500),
                        truncate(oldState, 1000), truncate(newState, 1000))
                .update();
        events.recorded(serial, operator, action, reason, oldState, newState);
    }

    /** A certificate's history, oldest first. */
    public List<Entry> of(String serial) {
        return jdbc.sql("SELECT serial, event_time, operator, action, reason, old_state, new_state FROM "
                        + "certificate_history WHERE serial = ? ORDER BY event_time, id").param(serial)
                .query((rs, n) -> new Entry(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7)))
                .list();
    }

    /** Who made the latest change of this kind to a certificate. */
    public java.util.Optional<String> latestOperator(String serial, String action) {
        return jdbc.sql("SELECT operator FROM certificate_history WHERE serial = ? AND action = ? "
                        + "ORDER BY event_time DESC, id DESC LIMIT 1").params(serial, action).query(String.class)
                .optional();
    }

    /** Entries made in [{@code from}, {@code to}), counted by action (ISSUED, RENEWED, REVOKED, FROZEN …). */
    public java.util.Map<String, Long> countByAction(Instant from, Instant to) {
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        jdbc.sql("SELECT action, COUNT(*) FROM certificate_history WHERE event_time >= ? AND event_time < ? "
                        + "GROUP BY action").params(Timestamp.from(from), Timestamp.from(to))
                .query((rs, n) -> counts.put(rs.getString(1), rs.getLong(2))).list();
        return counts;
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
