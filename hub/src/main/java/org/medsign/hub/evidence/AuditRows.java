package org.medsign.hub.evidence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;

import org.medsign.crypto.audit.AuditAnchor;
import org.medsign.crypto.audit.AuditRecord;

/** Row mapping of {@code audit_event} and {@code audit_anchor}, exactly as the verifier must see the rows. */
final class AuditRows {

    static final String EVENT_COLUMNS = "node, seq, event_time, actor, role, action, target, outcome, detail, "
            + "prev_hash, hash";
    static final String ANCHOR_COLUMNS = "id, node, created_at, heads, token";

    private AuditRows() {
    }

    static AuditRecord event(ResultSet rs) throws SQLException {
        return new AuditRecord(rs.getString(1), rs.getLong(2), rs.getObject(3, OffsetDateTime.class).toInstant(),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                rs.getString(10), rs.getString(11));
    }

    static AuditAnchor anchor(ResultSet rs) throws SQLException {
        return new AuditAnchor(rs.getLong(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class).toInstant(),
                rs.getString(4), rs.getBytes(5));
    }
}
