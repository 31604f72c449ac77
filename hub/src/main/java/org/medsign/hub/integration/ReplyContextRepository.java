package org.medsign.hub.integration;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * How to answer each request ({@code reply_context}: the system's outbound endpoint, the signer code, the original
 * message sealed, and which final status was answered when): the one class whose SQL names the table.
 */
@Component
public class ReplyContextRepository {

    /** A stored reply context; {@code original} is sealed, {@code answeredStatus} null until answered. */
    public record Stored(String endpoint, String signerCode, byte[] original, String answeredStatus) {
    }

    /** Whether and when a request was answered; {@code answeredStatus} and {@code sentAt} are null until then. */
    public record Answer(long requestPk, String answeredStatus, Instant sentAt) {
    }

    /** A request that may need its answer queued again, with the status it was last answered with (or null). */
    public record Unanswered(long requestPk, String answeredStatus) {
    }

    private static final int CHUNK = 500;

    private final JdbcClient jdbc;

    public ReplyContextRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a request's context; a request that has one already throws. */
    public void insert(long requestPk, String endpoint, String signerCode, byte[] sealedOriginal)
            throws DuplicateKeyException {
        jdbc.sql("INSERT INTO reply_context (request_pk, endpoint, signer_code, original_enc, created_at) "
                        + "VALUES (?, ?, ?, ?, ?)")
                .params(requestPk, endpoint, signerCode, sealedOriginal, Timestamp.from(Instant.now()))
                .update();
    }

    /** Whether a request wants an answer (it has a reply context). */
    public boolean exists(long requestPk) {
        return jdbc.sql("SELECT COUNT(*) FROM reply_context WHERE request_pk = ?")
                .param(requestPk).query(Integer.class).single() > 0;
    }

    /**
     * Loads and row-locks the contexts of several requests with one statement, in request order (so that two senders
     * whose batches overlap lock in the same order and never deadlock); a request without a context is missing.
     */
    public Map<Long, Stored> lockAll(Collection<Long> requestPks) {
        List<Long> pks = List.copyOf(new TreeSet<>(requestPks));
        String marks = String.join(", ", Collections.nCopies(pks.size(), "?"));
        Map<Long, Stored> locked = new HashMap<>();
        jdbc.sql("SELECT request_pk, endpoint, signer_code, original_enc, answered_status FROM reply_context "
                        + "WHERE request_pk IN (" + marks + ") ORDER BY request_pk FOR UPDATE")
                .params(new ArrayList<Object>(pks))
                .query((rs, n) -> locked.put(rs.getLong(1),
                        new Stored(rs.getString(2), rs.getString(3), rs.getBytes(4), rs.getString(5))))
                .list();
        return locked;
    }

    /** Notes that a request's answer was queued now. */
    public void markQueued(long requestPk) {
        jdbc.sql("UPDATE reply_context SET queued_at = ? WHERE request_pk = ?")
                .params(Timestamp.from(Instant.now()), requestPk).update();
    }

    /** Notes that a request was answered now with {@code status}. */
    public void markAnswered(long requestPk, String status) {
        jdbc.sql("UPDATE reply_context SET sent_at = ?, answered_status = ? WHERE request_pk = ?")
                .params(Timestamp.from(Instant.now()), status, requestPk).update();
    }

    /**
     * Requests not queued since {@code queuedBefore} whose answer may still be due: never answered, or answered as a
     * dead letter (the only final status a request leaves again, by a replay or a resend; DONE and FAILED are
     * terminal, so a request answered with one of them is answered for good).
     */
    public List<Unanswered> possiblyUnanswered(Instant queuedBefore) {
        // never marked as queued: its answer was queued when its request ended, so only a context older than the
        // period is due again
        return jdbc.sql("SELECT request_pk, answered_status FROM reply_context "
                        + "WHERE (answered_status IS NULL OR answered_status = 'DEAD_LETTER') "
                        + "AND (queued_at < ? OR (queued_at IS NULL AND created_at < ?))")
                .params(Timestamp.from(queuedBefore), Timestamp.from(queuedBefore))
                .query((rs, n) -> new Unanswered(rs.getLong(1), rs.getString(2))).list();
    }

    /** The reply row of one request if its answer may still be due (never answered, or answered as dead letter). */
    public Optional<Unanswered> possiblyUnansweredOne(long requestPk) {
        return jdbc.sql("SELECT request_pk, answered_status FROM reply_context WHERE request_pk = ? "
                        + "AND (answered_status IS NULL OR answered_status = 'DEAD_LETTER')")
                .param(requestPk)
                .query((rs, n) -> new Unanswered(rs.getLong(1), rs.getString(2))).optional();
    }

    /** The answers of the given requests that have a reply context (the others have no outbound route). */
    public Map<Long, Answer> answers(Collection<Long> requestPks) {
        Map<Long, Answer> answers = new HashMap<>();
        List<Long> pks = List.copyOf(requestPks);
        for (int from = 0; from < pks.size(); from += CHUNK) {
            jdbc.sql("SELECT request_pk, answered_status, sent_at FROM reply_context WHERE request_pk IN (:pks)")
                    .param("pks", pks.subList(from, Math.min(pks.size(), from + CHUNK)))
                    .query((rs, n) -> answers.put(rs.getLong(1), new Answer(rs.getLong(1), rs.getString(2),
                            rs.getTimestamp(3) == null ? null : rs.getTimestamp(3).toInstant())))
                    .list();
        }
        return answers;
    }

    /** Requests answered with a failure notice (FAILED, DEAD_LETTER, REJECTED or EXPIRED). */
    public List<Long> answeredWithFailure() {
        return jdbc.sql("SELECT request_pk FROM reply_context WHERE answered_status IN ('FAILED', 'DEAD_LETTER', 'REJECTED', 'EXPIRED')")
                .query(Long.class).list();
    }

    /** Deletes the contexts (with their sealed originals) of answers sent before {@code before}; returns how many. */
    public int deleteSentBefore(Instant before) {
        return jdbc.sql("DELETE FROM reply_context WHERE sent_at IS NOT NULL AND sent_at < ?")
                .param(Timestamp.from(before)).update();
    }
}
