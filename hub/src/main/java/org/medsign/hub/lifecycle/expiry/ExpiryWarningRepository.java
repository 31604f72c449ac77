package org.medsign.hub.lifecycle.expiry;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The table {@code expiry_warning}, keyed by (serial, threshold): the only class naming it. Rows carry the holder's
 * staff id; the name and department are the roster's, added by {@link ExpiryWarningLookup}.
 */
@Component
public class ExpiryWarningRepository {

    /** A warning as stored (no holder name or department). */
    public record Stored(String serial, int thresholdDays, int daysLeft, String staffId, Instant notAfter,
                         Instant createdAt, String webhookState, String emailState, int attempts, String lastError) {
    }

    /** A warning waiting for delivery and the attempts made so far. */
    public record Pending(String serial, int thresholdDays, int attempts) {
    }

    private final JdbcClient jdbc;

    public ExpiryWarningRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Raises a warning; false when this (serial, threshold) was raised before (by this node or another). */
    public boolean insert(String serial, int threshold, String staffId, Instant notAfter, int daysLeft, Instant now,
                          String webhookState, String emailState) {
        try {
            jdbc.sql("INSERT INTO expiry_warning (serial, threshold_days, staff_id, not_after, days_left, created_at, "
                            + "webhook_state, email_state, attempts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)")
                    .params(serial, threshold, staffId, Timestamp.from(notAfter), daysLeft, Timestamp.from(now),
                            webhookState, emailState)
                    .update();
            return true;
        } catch (DuplicateKeyException already) {
            return false;
        }
    }

    /** Warnings whose webhook or e-mail is pending or failed, with fewer than {@code maxAttempts}, oldest first. */
    public List<Pending> undelivered(int maxAttempts) {
        return jdbc.sql("SELECT serial, threshold_days, attempts FROM expiry_warning WHERE "
                        + "(webhook_state IN ('PENDING', 'FAILED') OR email_state IN ('PENDING', 'FAILED')) "
                        + "AND attempts < ? ORDER BY created_at").param(maxAttempts)
                .query((rs, n) -> new Pending(rs.getString(1), rs.getInt(2), rs.getInt(3))).list();
    }

    /** Claims the next attempt; false when another node claimed it first. */
    public boolean claimAttempt(Pending pending) {
        return jdbc.sql("UPDATE expiry_warning SET attempts = attempts + 1 WHERE serial = ? AND threshold_days = ? "
                        + "AND attempts = ?")
                .params(pending.serial(), pending.thresholdDays(), pending.attempts()).update() == 1;
    }

    /** Records how a delivery went; {@code deliveredAt} null when it did not complete. */
    public void recordDelivery(String serial, int threshold, String webhookState, String emailState, String error,
                               Instant deliveredAt) {
        jdbc.sql("UPDATE expiry_warning SET webhook_state = ?, email_state = ?, last_error = ?, delivered_at = ? "
                        + "WHERE serial = ? AND threshold_days = ?")
                .params(webhookState, emailState, error, deliveredAt == null ? null : Timestamp.from(deliveredAt),
                        serial, threshold)
                .update();
    }

    /** The latest warnings, newest first. */
    public List<Stored> recent(int limit) {
        return jdbc.sql(SELECT + " ORDER BY created_at DESC, serial, threshold_days LIMIT ?").param(limit)
                .query(ExpiryWarningRepository::map).list();
    }

    /** One warning. */
    public Stored find(String serial, int threshold) {
        return jdbc.sql(SELECT + " WHERE serial = ? AND threshold_days = ?").params(serial, threshold)
                .query(ExpiryWarningRepository::map).single();
    }

    private static final String SELECT = "SELECT serial, threshold_days, days_left, staff_id, not_after, created_at, "
            + "webhook_state, email_state, attempts, last_error FROM expiry_warning";

    private static Stored map(ResultSet rs, int row) throws SQLException {
        return new Stored(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getString(4), rs.getTimestamp(5).toInstant(),
                rs.getTimestamp(6).toInstant(), rs.getString(7), rs.getString(8), rs.getInt(9), rs.getString(10));
    }
}
