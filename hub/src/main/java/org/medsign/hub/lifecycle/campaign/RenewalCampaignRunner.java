package org.medsign.hub.lifecycle.campaign;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.HubException;
import org.medsign.hub.HubProperties;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.medsign.hub.jobs.ClusterLocks;
import org.medsign.hub.lifecycle.campaign.RenewalCampaignRepository.Work;
import org.medsign.hub.lifecycle.operations.CertificateReplacement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs RUNNING renewal campaigns in the background, on one node of the cluster at a time (the cluster lock
 * {@value #JOB}), one campaign after the other, in batches of items per transaction.
 *
 * <p>Crash safety: an item's new certificate, key, CA record, the old certificate's SUPERSEDED state, its history
 * and audit events and the item's DONE state (with the new serial) commit together, so after a crash an item is
 * either fully renewed or not at all. Items are marked RUNNING (committed) before their batch runs, which is what
 * the progress shows; RUNNING items of a crashed run are simply renewed again. The lock is extended to
 * {@code medsign.campaign.stale-after} before each batch; a node that dies stops extending it, and the next node
 * whose poll ({@code medsign.campaign.poll-interval}) finds it expired takes the campaign over where it stopped. A
 * runner that finds its lock expired (it stalled longer than that) stops before its next batch. Renewal is
 * conditional on the old certificate being ACTIVE, so even two runners could not renew one certificate twice.
 */
@Component
public class RenewalCampaignRunner {

    /** The job's name and cluster lock. */
    public static final String JOB = "renewal-campaigns";

    private static final Logger log = LoggerFactory.getLogger(RenewalCampaignRunner.class);
    private static final String ROLE = "SECURITY_ADMIN";

    private final RenewalCampaignRepository campaigns;
    private final CertificateReplacement replacement;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final CampaignProperties properties;
    private final ClusterLocks locks;
    private final String node;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "renewal-campaign");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean woken = new AtomicBoolean();

    public RenewalCampaignRunner(RenewalCampaignRepository campaigns, CertificateReplacement replacement, AuditLog audit,
                                 TransactionTemplate transactions, CampaignProperties properties, ClusterLocks locks,
                                 HubProperties hub) {
        this.campaigns = campaigns;
        this.replacement = replacement;
        this.audit = audit;
        this.transactions = transactions;
        this.properties = properties;
        this.locks = locks;
        this.node = hub.node();
    }


    /**
     * Runs the RUNNING campaigns now on this node's background thread, if no node runs them (after a start, and at
     * start-up); returns at once. Otherwise the node holding the lock takes the new campaign after its current one.
     */
    void wake() {
        if (woken.compareAndSet(false, true)) {
            executor.submit(() -> {
                woken.set(false);
                try {
                    locks.runIfFree(JOB, properties.staleAfter(), this::runAll);
                } catch (RuntimeException e) {
                    log.error("Renewal campaigns stopped: {}", e.toString(), e);
                }
            });
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void resumeOnStart() {
        wake();
    }

    /** The job: runs RUNNING campaigns, oldest first, until none is left; under the lock {@value #JOB}. */
    public void runAll() {
        ClusterLocks.assertHeld();
        while (!Thread.currentThread().isInterrupted()) {
            Optional<Long> next = campaigns.oldestRunning();
            if (next.isEmpty()) {
                return;
            }
            run(next.get());
        }
    }

    private void run(long id) {
        Optional<String[]> claimed = transactions.execute(status -> claim(id));
        if (claimed.isEmpty()) {
            return;
        }
        String operator = claimed.get()[0];
        boolean rekey = Boolean.parseBoolean(claimed.get()[1]);
        long started = System.nanoTime();
        int processed = 0;
        while (!Thread.currentThread().isInterrupted()) {
            List<Work> batch = campaigns.openItems(id, properties.batchSize());
            if (batch.isEmpty()) {
                break;
            }
            // still ours, for another stale-after: otherwise stop (LockLostException), another node has taken over
            ClusterLocks.extendHeld(properties.staleAfter());
            transactions.executeWithoutResult(status -> campaigns.markRunning(id, batch.get(0).seq(),
                    batch.get(batch.size() - 1).seq(), Instant.now()));
            try {
                transactions.executeWithoutResult(status -> batch.forEach(work -> renew(id, work, rekey, operator)));
            } catch (RuntimeException batchFailure) {
                if (Thread.currentThread().isInterrupted()) {
                    return; // shutting down: the batch rolled back and is renewed by the next run
                }
                // one bad item must not hold back the others: again one by one, each on its own
                for (Work work : batch) {
                    try {
                        transactions.executeWithoutResult(status -> renew(id, work, rekey, operator));
                    } catch (RuntimeException e) {
                        transactions.executeWithoutResult(status -> fail(id, work, operator, e));
                    }
                }
            }
            processed += batch.size();
            throttle(started, processed);
        }
        if (Thread.currentThread().isInterrupted()) {
            return;
        }
        transactions.executeWithoutResult(status -> finish(id, operator));
    }

    /** Records this node as the campaign's runner; the operator and rekey flag, empty when it is no longer RUNNING. */
    private Optional<String[]> claim(long id) {
        if (!campaigns.claim(id, node)) {
            return Optional.empty();
        }
        boolean begun = campaigns.begun(id);
        log.info(begun ? "Resuming renewal campaign {}" : "Starting renewal campaign {}", id);
        return campaigns.find(id).map(c -> new String[] {c.createdBy(), Boolean.toString(c.rekey())});
    }

    /** Renews one item, or skips it when it may no longer be renewed; in the caller's transaction. */
    private void renew(long id, Work work, boolean rekey, String operator) {
        Instant now = Instant.now();
        Optional<CertificateReplacement.Candidate> candidate = replacement.candidate(work.oldSerial(), now);
        Optional<RenewalSkipReason> blocker = candidate.flatMap(c -> CertificateReplacement.renewalBlocker(c, now));
        if (candidate.isEmpty() || blocker.isPresent()) {
            String reason = blocker.map(Enum::name).orElse(RenewalSkipReason.ALREADY_RENEWED.name());
            finished(id, work, campaigns.skip(id, work.seq(), reason, Instant.now()));
            audit.append(AuditEvent.success(operator, ROLE, "CAMPAIGN_ITEM_SKIPPED", work.oldSerial(),
                    "campaign=" + id + " reason=" + reason));
            return;
        }
        CertificateReplacement.Replaced replaced = replacement.renew(candidate.get(), rekey,
                "campaign/" + id + "/" + work.seq(), operator, "campaign " + id);
        finished(id, work, campaigns.done(id, work.seq(), replaced.mode().name(), replaced.newSerial(),
                replaced.notBefore(), Instant.now()));
        audit.append(AuditEvent.success(operator, ROLE, "CERTIFICATE_RENEW", work.oldSerial(),
                "campaign=" + id + " new=" + replaced.newSerial() + " mode=" + replaced.mode()));
    }

    private void fail(long id, Work work, String operator, RuntimeException e) {
        String code = e instanceof HubException hub ? hub.code().name() : "RENEWAL_FAILED";
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        detail = detail.length() > 500 ? detail.substring(0, 500) : detail;
        finished(id, work, campaigns.failed(id, work.seq(), code, detail, Instant.now()));
        audit.append(AuditEvent.failure(operator, ROLE, "CERTIFICATE_RENEW", work.oldSerial(),
                "campaign=" + id + " code=" + code));
        log.warn("Renewal campaign {}: certificate {} failed: {}", id, work.oldSerial(), code);
    }

    private static void finished(long id, Work work, boolean changed) {
        if (!changed) {
            throw new HubException(ErrorCode.CAMPAIGN_STATE_CONFLICT, "campaign " + id + " item " + work.seq()
                    + " was finished meanwhile");
        }
    }

    private void finish(long id, String operator) {
        int failed = campaigns.itemsIn(id, "FAILED");
        int done = campaigns.itemsIn(id, "DONE");
        String state = failed > 0 ? "FAILED" : "DONE";
        if (campaigns.finish(id, state, Instant.now())) {
            audit.append(failed > 0
                    ? AuditEvent.failure(operator, ROLE, "CAMPAIGN_FINISH", "campaign:" + id, "done=" + done
                            + " failed=" + failed)
                    : AuditEvent.success(operator, ROLE, "CAMPAIGN_FINISH", "campaign:" + id, "done=" + done));
            log.info("Renewal campaign {} {}: {} renewed, {} failed", id, state, done, failed);
        }
    }

    private void throttle(long startedNanos, int processed) {
        if (properties.maxRate() <= 0) {
            return;
        }
        long due = startedNanos + processed * 1_000_000_000L / properties.maxRate();
        long wait = due - System.nanoTime();
        if (wait > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    /** Stops the background thread (the current batch rolls back; the lock is released, another node resumes). */
    @jakarta.annotation.PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
