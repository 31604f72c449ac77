package org.medsign.hub.lifecycle.operations;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The table {@code staff_pin} (salted PIN hashes and their lock state): the only class naming it. */
@Component
public class StaffPinRepository {

    /** A stored PIN: hash and salt (hex), wrong attempts in a row, whether locked, whether it must be changed. */
    public record Stored(String hash, String salt, int failed, boolean locked, boolean mustChange) {
    }

    private final JdbcClient jdbc;

    public StaffPinRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Where a staff member's PIN stands, if one is set. */
    public Optional<StaffPins.Status> status(String staffId) {
        return jdbc.sql("SELECT failed_attempts, locked_at, must_change, changed_at FROM staff_pin WHERE staff_id = ?")
                .param(staffId).query((rs, n) -> new StaffPins.Status(staffId, true, rs.getInt(1),
                        rs.getTimestamp(2) != null, rs.getBoolean(3), rs.getTimestamp(4).toInstant())).optional();
    }

    /** The stored PIN, locked for the caller's transaction. */
    public Optional<Stored> lockedForCheck(String staffId) {
        return jdbc.sql("SELECT pin_hash, salt, failed_attempts, locked_at, must_change FROM staff_pin "
                        + "WHERE staff_id = ? FOR UPDATE").param(staffId)
                .query((rs, n) -> new Stored(rs.getString(1), rs.getString(2), rs.getInt(3),
                        rs.getTimestamp(4) != null, rs.getBoolean(5))).optional();
    }

    /** The stored hash, if a PIN is set. */
    public Optional<String> hash(String staffId) {
        return jdbc.sql("SELECT pin_hash FROM staff_pin WHERE staff_id = ?").param(staffId).query(String.class)
                .optional();
    }

    /** Clears the count of wrong attempts. */
    public void clearFailures(String staffId) {
        jdbc.sql("UPDATE staff_pin SET failed_attempts = 0 WHERE staff_id = ?").param(staffId).update();
    }

    /** Records wrong attempts in a row; {@code lockedAt} non-null locks the PIN. */
    public void recordFailures(String staffId, int failed, Instant lockedAt) {
        jdbc.sql("UPDATE staff_pin SET failed_attempts = ?, locked_at = ? WHERE staff_id = ?")
                .params(failed, lockedAt == null ? null : Timestamp.from(lockedAt), staffId).update();
    }

    /** Unlocks; false when no PIN is set. */
    public boolean unlock(String staffId) {
        return jdbc.sql("UPDATE staff_pin SET failed_attempts = 0, locked_at = NULL WHERE staff_id = ?")
                .param(staffId).update() > 0;
    }

    /** Stores a new PIN hash (replacing any), unlocked. */
    public void store(String staffId, String hash, String salt, boolean mustChange, Instant now) {
        Timestamp at = Timestamp.from(now);
        int updated = jdbc.sql("UPDATE staff_pin SET pin_hash = ?, salt = ?, failed_attempts = 0, locked_at = NULL, "
                        + "must_change = ?, changed_at = ? WHERE staff_id = ?")
                .params(hash, salt, mustChange, at, staffId).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO staff_pin (staff_id, pin_hash, salt, failed_attempts, locked_at, must_change, "
                            + "changed_at) VALUES (?, ?, ?, 0, NULL, ?, ?)")
                    .params(staffId, hash, salt, mustChange, at).update();
        }
    }
}
