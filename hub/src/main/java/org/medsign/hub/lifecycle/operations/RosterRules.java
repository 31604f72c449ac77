package org.medsign.hub.lifecycle.operations;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.medsign.crypto.ca.RevocationReason;
import org.medsign.hub.HubException;
import org.medsign.hub.jobs.ClusterLocks;
import org.medsign.hub.lifecycle.CertificateState;
import org.medsign.hub.lifecycle.LifecycleProperties;
import org.medsign.hub.lifecycle.RosterChanged;
import org.medsign.hub.lifecycle.ledger.CertificateHistory;
import org.medsign.hub.lifecycle.ledger.StaffCertificateRepository;
import org.medsign.hub.lifecycle.ledger.StaffRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Roster changes drive certificate operations (人员变动): a staff member marked {@code left} (离职) has their active
 * certificates frozen at once and revoked ({@code affiliationChanged}) after {@code medsign.lifecycle.departure-grace}
 * — through an approval request when dual control covers REVOKE; one marked {@code on_leave} (停职) is frozen, and
 * unfrozen when marked {@code active} again (only what these rules froze). A department or post change shows in the
 * inventory as {@code mismatched} with the proposed action {@code reissue}. Runs after each import that changed the
 * roster and every {@code roster-scan-interval}, on one node at a time (the cluster lock {@value #JOB}); each operation
 * is recorded with the operator {@code roster}.
 */
@Component
public class RosterRules {

    /** The job's name and cluster lock. */
    public static final String JOB = "roster-rules";
    /** How long the lock outlives a node that died applying the rules. */
    public static final Duration LOCK_AT_MOST_FOR = Duration.ofMinutes(10);
    /** How long an import waits for a run on another node to end before leaving its changes to the next scan. */
    private static final Duration IMPORT_WAIT = Duration.ofSeconds(30);

    /** Operator recorded for what the roster rules do. */
    public static final String OPERATOR = "roster";

    private static final Logger log = LoggerFactory.getLogger(RosterRules.class);

    /** What a run did. */
    public record Report(int frozen, int unfrozen, int revoked, int approvalsRequested) {
    }

    private final StaffRepository staff;
    private final StaffCertificateRepository certificates;
    private final CertificateHistory history;
    private final CertificateOperations operations;
    private final Approvals approvals;
    private final LifecycleProperties properties;
    private final TransactionTemplate ownTransaction;
    private final ClusterLocks locks;

    public RosterRules(StaffRepository staff, StaffCertificateRepository certificates, CertificateHistory history,
                       CertificateOperations operations, Approvals approvals, LifecycleProperties properties,
                       PlatformTransactionManager transactions, ClusterLocks locks) {
        this.staff = staff;
        this.certificates = certificates;
        this.history = history;
        this.locks = locks;
        this.operations = operations;
        this.approvals = approvals;
        this.properties = properties;
        // each step commits on its own: after an import's commit the import's transaction can no longer be joined,
        // and one certificate that cannot be frozen must not undo the others
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** After an import that changed the roster: at once, under the job's lock (waiting for a run elsewhere). */
    @TransactionalEventListener(fallbackExecution = true)
    void onRosterChanged(RosterChanged event) {
        if (!locks.runWhenFree(JOB, LOCK_AT_MOST_FOR, IMPORT_WAIT, () -> apply(Instant.now()))) {
            log.info("Roster rules busy elsewhere for {}; the next scan applies this import", IMPORT_WAIT);
        }
    }

    /** The scheduled job (every {@code roster-scan-interval}), under the lock {@value #JOB}. */
    public void scheduled() {
        ClusterLocks.assertHeld();
        apply(Instant.now());
    }

    /** Applies the rules now. */
    public synchronized Report apply(Instant now) {
        int frozen = 0;
        int unfrozen = 0;
        int revoked = 0;
        int requested = 0;
        ownTransaction.executeWithoutResult(tx -> staff.stampLeavers(now));

        for (String serial : heldBy(staff.withEmploymentStatus(List.of("left", "on_leave")), CertificateState.ACTIVE)) {
            String status = certificates.holderOf(serial).flatMap(staff::holder)
                    .map(StaffRepository.Holder::employmentStatus).orElseThrow();
            if (attempt(() -> operations.freeze(serial, "left".equals(status) ? "离职（人员名册）" : "停职（人员名册）",
                    OPERATOR, "SYSTEM"))) {
                frozen++;
            }
        }
        for (String serial : heldBy(staff.withEmploymentStatus(List.of("active")), CertificateState.FROZEN)) {
            if (frozenByRoster(serial) && attempt(() -> operations.unfreeze(serial, "复职（人员名册）", OPERATOR,
                    "SYSTEM"))) {
                unfrozen++;
            }
        }
        for (String serial : heldBy(staff.leftAtOrBefore(now.minus(properties.departureGrace())),
                CertificateState.ACTIVE, CertificateState.FROZEN)) {
            if (approvals.required("REVOKE")) {
                boolean pending = approvals.pending("REVOKE", serial);
                if (!pending && attempt(() -> approvals.request("REVOKE", serial,
                        RevokeApproval.payload(RevocationReason.AFFILIATION_CHANGED, "离职"), "离职宽限期已过", OPERATOR))) {
                    requested++;
                }
            } else if (attempt(() -> operations.revoke(serial, RevocationReason.AFFILIATION_CHANGED, "离职宽限期已过",
                    OPERATOR, "SYSTEM"))) {
                revoked++;
            }
        }
        Report report = new Report(frozen, unfrozen, revoked, requested);
        if (frozen + unfrozen + revoked + requested > 0) {
            log.info("Roster rules: {} frozen, {} unfrozen, {} revoked, {} revocations waiting for approval", frozen,
                    unfrozen, revoked, requested);
        }
        return report;
    }

    /** Serials of the certificates in one of {@code states} whose holder is one of {@code holders}. */
    private List<String> heldBy(Set<String> holders, CertificateState... states) {
        return certificates.heldIn(List.of(states)).stream().filter(c -> holders.contains(c.staffId()))
                .map(StaffCertificateRepository.Held::serial).toList();
    }

    /** Whether the latest freeze of a certificate was done by these rules (a manual freeze is left alone). */
    private boolean frozenByRoster(String serial) {
        return history.latestOperator(serial, "FROZEN").map(OPERATOR::equals).orElse(false);
    }

    private boolean attempt(Runnable operation) {
        try {
            ownTransaction.executeWithoutResult(tx -> operation.run());
            return true;
        } catch (HubException e) {
            log.warn("Roster rule skipped: {}", e.getMessage());
            return false;
        }
    }
}
