package org.medsign.hub.evidence;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import org.medsign.crypto.audit.AuditChainHash;
import org.medsign.hub.HubProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The tamper-evident audit chain: each event gets this node's next sequence number and
 * {@code hash = SM3(prev_hash | node | seq | time | actor | role | action | target | outcome | detail)}
 * ({@link AuditChainHash}, shared with the offline verifier). Appending
 * joins the caller's transaction; the node's chain head is locked until that transaction completes, so sequence
 * numbers are gap-free and in commit order (a rolled-back event gives its number back).
 */
@Component
public class AuditLog {

    /** prev_hash of a node's first event. */
    public static final String GENESIS = AuditChainHash.GENESIS;

    private final AuditEventRepository events;
    private final String node;
    private final ReentrantLock headLock = new ReentrantLock(true);
    private final AtomicLong appended = new AtomicLong();
    private long headSeq = -1;
    private String headHash;

    @Autowired
    public AuditLog(AuditEventRepository events, HubProperties properties) {
        this.events = events;
        this.node = properties.node();
    }

    /** For callers outside Spring (tests, tools). */
    public AuditLog(JdbcClient jdbc, HubProperties properties) {
        this(new AuditEventRepository(jdbc), properties);
    }

    /** Appends within the current transaction (or as its own statement when there is none). */
    public void append(AuditEvent event) {
        boolean inTransaction = TransactionSynchronizationManager.isSynchronizationActive();
        if (inTransaction && headLock.isHeldByCurrentThread()) {
            write(event);
            return;
        }
        headLock.lock();
        if (!inTransaction) {
            try {
                write(event);
            } finally {
                headLock.unlock();
            }
            return;
        }
        long seqBefore = headSeq;
        String hashBefore = headHash;
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                if (status != STATUS_COMMITTED) {
                    headSeq = seqBefore;
                    headHash = hashBefore;
                }
                headLock.unlock();
            }
        });
        write(event);
    }

    private void write(AuditEvent event) {
        if (headSeq < 0) {
            loadHead();
        }
        long seq = headSeq + 1;
        Instant time = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String hash = hash(headHash, node, seq, time, event);
        events.append(node, seq, time, event, headHash, hash);
        headSeq = seq;
        headHash = hash;
        appended.incrementAndGet();
    }

    /** Events this node has appended since start (rolled-back ones included): what anchoring counts. */
    public long appended() {
        return appended.get();
    }

    /** This node's name in the chain. */
    public String node() {
        return node;
    }

    private void loadHead() {
        var head = events.head(node);
        headSeq = head.map(AuditEventRepository.Head::seq).orElse(0L);
        headHash = head.map(AuditEventRepository.Head::hash).orElse(GENESIS);
    }

    /** The chain hash of an event (the same as every verifier computes, see {@link AuditChainHash}). */
    public static String hash(String prevHash, String node, long seq, Instant time, AuditEvent event) {
        return AuditChainHash.hash(prevHash, node, seq, time, event.actor(), event.role(), event.action(),
                event.target(), event.outcome(), event.detail());
    }
}
