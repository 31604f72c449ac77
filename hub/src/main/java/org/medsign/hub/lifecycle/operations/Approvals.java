package org.medsign.hub.lifecycle.operations;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.HubException;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.medsign.hub.lifecycle.LifecycleProperties;
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

    private final ApprovalRepository requests;
    private final AuditLog audit;
    private final LifecycleProperties properties;
    private final Map<String, ApprovalHandler> handlers;
    private final TransactionTemplate transactions;
    private final TransactionTemplate ownTransaction;

    public Approvals(ApprovalRepository requests, AuditLog audit, LifecycleProperties properties, List<ApprovalHandler> handlers,
                     PlatformTransactionManager transactionManager) {
        this.requests = requests;
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

    /** Whether a request for {@code operation} on {@code target} is waiting for a decision. */
    public boolean pending(String operation, String target) {
        return requests.pending(operation, target);
    }

    /** Files a request; returns its id. */
    @Transactional
    public long request(String operation, String target, String payload, String reason, String requestedBy) {
        if (!handlers.containsKey(operation)) {
            throw new IllegalStateException("no approval handler for " + operation);
        }
        long id = requests.insertPending(operation, target, payload, truncate(reason), requestedBy, Instant.now());
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
        return requests.inState(state);
    }

    public Approval find(long id) {
        return requests.find(id).orElseThrow(() -> new HubException(ErrorCode.APPROVAL_UNKNOWN, "no approval request " + id));
    }

    private Approval pending(long id) {
        expireOld();
        Approval approval = requests.findForUpdate(id).orElseThrow(() -> new HubException(ErrorCode.APPROVAL_UNKNOWN,
                        "no approval request " + id));
        if (!approval.state().equals("PENDING")) {
            throw new HubException(ErrorCode.APPROVAL_NOT_PENDING,
                    "approval request " + id + " is " + approval.state());
        }
        return approval;
    }

    private void expireOld() {
        requests.expirePendingBefore(Instant.now().minus(properties.approvalValidity()), Instant.now());
    }

    private void decide(long id, String state, String administrator, String note, String result) {
        requests.decide(id, state, administrator, truncate(note), truncate(result), Instant.now());
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 500 ? text : text.substring(0, 500);
    }
}
