package org.medsign.hub.lifecycle.operations;

import org.medsign.hub.lifecycle.LifecycleProperties;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.HubException;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Dual control (双人复核): an operation configured in {@code medsign.lifecycle.dual-control} is filed as an approval
 * request and carried out only when a second, different security administrator approves it. Each step (requested,
 * approved, rejected, expired) is audited; the operation itself is recorded with both names.
 */
@Component
public class Approvals {

    /** One approval request. */
    public record Approval(long id, String operation, String target, String payload, String reason,
                           String requestedBy, Instant requestedAt, String state, String decidedBy, Instant decidedAt,
                           String decisionNote, String result) {
    }

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final LifecycleProperties properties;
    private final Map<String, ApprovalHandler> handlers;
    private final TransactionTemplate transactions;
    private final TransactionTemplate ownTransaction;

    public Approvals(JdbcClient jdbc, AuditLog audit, LifecycleProperties properties, List<ApprovalHandler> handlers,
                     PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.properties = properties;
        this.handlers = handlers.stream().collect(Collectors.toMap(ApprovalHandler::operation, Function.identity()));
        this.transactions = new TransactionTemplate(transactionManager);
        this.ownTransaction = new TransactionTemplate(transactionManager);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Records a refused self-approval in its own transaction (the refusal rolls the approval back). */
    private void denied(String approver, long id) {
        ownTransaction.executeWithoutResult(status -> audit.append(AuditEvent.failure(approver, "SECURITY_ADMIN",
                "APPROVAL_DENIED", "approval " + id, "the requester cannot approve")));
    }

    /** Whether {@code operation} must be approved by a second administrator. */
    public boolean required(String operation) {
        return properties.needsApproval(operation);
    }

    /** Files a request; returns its id. */
    @Transactional
    public long request(String operation, String target, String payload, String reason, String requestedBy) {
        if (!handlers.containsKey(operation)) {
            throw new IllegalStateException("no approval handler for " + operation);
        }
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO approval_request (operation, target, payload, reason, requested_by, requested_at, state) "
                        + "VALUES (?, ?, ?, ?, ?, ?, 'PENDING')")
                .params(operation, target, payload, truncate(reason), requestedBy, Timestamp.from(Instant.now()))
                .update(key, "id");
        long id = key.getKey().longValue();
        audit.append(AuditEvent.success(requestedBy, "SECURITY_ADMIN", "APPROVAL_REQUESTED", operation + " " + target,
                "approval " + id));
        return id;
    }

    /** Approves and carries out a pending request; the approver must not be the requester. */
    public Approval approve(long id, String approver, String note) {
        Approval approved = transactions.execute(status -> approveLocked(id, approver, note));
        handlers.get(approved.operation()).committed(approved.target());
        return approved;
    }

    private Approval approveLocked(long id, String approver, String note) {
        Approval approval = pending(id);
        if (approval.requestedBy().equals(approver)) {
            denied(approver, id);
            throw new HubException(ErrorCode.APPROVAL_SAME_ADMINISTRATOR,
                    "a second security administrator must approve; "
                    + approver + " filed this request");
        }
        String result = handlers.get(approval.operation()).execute(approval.target(), approval.payload(),
                approval.reason(), approval.requestedBy() + "+" + approver);
        decide(id, "APPROVED", approver, note, result);
        audit.append(AuditEvent.success(approver, "SECURITY_ADMIN", "APPROVAL_APPROVED",
                approval.operation() + " " + approval.target(), "approval " + id + " filed by " + approval.requestedBy()));
        return find(id);
    }

    /** Rejects a pending request (the requester may withdraw their own). */
    @Transactional
    public Approval reject(long id, String administrator, String note) {
        Approval approval = pending(id);
        decide(id, "REJECTED", administrator, note, null);
        audit.append(AuditEvent.success(administrator, "SECURITY_ADMIN", "APPROVAL_REJECTED",
                approval.operation() + " " + approval.target(), "approval " + id));
        return find(id);
    }

    /** Requests by state ({@code PENDING}, {@code APPROVED}, {@code REJECTED}, {@code EXPIRED}; null = all). */
    public List<Approval> list(String state) {
        expireOld();
        return jdbc.sql(SELECT + (state == null ? "" : " WHERE state = ?") + " ORDER BY id DESC LIMIT 500")
                .params(state == null ? List.of() : List.of(state)).query((rs, n) -> map(rs)).list();
    }

    public Approval find(long id) {
        return jdbc.sql(SELECT + " WHERE id = ?").param(id).query((rs, n) -> map(rs)).optional()
                .orElseThrow(() -> new HubException(ErrorCode.APPROVAL_UNKNOWN, "no approval request " + id));
    }

    private Approval pending(long id) {
        expireOld();
        Approval approval = jdbc.sql(SELECT + " WHERE id = ? FOR UPDATE").param(id).query((rs, n) -> map(rs))
                .optional().orElseThrow(() -> new HubException(ErrorCode.APPROVAL_UNKNOWN,
                        "no approval request " + id));
        if (!approval.state().equals("PENDING")) {
            throw new HubException(ErrorCode.APPROVAL_NOT_PENDING,
                    "approval request " + id + " is " + approval.state());
        }
        return approval;
    }

    private void expireOld() {
        jdbc.sql("UPDATE approval_request SET state = 'EXPIRED', decided_at = ? WHERE state = 'PENDING' AND "
                        + "requested_at < ?")
                .params(Timestamp.from(Instant.now()), Timestamp.from(Instant.now().minus(properties.approvalValidity())))
                .update();
    }

    private void decide(long id, String state, String administrator, String note, String result) {
        jdbc.sql("UPDATE approval_request SET state = ?, decided_by = ?, decided_at = ?, decision_note = ?, result = ? "
                        + "WHERE id = ?")
                .params(state, administrator, Timestamp.from(Instant.now()), truncate(note), truncate(result), id)
                .update();
    }

    private static final String SELECT = "SELECT id, operation, target, payload, reason, requested_by, requested_at, "
            + "state, decided_by, decided_at, decision_note, result FROM approval_request";

    private static Approval map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Approval(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getTimestamp(7).toInstant(), rs.getString(8), rs.getString(9),
                rs.getTimestamp(10) == null ? null : rs.getTimestamp(10).toInstant(), rs.getString(11),
                rs.getString(12));
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 500 ? text : text.substring(0, 500);
    }
}
