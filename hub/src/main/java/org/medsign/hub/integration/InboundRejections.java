package org.medsign.hub.integration;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.medsign.adapters.model.ErrorCode;
import org.medsign.adapters.model.Rejection;
import org.medsign.crypto.sm.Sm3;
import org.medsign.hub.HubProperties;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What the adapters refused, kept where an operator can find it ({@code inbound_rejection}; admin API
 * {@code GET /api/v1/admin/rejections}) and in the audit chain. Only the size and SM3 digest of a payload are kept.
 */
@Component
public class InboundRejections {

    /** A stored rejection. */
    public record Entry(long id, String systemId, String protocol, String reference, ErrorCode code, String detail,
                        Integer payloadBytes, String payloadSm3, String node, Instant createdAt) {
    }

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final String node;

    public InboundRejections(JdbcClient jdbc, AuditLog audit, HubProperties hub) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.node = hub.node();
    }

    /** Stores a rejection and appends it to the audit chain. */
    public void record(Rejection rejection) {
        byte[] payload = rejection.payload();
        jdbc.sql("INSERT INTO inbound_rejection (system_id, protocol, reference, code, detail, payload_bytes, "
                        + "payload_sm3, node, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(cut(rejection.systemId(), 64), cut(rejection.protocol(), 16), cut(rejection.reference(), 128),
                        rejection.code().name(), cut(rejection.detail(), 1000),
                        payload == null ? null : payload.length,
                        payload == null ? null : HexFormat.of().formatHex(Sm3.digest(payload)), node,
                        Timestamp.from(Instant.now()))
                .update();
        audit.append(AuditEvent.failure(rejection.systemId(), "SYSTEM", "MESSAGE_REJECTED",
                rejection.protocol() + ":" + (rejection.reference() == null ? "-" : rejection.reference()),
                rejection.code().name()));
    }

    /** The newest rejections, optionally of one system and/or with one reference. */
    public List<Entry> find(String systemId, String reference, int limit) {
        StringBuilder sql = new StringBuilder("SELECT id, system_id, protocol, reference, code, detail, payload_bytes, "
                + "payload_sm3, node, created_at FROM inbound_rejection WHERE 1 = 1");
        List<Object> params = new java.util.ArrayList<>();
        if (systemId != null && !systemId.isBlank()) {
            sql.append(" AND system_id = ?");
            params.add(systemId);
        }
        if (reference != null && !reference.isBlank()) {
            sql.append(" AND reference = ?");
            params.add(reference);
        }
        sql.append(" ORDER BY id DESC FETCH FIRST ").append(Math.max(1, Math.min(limit, 1000))).append(" ROWS ONLY");
        return jdbc.sql(sql.toString()).params(params)
                .query((rs, n) -> new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        ErrorCode.valueOf(rs.getString(5)), rs.getString(6), (Integer) rs.getObject(7), rs.getString(8),
                        rs.getString(9), rs.getTimestamp(10).toInstant()))
                .list();
    }

    /** Rejections since {@code from}, counted per system. */
    public Map<String, Long> countBySystem(Instant from) {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.sql("SELECT system_id, COUNT(*) FROM inbound_rejection WHERE created_at >= ? GROUP BY system_id")
                .param(Timestamp.from(from)).query((rs, n) -> counts.put(rs.getString(1), rs.getLong(2))).list();
        return counts;
    }

    /** Rejections in [{@code from}, {@code to}), counted per system (the annual report). */
    public Map<String, Long> countBySystem(Instant from, Instant to) {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.sql("SELECT system_id, COUNT(*) FROM inbound_rejection WHERE created_at >= ? AND created_at < ? "
                        + "GROUP BY system_id").params(Timestamp.from(from), Timestamp.from(to))
                .query((rs, n) -> counts.put(rs.getString(1), rs.getLong(2))).list();
        return counts;
    }

    /** Deletes the rejections recorded before {@code before}; returns how many. */
    public int deleteBefore(Instant before) {
        return jdbc.sql("DELETE FROM inbound_rejection WHERE created_at < ?").param(Timestamp.from(before)).update();
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
