package org.medsign.hub.seal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Component;

/** The one class whose SQL names {@code seal_history}: every step of a seal's life, and the held changes. */
@Component
public class SealHistoryRepository {

    /** A held change or revocation as stored: its requested values (JSON) and picture. */
    record Held(long id, String sealId, String action, String state, String proposal, byte[] imagePng, String reason,
                String requestedBy) {
    }

    private static final String COLUMNS = "id, seal_id, action, state, changes, reason, requested_by, requested_at, "
            + "approval_id, done_by, done_at";

    private final JdbcClient jdbc;

    public SealHistoryRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a step carried out at once. */
    void done(String sealId, String action, String changes, String reason, String actor, Instant now) {
        jdbc.sql("INSERT INTO seal_history (seal_id, action, state, changes, reason, requested_by, requested_at, "
                        + "done_by, done_at) VALUES (?, ?, 'DONE', ?, ?, ?, ?, ?, ?)")
                .params(sealId, action, changes, reason, actor, Timestamp.from(now), actor, Timestamp.from(now))
                .update();
    }

    /** Records a step held for a second security administrator; returns its id. */
    long requested(String sealId, String action, String changes, String proposal, byte[] imagePng, String reason,
                   String actor, Instant now) {
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO seal_history (seal_id, action, state, changes, proposal, image_png, reason, requested_by, "
                        + "requested_at) VALUES (?, ?, 'REQUESTED', ?, ?, ?, ?, ?, ?)")
                .params(sealId, action, changes, proposal, imagePng, reason, actor, Timestamp.from(now))
                .update(key, "id");
        return key.getKey().longValue();
    }

    /** Links a held step to its approval request. */
    void approvalFiled(long id, long approvalId) {
        jdbc.sql("UPDATE seal_history SET approval_id = ? WHERE id = ?").params(approvalId, id).update();
    }

    /** A held step, locked for the approval's transaction. */
    Optional<Held> held(long id) {
        return jdbc.sql("SELECT id, seal_id, action, state, proposal, image_png, reason, requested_by FROM seal_history "
                        + "WHERE id = ? FOR UPDATE").param(id)
                .query((rs, n) -> new Held(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getBytes(6), rs.getString(7), rs.getString(8))).optional();
    }

    /** REQUESTED → DONE once approved and applied, with the changes as applied. */
    void applied(long id, String changes, String operator, Instant now) {
        jdbc.sql("UPDATE seal_history SET state = 'DONE', changes = ?, done_by = ?, done_at = ? WHERE id = ? "
                        + "AND state = 'REQUESTED'")
                .params(changes, operator, Timestamp.from(now), id).update();
    }

    /** A seal's history, oldest first. */
    public List<SealHistoryEntry> of(String sealId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM seal_history WHERE seal_id = ? ORDER BY id").param(sealId)
                .query((rs, n) -> row(rs)).list();
    }

    private static SealHistoryEntry row(ResultSet rs) throws SQLException {
        long approval = rs.getLong("approval_id");
        Long approvalId = rs.wasNull() ? null : approval;
        Timestamp done = rs.getTimestamp("done_at");
        return new SealHistoryEntry(rs.getLong("id"), rs.getString("seal_id"), rs.getString("action"),
                rs.getString("state"), rs.getString("changes"), rs.getString("reason"), rs.getString("requested_by"),
                rs.getTimestamp("requested_at").toInstant(), approvalId, rs.getString("done_by"),
                done == null ? null : done.toInstant());
    }
}
