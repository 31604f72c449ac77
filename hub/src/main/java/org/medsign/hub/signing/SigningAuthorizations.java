package org.medsign.hub.signing;

import java.sql.Timestamp;
import java.time.Instant;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Time-boxed permissions for a system to use a staff member's key: for a named scenario or (scenario NULL) for all.
 * Deny by default: without an authorization the request waits for the signer (pending task).
 */
@Component
public class SigningAuthorizations {

    private final JdbcClient jdbc;

    public SigningAuthorizations(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether {@code systemId} may sign for {@code staffId} in {@code scenario} at {@code now}. */
    public boolean permits(String staffId, String systemId, String scenario, Instant now) {
        return jdbc.sql("SELECT COUNT(*) FROM signing_authorization WHERE staff_id = ? AND system_id = ? "
                        + "AND revoked = FALSE AND valid_from <= ? AND valid_until > ? AND (scenario IS NULL OR scenario = ?)")
                .params(staffId, systemId, Timestamp.from(now), Timestamp.from(now), scenario == null ? "" : scenario)
                .query(Integer.class).single() > 0;
    }

    /** Grants an authorization; returns its id. */
    public long grant(String staffId, String systemId, String scenario, Instant from, Instant until, String grantedBy) {
        jdbc.sql("INSERT INTO signing_authorization (staff_id, system_id, scenario, valid_from, valid_until, revoked, "
                        + "created_by, created_at) VALUES (?, ?, ?, ?, ?, FALSE, ?, ?)")
                .params(staffId, systemId, scenario, Timestamp.from(from), Timestamp.from(until), grantedBy,
                        Timestamp.from(Instant.now()))
                .update();
        return jdbc.sql("SELECT MAX(id) FROM signing_authorization WHERE staff_id = ? AND system_id = ?")
                .params(staffId, systemId).query(Long.class).single();
    }

    /** Withdraws every authorization of a staff member (freeze, departure). */
    public int revokeAll(String staffId) {
        return jdbc.sql("UPDATE signing_authorization SET revoked = TRUE WHERE staff_id = ? AND revoked = FALSE")
                .param(staffId).update();
    }
}
