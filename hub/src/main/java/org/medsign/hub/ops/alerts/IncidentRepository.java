package org.medsign.hub.ops.alerts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** The table {@code ops_incident}: the fault ledger. Each step is one conditional UPDATE (recorded once). */
@Repository
public class IncidentRepository {

    private static final String COLUMNS = "id, severity, title, description, rule, opened_by, detected_at, opened_at, "
            + "respond_by, restore_by, onsite_by, responded_at, responder, restored_at, restorer, onsite_at, "
            + "onsite_engineer, resolved_at, resolver, cause, review, advice, notes, escalated";

    /** A new incident as opened. */
    public record NewIncident(Severity severity, String title, String description, String rule, String openedBy,
                              Instant detectedAt, Instant openedAt, Instant respondBy, Instant restoreBy,
                              Instant onsiteBy) {
    }

    private final JdbcClient jdbc;

    public IncidentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts an incident; returns its id. */
    public long insert(NewIncident incident) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO ops_incident (severity, title, description, rule, opened_by, detected_at, opened_at, "
                        + "respond_by, restore_by, onsite_by, escalated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '')")
                .params(incident.severity().name(), incident.title(), incident.description(), incident.rule(),
                        incident.openedBy(), ts(incident.detectedAt()), ts(incident.openedAt()),
                        ts(incident.respondBy()), ts(incident.restoreBy()), ts(incident.onsiteBy()))
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    public Optional<Incident> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM ops_incident WHERE id = ?").param(id)
                .query(IncidentRepository::incident).optional();
    }

    /** The latest incidents, newest first; only the unresolved ones when {@code openOnly}. */
    public List<Incident> latest(boolean openOnly, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM ops_incident" + (openOnly ? " WHERE resolved_at IS NULL" : "")
                + " ORDER BY id DESC LIMIT ?").param(limit).query(IncidentRepository::incident).list();
    }

    /** Incidents opened in [from, to), oldest first (SLA compliance of a period). */
    public List<Incident> openedBetween(Instant from, Instant to) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM ops_incident WHERE opened_at >= ? AND opened_at < ? ORDER BY id")
                .params(ts(from), ts(to)).query(IncidentRepository::incident).list();
    }

    /**
     * SEVERE incidents whose outage overlaps [from, to): detected before {@code to} and not restored (nor resolved)
     * before {@code from}, oldest first (availability in the annual report).
     */
    public List<Incident> severeOverlapping(Instant from, Instant to) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM ops_incident WHERE severity = 'SEVERE' AND detected_at < ? "
                        + "AND COALESCE(restored_at, resolved_at, ?) >= ? ORDER BY id")
                .params(ts(to), ts(to), ts(from)).query(IncidentRepository::incident).list();
    }

    /** Unresolved incidents, oldest first. */
    public List<Incident> open() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM ops_incident WHERE resolved_at IS NULL ORDER BY id")
                .query(IncidentRepository::incident).list();
    }

    /** Records the response unless recorded or resolved; false otherwise. */
    public boolean respond(long id, String who, String note, Instant now) {
        return jdbc.sql("UPDATE ops_incident SET responded_at = ?, responder = ?, notes = ? WHERE id = ? "
                        + "AND responded_at IS NULL AND resolved_at IS NULL")
                .params(ts(now), who, notes(id, note), id).update() == 1;
    }

    /** Records the restoration (and the response, if none) unless recorded or resolved; false otherwise. */
    public boolean restore(long id, String who, String note, Instant now) {
        return jdbc.sql("UPDATE ops_incident SET restored_at = ?, restorer = ?, responded_at = COALESCE(responded_at, "
                        + "?), responder = COALESCE(responder, ?), notes = ? WHERE id = ? AND restored_at IS NULL "
                        + "AND resolved_at IS NULL")
                .params(ts(now), who, ts(now), who, notes(id, note), id).update() == 1;
    }

    /** Records the engineer on site unless recorded or resolved; false otherwise. */
    public boolean onsite(long id, String engineer, String note, Instant now) {
        return jdbc.sql("UPDATE ops_incident SET onsite_at = ?, onsite_engineer = ?, notes = ? WHERE id = ? "
                        + "AND onsite_at IS NULL AND resolved_at IS NULL")
                .params(ts(now), engineer, notes(id, note), id).update() == 1;
    }

    /** Closes the incident with its analysis (restoration and response set if missing); false if resolved. */
    public boolean resolve(long id, String who, String cause, String review, String advice, Instant now) {
        return jdbc.sql("UPDATE ops_incident SET resolved_at = ?, resolver = ?, cause = ?, review = ?, advice = ?, "
                        + "restored_at = COALESCE(restored_at, ?), restorer = COALESCE(restorer, ?), "
                        + "responded_at = COALESCE(responded_at, ?), responder = COALESCE(responder, ?) "
                        + "WHERE id = ? AND resolved_at IS NULL")
                .params(ts(now), who, cause, review, advice, ts(now), who, ts(now), who, id).update() == 1;
    }

    /** Marks {@code deadline} escalated unless another run did (compare-and-set on the escalated list). */
    public boolean escalated(long id, List<String> before, String deadline) {
        String old = String.join(",", before);
        String now = old.isEmpty() ? deadline : old + "," + deadline;
        return jdbc.sql("UPDATE ops_incident SET escalated = ? WHERE id = ? AND escalated = ?").params(now, id, old)
                .update() == 1;
    }

    private String notes(long id, String note) {
        String old = jdbc.sql("SELECT notes FROM ops_incident WHERE id = ?").param(id).query(String.class).optional()
                .orElse(null);
        if (note == null || note.isBlank()) {
            return old;
        }
        String joined = old == null || old.isEmpty() ? note.strip() : old + "\n" + note.strip();
        return joined.length() > 4000 ? joined.substring(joined.length() - 4000) : joined;
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Incident incident(ResultSet rs, int row) throws SQLException {
        String escalated = rs.getString(24);
        return new Incident(rs.getLong(1), Severity.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), AlertRepository.instant(rs, 7), AlertRepository.instant(rs, 8),
                AlertRepository.instant(rs, 9), AlertRepository.instant(rs, 10), AlertRepository.instant(rs, 11),
                AlertRepository.instant(rs, 12), rs.getString(13), AlertRepository.instant(rs, 14), rs.getString(15),
                AlertRepository.instant(rs, 16), rs.getString(17), AlertRepository.instant(rs, 18), rs.getString(19),
                rs.getString(20), rs.getString(21), rs.getString(22), rs.getString(23),
                escalated == null || escalated.isEmpty() ? List.of() : Arrays.asList(escalated.split(",")));
    }
}
