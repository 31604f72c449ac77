package org.medsign.hub.signing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The pending-task table ({@code signing_task}): the one class whose SQL names it. One task per request (the
 * request's internal id is unique), inserted once; its status moves only from PENDING to CONFIRMED, REJECTED or
 * EXPIRED.
 */
@Component
public class SigningTaskRepository {

    /** The states of a task. */
    public enum Status { PENDING, CONFIRMED, REJECTED, EXPIRED }

    /** A stored task. */
    public record Row(long id, long requestPk, String requestId, String staffId, String systemId, String scenario,
                      String title, Instant createdAt, Instant expiresAt, Status status, Instant decidedAt,
                      String reason, boolean handwritingRequired) {
    }

    private final JdbcClient jdbc;

    public SigningTaskRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts the task of a request unless it has one; returns the task's id and whether it is new. */
    public Inserted insertOnce(long requestPk, String requestId, String staffId, String systemId, String scenario,
                               String title, Instant createdAt, Instant expiresAt, boolean handwritingRequired) {
        Optional<Long> existing = idOfRequest(requestPk);
        if (existing.isPresent()) {
            return new Inserted(existing.get(), false);
        }
        try {
            jdbc.sql("INSERT INTO signing_task (request_pk, request_id, staff_id, system_id, scenario, title, "
                            + "created_at, expires_at, status, handwriting_required) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?)")
                    .params(requestPk, requestId, staffId, systemId, scenario, title, Timestamp.from(createdAt),
                            Timestamp.from(expiresAt), handwritingRequired)
                    .update();
        } catch (DuplicateKeyException concurrent) {
            return new Inserted(idOfRequest(requestPk).orElseThrow(), false);
        }
        return new Inserted(idOfRequest(requestPk).orElseThrow(), true);
    }

    /** The outcome of {@link #insertOnce}. */
    public record Inserted(long id, boolean created) {
    }

    /** Of the given requests, those that waited for their signer (have a signing task). */
    public java.util.Set<Long> requestsWithTask(java.util.Collection<Long> requestPks) {
        java.util.Set<Long> found = new java.util.HashSet<>();
        List<Long> all = List.copyOf(requestPks);
        for (int from = 0; from < all.size(); from += 500) {
            found.addAll(jdbc.sql("SELECT request_pk FROM signing_task WHERE request_pk IN (:pks)")
                    .param("pks", all.subList(from, Math.min(all.size(), from + 500))).query(Long.class).list());
        }
        return found;
    }

    /** The id of a request's task. */
    public Optional<Long> idOfRequest(long requestPk) {
        return jdbc.sql("SELECT id FROM signing_task WHERE request_pk = ?").param(requestPk).query(Long.class)
                .optional();
    }

    /** A request's task. */
    public Optional<Row> ofRequest(long requestPk) {
        return jdbc.sql(SELECT + " WHERE request_pk = ?").param(requestPk).query(this::map).optional();
    }

    /** A task. */
    public Optional<Row> find(long id) {
        return jdbc.sql(SELECT + " WHERE id = ?").param(id).query(this::map).optional();
    }

    /** Loads and row-locks a task (inside a transaction). */
    public Optional<Row> lock(long id) {
        return jdbc.sql(SELECT + " WHERE id = ? FOR UPDATE").param(id).query(this::map).optional();
    }

    /** The pending tasks of a signer, oldest first, at most {@code limit}. */
    public List<Row> pendingOf(String staffId, int limit) {
        return jdbc.sql(SELECT + " WHERE staff_id = ? AND status = 'PENDING' ORDER BY created_at, id "
                        + "FETCH FIRST " + limit + " ROWS ONLY")
                .param(staffId).query(this::map).list();
    }

    /** Ids of pending tasks whose expiry is at or before {@code now}, oldest first. */
    public List<Long> pendingExpiredAt(Instant now, int limit) {
        return jdbc.sql("SELECT id FROM signing_task WHERE status = 'PENDING' AND expires_at <= ? ORDER BY expires_at, id "
                        + "FETCH FIRST " + limit + " ROWS ONLY")
                .param(Timestamp.from(now)).query(Long.class).list();
    }

    /** Moves a PENDING task to {@code status}; false when it was no longer pending. */
    public boolean decide(long id, Status status, Instant decidedAt, String reason) {
        return jdbc.sql("UPDATE signing_task SET status = ?, decided_at = ?, reason = ? WHERE id = ? "
                        + "AND status = 'PENDING'")
                .params(status.name(), Timestamp.from(decidedAt), reason, id).update() == 1;
    }

    /** Keeps the handwriting (sealed) given with a task's confirmation, until its signature is recorded. */
    public void attachHandwriting(long id, byte[] sealed) {
        jdbc.sql("UPDATE signing_task SET handwriting_sealed = ? WHERE id = ?").params(sealed, id).update();
    }

    /** The sealed handwriting given with a request's task, if any. */
    public Optional<byte[]> handwritingOfRequest(long requestPk) {
        return jdbc.sql("SELECT handwriting_sealed FROM signing_task WHERE request_pk = ? "
                        + "AND handwriting_sealed IS NOT NULL")
                .param(requestPk).query((rs, n) -> rs.getBytes(1)).optional();
    }

    /** Drops a request's sealed handwriting once it is kept with the signature. */
    public void clearHandwritingOfRequest(long requestPk) {
        jdbc.sql("UPDATE signing_task SET handwriting_sealed = NULL WHERE request_pk = ? "
                + "AND handwriting_sealed IS NOT NULL").param(requestPk).update();
    }

    /**
     * Keeps the signature a collaborative signing round made for a task (a SignedData without timestamp, or a raw
     * signature) until the worker records it.
     */
    public void attachCosigned(long id, byte[] cosigned) {
        jdbc.sql("UPDATE signing_task SET cosigned = ? WHERE id = ?").params(cosigned, id).update();
    }

    /** The co-signed signature kept with a request's task, if any. */
    public Optional<byte[]> cosignedOfRequest(long requestPk) {
        return jdbc.sql("SELECT cosigned FROM signing_task WHERE request_pk = ? AND cosigned IS NOT NULL")
                .param(requestPk).query((rs, n) -> rs.getBytes(1)).optional();
    }

    /** Drops a request's co-signed signature once it is recorded. */
    public void clearCosignedOfRequest(long requestPk) {
        jdbc.sql("UPDATE signing_task SET cosigned = NULL WHERE request_pk = ? AND cosigned IS NOT NULL")
                .param(requestPk).update();
    }

    /** Pending tasks of one signer in one system that waited since at most {@code oldest}: how many, the oldest. */
    public record Waiting(String staffId, String systemId, int count, Instant oldest) {
    }

    /**
     * Pending, unexpired tasks created at or before {@code createdBy}, counted per signer and system (for reminders),
     * signers with the oldest task first.
     */
    public List<Waiting> waitingSince(Instant createdBy, Instant now) {
        return jdbc.sql("SELECT staff_id, system_id, COUNT(*), MIN(created_at) FROM signing_task WHERE status = 'PENDING' "
                        + "AND created_at <= ? AND expires_at > ? GROUP BY staff_id, system_id "
                        + "ORDER BY MIN(created_at), staff_id, system_id")
                .params(Timestamp.from(createdBy), Timestamp.from(now))
                .query((rs, n) -> new Waiting(rs.getString(1), rs.getString(2), rs.getInt(3),
                        rs.getTimestamp(4).toInstant())).list();
    }

    /** How many tasks of this signer are pending and unexpired. */
    public int countPendingOf(String staffId, Instant now) {
        return jdbc.sql("SELECT COUNT(*) FROM signing_task WHERE staff_id = ? AND status = 'PENDING' AND expires_at > ?")
                .params(staffId, Timestamp.from(now)).query(Integer.class).single();
    }

    /** How many tasks are pending. */
    public long countPending() {
        return jdbc.sql("SELECT COUNT(*) FROM signing_task WHERE status = 'PENDING'").query(Long.class).single();
    }

    private static final String SELECT = "SELECT id, request_pk, request_id, staff_id, system_id, scenario, title, "
            + "created_at, expires_at, status, decided_at, reason, handwriting_required FROM signing_task";

    private Row map(ResultSet rs, int row) throws SQLException {
        Timestamp decided = rs.getTimestamp(11);
        return new Row(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant(), rs.getTimestamp(9).toInstant(),
                Status.valueOf(rs.getString(10)), decided == null ? null : decided.toInstant(), rs.getString(12),
                rs.getBoolean(13));
    }

    // ---- tasks per system for the console (移动签名, issue #13)

    /** A system's tasks by status, and when its oldest pending task was created (null: none pending). */
    public record SystemCounts(String systemId, long pending, long confirmed, long rejected, long expired,
                               Instant oldestPending) {
    }

    /** Every system that has tasks, by system id. */
    public List<SystemCounts> countsBySystem() {
        return jdbc.sql("SELECT system_id, "
                        + "SUM(CASE WHEN status = 'PENDING' THEN 1 ELSE 0 END), "
                        + "SUM(CASE WHEN status = 'CONFIRMED' THEN 1 ELSE 0 END), "
                        + "SUM(CASE WHEN status = 'REJECTED' THEN 1 ELSE 0 END), "
                        + "SUM(CASE WHEN status = 'EXPIRED' THEN 1 ELSE 0 END), "
                        + "MIN(CASE WHEN status = 'PENDING' THEN created_at END) "
                        + "FROM signing_task GROUP BY system_id ORDER BY system_id")
                .query((rs, n) -> {
                    Timestamp oldest = rs.getTimestamp(6);
                    return new SystemCounts(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                            rs.getLong(5), oldest == null ? null : oldest.toInstant());
                }).list();
    }
}
