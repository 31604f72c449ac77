package org.medsign.hub.lifecycle.operations;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

/** The table {@code approval_request} (dual-control requests and their decisions): the only class naming it. */
@Component
public class ApprovalRepository {

    private final JdbcClient jdbc;

    public ApprovalRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Files a PENDING request; returns its id. */
    public long insertPending(String operation, String target, String payload, String reason, String requestedBy,
                              Instant now) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO approval_request (operation, target, payload, reason, requested_by, requested_at, state) "
                        + "VALUES (?, ?, ?, ?, ?, ?, 'PENDING')")
                .params(operation, target, payload, reason, requestedBy, Timestamp.from(now))
                .update(key, "id");
        return key.getKey().longValue();
    }

    /** Requests in a state (null: all), newest first, at most 500. */
    public List<Approvals.Approval> inState(String state) {
        return jdbc.sql(SELECT + (state == null ? "" : " WHERE state = ?") + " ORDER BY id DESC LIMIT 500")
                .params(state == null ? List.of() : List.of(state)).query(ApprovalRepository::map).list();
    }

    /** A request. */
    public Optional<Approvals.Approval> find(long id) {
        return jdbc.sql(SELECT + " WHERE id = ?").param(id).query(ApprovalRepository::map).optional();
    }

    /** A request, locked for the caller's transaction. */
    public Optional<Approvals.Approval> findForUpdate(long id) {
        return jdbc.sql(SELECT + " WHERE id = ? FOR UPDATE").param(id).query(ApprovalRepository::map).optional();
    }

    /** Whether a request for this operation on this target is pending. */
    public boolean pending(String operation, String target) {
        return jdbc.sql("SELECT COUNT(*) FROM approval_request WHERE operation = ? AND target = ? AND state = 'PENDING'")
                .params(operation, target).query(Integer.class).single() > 0;
    }

    /** Marks pending requests filed before {@code cutoff} EXPIRED at {@code now}. */
    public void expirePendingBefore(Instant cutoff, Instant now) {
        jdbc.sql("UPDATE approval_request SET state = 'EXPIRED', decided_at = ? WHERE state = 'PENDING' AND "
                        + "requested_at < ?")
                .params(Timestamp.from(now), Timestamp.from(cutoff)).update();
    }

    /** Records a decision. */
    public void decide(long id, String state, String administrator, String note, String result, Instant now) {
        jdbc.sql("UPDATE approval_request SET state = ?, decided_by = ?, decided_at = ?, decision_note = ?, result = ? "
                        + "WHERE id = ?")
                .params(state, administrator, Timestamp.from(now), note, result, id)
                .update();
    }

    private static final String SELECT = "SELECT id, operation, target, payload, reason, requested_by, requested_at, "
            + "state, decided_by, decided_at, decision_note, result FROM approval_request";

    private static Approvals.Approval map(ResultSet rs, int row) throws SQLException {
        return new Approvals.Approval(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getTimestamp(7).toInstant(), rs.getString(8), rs.getString(9),
                rs.getTimestamp(10) == null ? null : rs.getTimestamp(10).toInstant(), rs.getString(11),
                rs.getString(12));
    }
}
