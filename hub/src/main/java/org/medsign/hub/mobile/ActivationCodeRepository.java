package org.medsign.hub.mobile;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The table {@code mobile_activation} (one activation code hash per staff member): the only class naming it. */
@Component
public class ActivationCodeRepository {

    /** A staff member's current code: its hash, expiry and when it was used (null: unused). */
    public record Stored(String codeHash, Instant expiresAt, Instant usedAt) {
    }

    private final JdbcClient jdbc;

    public ActivationCodeRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a new code for {@code staffId}, replacing any previous one (used or not). */
    public void replace(String staffId, String codeHash, String issuedBy, Instant issuedAt, Instant expiresAt) {
        int updated = jdbc.sql("UPDATE mobile_activation SET code_hash = ?, issued_by = ?, issued_at = ?, expires_at = ?, "
                        + "used_at = NULL WHERE staff_id = ?")
                .params(codeHash, issuedBy, Timestamp.from(issuedAt), Timestamp.from(expiresAt), staffId).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO mobile_activation (staff_id, code_hash, issued_by, issued_at, expires_at, used_at) "
                            + "VALUES (?, ?, ?, ?, ?, NULL)")
                    .params(staffId, codeHash, issuedBy, Timestamp.from(issuedAt), Timestamp.from(expiresAt)).update();
        }
    }

    /** The staff member's current code, if one was ever issued. */
    public Optional<Stored> current(String staffId) {
        return jdbc.sql("SELECT code_hash, expires_at, used_at FROM mobile_activation WHERE staff_id = ?")
                .param(staffId).query((rs, n) -> new Stored(rs.getString(1), rs.getTimestamp(2).toInstant(),
                        rs.getTimestamp(3) == null ? null : rs.getTimestamp(3).toInstant())).optional();
    }

    /** Marks the code used if it is still the unused, unexpired one with this hash; false when it was not. */
    public boolean markUsed(String staffId, String codeHash, Instant now) {
        return jdbc.sql("UPDATE mobile_activation SET used_at = ? WHERE staff_id = ? AND code_hash = ? "
                        + "AND used_at IS NULL AND expires_at > ?")
                .params(Timestamp.from(now), staffId, codeHash, Timestamp.from(now)).update() == 1;
    }

    // ---- the codes issued, for the console (移动签名, issue #13): never the hash

    /** A staff member's current code as the console lists it: who issued it, when, until when, when used. */
    public record Issue(String staffId, String issuedBy, Instant issuedAt, Instant expiresAt, Instant usedAt) {
    }

    /** The current codes, the most recently issued first, at most {@code limit}. */
    public java.util.List<Issue> recent(int limit) {
        return jdbc.sql("SELECT staff_id, issued_by, issued_at, expires_at, used_at FROM mobile_activation "
                        + "ORDER BY issued_at DESC, staff_id FETCH FIRST " + limit + " ROWS ONLY")
                .query((rs, n) -> new Issue(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                        rs.getTimestamp(4).toInstant(),
                        rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant())).list();
    }

    /**
     * Deletes codes used, or expired unused, before {@code cutoff} (retention); returns how many. An unused code
     * still valid is never touched; the staff member's PIN and sessions are elsewhere and stay.
     */
    public int deleteUsedOrExpiredBefore(Instant cutoff) {
        Timestamp before = Timestamp.from(cutoff);
        return jdbc.sql("DELETE FROM mobile_activation WHERE used_at < ? OR (used_at IS NULL AND expires_at < ?)")
                .params(before, before).update();
    }
}
