package org.medsign.hub.mobile;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The table {@code mobile_session} (app sessions by token hash): the only class naming it. */
@Component
public class AppSessionRepository {

    /** A live session: whose, when last used and when it ends at the latest. */
    public record Live(String staffId, Instant lastUsedAt, Instant expiresAt) {
    }

    private final JdbcClient jdbc;

    public AppSessionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a new session. */
    public void insert(String tokenHash, String staffId, Instant now, Instant expiresAt) {
        jdbc.sql("INSERT INTO mobile_session (token_hash, staff_id, created_at, last_used_at, expires_at, ended_at, "
                        + "end_reason) VALUES (?, ?, ?, ?, ?, NULL, NULL)")
                .params(tokenHash, staffId, Timestamp.from(now), Timestamp.from(now), Timestamp.from(expiresAt))
                .update();
    }

    /** The session with this token hash if it has not been ended (expiry is the caller's to judge). */
    public Optional<Live> notEnded(String tokenHash) {
        return jdbc.sql("SELECT staff_id, last_used_at, expires_at FROM mobile_session WHERE token_hash = ? "
                        + "AND ended_at IS NULL")
                .param(tokenHash).query((rs, n) -> new Live(rs.getString(1), rs.getTimestamp(2).toInstant(),
                        rs.getTimestamp(3).toInstant())).optional();
    }

    /** Records a use (for the idle timeout). */
    public void touch(String tokenHash, Instant now) {
        jdbc.sql("UPDATE mobile_session SET last_used_at = ? WHERE token_hash = ?")
                .params(Timestamp.from(now), tokenHash).update();
    }

    /** Ends one session; false when it was ended already. */
    public boolean end(String tokenHash, String reason, Instant now) {
        return jdbc.sql("UPDATE mobile_session SET ended_at = ?, end_reason = ? WHERE token_hash = ? AND ended_at IS NULL")
                .params(Timestamp.from(now), reason, tokenHash).update() > 0;
    }

    /** Ends every session of a staff member; returns how many were still going. */
    public int endAll(String staffId, String reason, Instant now) {
        return jdbc.sql("UPDATE mobile_session SET ended_at = ?, end_reason = ? WHERE staff_id = ? AND ended_at IS NULL")
                .params(Timestamp.from(now), reason, staffId).update();
    }

    /**
     * Deletes sessions that ended (logout, lost phone) or ran past their maximum before {@code cutoff} (retention);
     * returns how many. A live session is never touched.
     */
    public int deleteEndedBefore(Instant cutoff) {
        Timestamp before = Timestamp.from(cutoff);
        return jdbc.sql("DELETE FROM mobile_session WHERE ended_at < ? OR (ended_at IS NULL AND expires_at < ?)")
                .params(before, before).update();
    }
}
