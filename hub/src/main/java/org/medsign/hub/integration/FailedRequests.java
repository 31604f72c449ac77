package org.medsign.hub.integration;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.medsign.adapters.model.ErrorCode;
import org.medsign.adapters.model.RequestStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Accepted requests that ended without a signature (refused meanwhile, or failed after their retries) and whether
 * their system has its failure notice: the console's failed view and its counts.
 */
@Component
public class FailedRequests {

    /** How a failed request was answered. */
    public enum Answer {
        /** The failure notice went to the system's outbound route. */
        SENT,
        /** The notice is queued or being retried (the system's listener does not take it yet). */
        NOT_YET_SENT,
        /** The system has no outbound route: it reads the failure from the status endpoint (polling). */
        BY_STATUS_ENDPOINT
    }

    /**
     * One failed request.
     *
     * @param requestPk   internal request id
     * @param systemId    calling system
     * @param requestId   the system's request id
     * @param status      FAILED or DEAD_LETTER
     * @param code        why
     * @param detail      the hub's detail (no personal data)
     * @param failedAt    when it failed
     * @param answer      how the system was answered
     * @param answeredAt  when the notice was sent, or null
     */
    public record Entry(long requestPk, String systemId, String requestId, RequestStatus status, ErrorCode code,
                        String detail, Instant failedAt, Answer answer, Instant answeredAt) {

        /** Whether an operator may replay it (the cause was transient). */
        public boolean replayable() {
            return status == RequestStatus.DEAD_LETTER;
        }
    }

    private final JdbcClient jdbc;

    public FailedRequests(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The newest failed requests, optionally of one system. */
    public List<Entry> find(String systemId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT s.id, s.system_id, s.request_id, s.status, s.error_code, "
                + "s.error_detail, s.updated_at, r.request_pk, r.sent_at, r.answered_status FROM signing_request s "
                + "LEFT JOIN reply_context r ON r.request_pk = s.id WHERE s.status IN ('FAILED', 'DEAD_LETTER')");
        List<Object> params = new ArrayList<>();
        if (systemId != null && !systemId.isBlank()) {
            sql.append(" AND s.system_id = ?");
            params.add(systemId.trim());
        }
        sql.append(" ORDER BY s.updated_at DESC, s.id DESC FETCH FIRST ").append(Math.max(1, Math.min(limit, 1000)))
                .append(" ROWS ONLY");
        return jdbc.sql(sql.toString()).params(params).query((rs, n) -> {
            RequestStatus status = RequestStatus.valueOf(rs.getString(4));
            boolean route = rs.getObject(8) != null;
            boolean answered = route && status.name().equals(rs.getString(10));
            Timestamp sentAt = rs.getTimestamp(9);
            String code = rs.getString(5);
            return new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), status,
                    code == null ? ErrorCode.INTERNAL_ERROR : ErrorCode.valueOf(code), rs.getString(6),
                    rs.getTimestamp(7).toInstant(),
                    !route ? Answer.BY_STATUS_ENDPOINT : answered ? Answer.SENT : Answer.NOT_YET_SENT,
                    answered && sentAt != null ? sentAt.toInstant() : null);
        }).list();
    }
}
