package org.medsign.hub.signing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

/**
 * The table {@code signing_task_reminder} (催办 sent to signers): the only class naming it. One row per reminder:
 * signer, how many tasks, the oldest one's creation, the systems, and how its webhook and e-mail went (NONE, PENDING,
 * SENT, FAILED, SKIPPED). Never a document or patient data.
 */
@Component
public class TaskReminderRepository {

    /** A stored reminder. */
    public record Reminder(long id, String staffId, Instant createdAt, int taskCount, Instant oldestCreatedAt,
                           List<String> systems, String webhookState, String emailState, int attempts,
                           String lastError) {
    }

    /** A reminder waiting for delivery and the attempts made so far. */
    public record Pending(long id, int attempts) {
    }

    private final JdbcClient jdbc;

    public TaskReminderRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** When this signer was last reminded, if ever. */
    public Optional<Instant> lastReminded(String staffId) {
        return jdbc.sql("SELECT created_at FROM signing_task_reminder WHERE staff_id = ? ORDER BY created_at DESC "
                        + "FETCH FIRST 1 ROWS ONLY").param(staffId)
                .query((rs, n) -> rs.getTimestamp(1).toInstant()).optional();
    }

    /** Stores a new reminder; returns its id. */
    public long insert(String staffId, Instant now, int taskCount, Instant oldest, List<String> systems,
                       String webhookState, String emailState) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO signing_task_reminder (staff_id, created_at, task_count, oldest_created_at, systems, "
                        + "webhook_state, email_state, attempts) VALUES (?, ?, ?, ?, ?, ?, ?, 0)")
                .params(staffId, Timestamp.from(now), taskCount, Timestamp.from(oldest), String.join(",", systems),
                        webhookState, emailState)
                .update(key, "id");
        return key.getKey().longValue();
    }

    /** Reminders whose webhook or e-mail is pending or failed, with fewer than {@code maxAttempts}, oldest first. */
    public List<Pending> undelivered(int maxAttempts) {
        return jdbc.sql("SELECT id, attempts FROM signing_task_reminder WHERE "
                        + "(webhook_state IN ('PENDING', 'FAILED') OR email_state IN ('PENDING', 'FAILED')) "
                        + "AND attempts < ? ORDER BY created_at, id").param(maxAttempts)
                .query((rs, n) -> new Pending(rs.getLong(1), rs.getInt(2))).list();
    }

    /** Claims the next attempt; false when another node claimed it first. */
    public boolean claimAttempt(Pending pending) {
        return jdbc.sql("UPDATE signing_task_reminder SET attempts = attempts + 1 WHERE id = ? AND attempts = ?")
                .params(pending.id(), pending.attempts()).update() == 1;
    }

    /** Records how a delivery went; {@code deliveredAt} null when it did not complete. */
    public void recordDelivery(long id, String webhookState, String emailState, String error, Instant deliveredAt) {
        jdbc.sql("UPDATE signing_task_reminder SET webhook_state = ?, email_state = ?, last_error = ?, delivered_at = ? "
                        + "WHERE id = ?")
                .params(webhookState, emailState, error == null || error.length() <= 500 ? error : error.substring(0, 500),
                        deliveredAt == null ? null : Timestamp.from(deliveredAt), id)
                .update();
    }

    /** One reminder. */
    public Reminder find(long id) {
        return jdbc.sql(SELECT + " WHERE id = ?").param(id).query(TaskReminderRepository::map).single();
    }

    /** The latest reminders, newest first. */
    public List<Reminder> recent(int limit) {
        return jdbc.sql(SELECT + " ORDER BY created_at DESC, id DESC FETCH FIRST " + limit + " ROWS ONLY")
                .query(TaskReminderRepository::map).list();
    }

    /** Deletes reminders created before {@code cutoff} (retention); returns how many. */
    public int deleteBefore(Instant cutoff) {
        return jdbc.sql("DELETE FROM signing_task_reminder WHERE created_at < ?").param(Timestamp.from(cutoff)).update();
    }

    private static final String SELECT = "SELECT id, staff_id, created_at, task_count, oldest_created_at, systems, "
            + "webhook_state, email_state, attempts, last_error FROM signing_task_reminder";

    private static Reminder map(ResultSet rs, int row) throws SQLException {
        return new Reminder(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getInt(4),
                rs.getTimestamp(5).toInstant(), Arrays.asList(rs.getString(6).split(",")), rs.getString(7),
                rs.getString(8), rs.getInt(9), rs.getString(10));
    }
}
