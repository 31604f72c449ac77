package org.medsign.hub.ops.alerts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The table {@code ops_alert}: one row per alert rule. */
@Repository
public class AlertRepository {

    private static final String COLUMNS = "rule, severity, state, since, fired_at, summary, last_notified_at, "
            + "notifications, incident_id, evaluated_at";

    private final JdbcClient jdbc;

    public AlertRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Every rule's state, FIRING first, then by rule. */
    public List<Alert> all() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM ops_alert ORDER BY CASE state WHEN 'FIRING' THEN 0 ELSE 1 END, "
                + "rule").query(AlertRepository::alert).list();
    }

    /** One rule's state. */
    public Optional<Alert> find(String rule) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM ops_alert WHERE rule = ?").param(rule)
                .query(AlertRepository::alert).optional();
    }

    /** A new episode: the rule FIRING since {@code now} (the row is created or replaced). */
    public void fired(String rule, Severity severity, String summary, Instant now) {
        Timestamp at = Timestamp.from(now);
        int updated = jdbc.sql("UPDATE ops_alert SET severity = ?, state = 'FIRING', since = ?, fired_at = ?, "
                        + "summary = ?, last_notified_at = NULL, notifications = 0, incident_id = NULL, "
                        + "evaluated_at = ? WHERE rule = ?")
                .params(severity.name(), at, at, summary, at, rule).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO ops_alert (" + COLUMNS + ") VALUES (?, ?, 'FIRING', ?, ?, ?, NULL, 0, NULL, ?)")
                    .params(rule, severity.name(), at, at, summary, at).update();
        }
    }

    /** The rule is still FIRING: the latest finding and evaluation time. */
    public void stillFiring(String rule, String summary, Instant now) {
        jdbc.sql("UPDATE ops_alert SET summary = ?, evaluated_at = ? WHERE rule = ?")
                .params(summary, Timestamp.from(now), rule).update();
    }

    /** The rule found nothing (again): the evaluation time only. */
    public void evaluated(String rule, Instant now) {
        jdbc.sql("UPDATE ops_alert SET evaluated_at = ? WHERE rule = ?").params(Timestamp.from(now), rule).update();
    }

    /** The episode ended at {@code now}. */
    public void resolved(String rule, Instant now) {
        Timestamp at = Timestamp.from(now);
        jdbc.sql("UPDATE ops_alert SET state = 'RESOLVED', since = ?, evaluated_at = ? WHERE rule = ?")
                .params(at, at, rule).update();
    }

    /** A notification of the episode went out (or was attempted) at {@code now}. */
    public void notified(String rule, Instant now) {
        jdbc.sql("UPDATE ops_alert SET last_notified_at = ?, notifications = notifications + 1 WHERE rule = ?")
                .params(Timestamp.from(now), rule).update();
    }

    /** The incident the episode opened. */
    public void linkIncident(String rule, long incidentId) {
        jdbc.sql("UPDATE ops_alert SET incident_id = ? WHERE rule = ?").params(incidentId, rule).update();
    }

    private static Alert alert(ResultSet rs, int row) throws SQLException {
        long incident = rs.getLong(9);
        return new Alert(rs.getString(1), Severity.valueOf(rs.getString(2)), Alert.State.valueOf(rs.getString(3)),
                instant(rs, 4), instant(rs, 5), rs.getString(6), instant(rs, 7), rs.getInt(8),
                rs.wasNull() ? null : incident, instant(rs, 10));
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
