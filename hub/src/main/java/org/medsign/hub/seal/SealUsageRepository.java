package org.medsign.hub.seal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The one class whose SQL names {@code seal_usage} (用章记录). */
@Component
public class SealUsageRepository {

    private final JdbcClient jdbc;

    public SealUsageRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores one use; runs in the caller's transaction (the one recording the signature). */
    void insert(SealUsage use) {
        jdbc.sql("INSERT INTO seal_usage (seal_id, signature_id, system_id, request_id, requested_by, signer_staff_id, "
                        + "cert_serial, scenario, document_sm3, used_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(use.sealId(), use.signatureId(), use.systemId(), use.requestId(), use.requestedBy(),
                        use.signerStaffId(), use.certificateSerial(), use.scenario(), use.documentSm3(),
                        Timestamp.from(use.usedAt()))
                .update();
    }

    /**
     * Uses matching every non-null filter ({@code staffId} matches who asked or who signed), newest first, at most
     * {@code limit}.
     */
    public List<SealUsage> find(String sealId, String systemId, String staffId, Instant from, Instant until,
                                int limit) {
        StringBuilder sql = new StringBuilder("SELECT seal_id, signature_id, system_id, request_id, requested_by, "
                + "signer_staff_id, cert_serial, scenario, document_sm3, used_at FROM seal_usage WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (sealId != null) {
            sql.append(" AND seal_id = ?");
            params.add(sealId);
        }
        if (systemId != null) {
            sql.append(" AND system_id = ?");
            params.add(systemId);
        }
        if (staffId != null) {
            sql.append(" AND (requested_by = ? OR signer_staff_id = ?)");
            params.add(staffId);
            params.add(staffId);
        }
        if (from != null) {
            sql.append(" AND used_at >= ?");
            params.add(Timestamp.from(from));
        }
        if (until != null) {
            sql.append(" AND used_at < ?");
            params.add(Timestamp.from(until));
        }
        sql.append(" ORDER BY used_at DESC, id DESC FETCH FIRST ").append(limit).append(" ROWS ONLY");
        return jdbc.sql(sql.toString()).params(params)
                .query((rs, n) -> new SealUsage(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                        rs.getTimestamp(10).toInstant()))
                .list();
    }
}
