package org.medsign.hub.evidence;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.asn1.tsp.EvidenceRecord;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.crypto.evidence.EvidenceRecords;
import org.medsign.crypto.operator.Digests;
import org.medsign.hub.HubException;
import org.medsign.hub.HubProperties;
import org.medsign.hub.jobs.ClusterLocks;
import org.medsign.hub.evidence.SignatureRecordRepository.CoveredSignature;
import org.medsign.hub.pki.HubPki;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Covers signature records with RFC 4998 evidence records: each run takes up to {@code record-batch} signature records
 * without one, builds an SM3 hash tree over their CMS, has the root timestamped by the hub's TSA (one archive
 * timestamp per batch) and stores each record's EvidenceRecord — batch and records in one transaction. The scheduled
 * runs are on one node at a time (cluster locks {@value #JOB}, {@value #RENEWAL_JOB}); a manual run beside them
 * cannot cover a signature twice either (primary key: the loser's batch rolls back and is retried).
 */
@Component
public class EvidenceRecordJob {

    /** The covering job's name and cluster lock. */
    public static final String JOB = "evidence-records";
    /** The timestamp renewal job's name and cluster lock. */
    public static final String RENEWAL_JOB = "evidence-record-renewal";
    /** How long a lock outlives a node that died in a run; extended after each batch (one TSA call each). */
    static final Duration LOCK_AT_MOST_FOR = Duration.ofMinutes(30);

    private static final Logger log = LoggerFactory.getLogger(EvidenceRecordJob.class);

    private final SignatureRecordRepository signatures;
    private final HubPki pki;
    private final TransactionTemplate transactions;
    private final EvidenceRecordProperties properties;
    private final AuditLog audit;
    private final String node;

    public EvidenceRecordJob(SignatureRecordRepository signatures, HubPki pki, TransactionTemplate transactions,
                             EvidenceRecordProperties properties, HubProperties hub, AuditLog audit) {
        this.signatures = signatures;
        this.pki = pki;
        this.transactions = transactions;
        this.properties = properties;
        this.audit = audit;
        this.node = hub.node();
    }

    /**
     * The scheduled job (every {@code record-interval}, lock {@value #JOB}): covers batches until none is left; a
     * failure (TSA down) waits for the next run.
     */
    void run() {
        ClusterLocks.assertHeld();
        try {
            while (coverNextBatch() == properties.recordBatch()) {
                ClusterLocks.extendHeld(LOCK_AT_MOST_FOR); // a full batch: there may be more
            }
        } catch (RuntimeException e) {
            log.warn("Evidence records not built, will retry: {}", e.toString());
        }
    }

    /** Covers up to one batch; returns how many signature records it covered. */
    public int coverNextBatch() {
        List<SignatureRecordRepository.Uncovered> pending = signatures.uncovered(properties.recordBatch());
        if (pending.isEmpty()) {
            return 0;
        }
        List<byte[]> items = new ArrayList<>(pending.size());
        pending.forEach(p -> items.add(p.cms()));
        List<byte[]> records = EvidenceRecords.build(items, pki.timestamps());
        Instant genTime = genTime(records.get(0));
        transactions.executeWithoutResult(status -> signatures.storeBatch(node, genTime,
                pending.stream().map(SignatureRecordRepository.Uncovered::signatureId).toList(), records));
        log.info("Evidence records: {} signature records covered, archive timestamp {}", records.size(), genTime);
        return records.size();
    }

    /**
     * The scheduled job (every {@code record-renew-interval}, lock {@value #RENEWAL_JOB}): renews the batches whose
     * newest archive timestamp's TSA certificate expires within the window.
     */
    void renewDue() {
        ClusterLocks.assertHeld();
        try {
            renew(false);
        } catch (RuntimeException e) {
            log.warn("Evidence records not renewed, will retry: {}", e.toString());
        }
    }

    /**
     * Timestamp renewal (RFC 4998 §5.2) of every batch whose newest archive timestamp was made by a TSA certificate
     * expiring within {@code record-renew-before} — or of every batch when {@code force} (e.g. before a TSA key
     * change). One TSA call per batch; each batch's records are rewritten in one transaction. Returns the batches
     * renewed.
     */
    public int renew(boolean force) {
        Instant due = Instant.now().plus(properties.recordRenewBefore());
        int renewed = 0;
        for (Long batch : signatures.batches()) {
            List<CoveredSignature> rows = signatures.batch(batch, false);
            if (rows.isEmpty() || !(force || tsaExpiresBefore(rows.get(0).record(), due))) {
                continue;
            }
            List<byte[]> records = rows.stream().map(CoveredSignature::record).toList();
            rewrite(batch, rows, EvidenceRecords.renewTimestamps(records, pki.timestamps()), null,
                    "EVIDENCE_RECORD_RENEWED", rows.size() + " records" + (force ? " (forced)" : ""));
            renewed++;
            log.info("Evidence records of batch {} renewed ({} records)", batch, rows.size());
            ClusterLocks.extendHeld(LOCK_AT_MOST_FOR);
        }
        return renewed;
    }

    /**
     * Hash-tree renewal (RFC 4998 §5.2) of every batch whose records' current chain does not use {@code algorithm}
     * ("SM3" or "SHA-256"): for the day SM3 must be replaced, each record gets a new chain whose first archive
     * timestamp covers its signature (CMS) hashed again under {@code algorithm} together with all its earlier chains.
     * One TSA call per record; each batch's records are rewritten in one transaction and audited. Returns the batches
     * renewed.
     */
    public int rehash(String algorithm) {
        AlgorithmIdentifier target = Digests.ACCEPTED.stream()
                .filter(oid -> Digests.name(oid).equalsIgnoreCase(algorithm.trim())).findFirst()
                .map(AlgorithmIdentifier::new)
                .orElseThrow(() -> new HubException(ErrorCode.UNSUPPORTED_ALGORITHM,
                        "hash-tree renewal to '" + algorithm
                        + "' is not supported; use one of SM3, SHA-256"));
        String name = Digests.name(target.getAlgorithm());
        int renewed = 0;
        for (Long batch : signatures.batchesNotUsing(name)) {
            List<CoveredSignature> rows = signatures.batch(batch, true);
            List<byte[]> rehashed = EvidenceRecords.renewHashTrees(rows.stream().map(CoveredSignature::record).toList(),
                    rows.stream().map(CoveredSignature::signature).toList(), target, pki.timestamps());
            rewrite(batch, rows, rehashed, name, "EVIDENCE_RECORD_REHASHED",
                    rows.size() + " records, new chain " + name);
            renewed++;
            log.info("Evidence records of batch {}: hash tree renewed under {} ({} records)", batch, name, rows.size());
        }
        return renewed;
    }

    /**
     * Replaces a batch's records by their renewed versions, counts the renewal (and records the batch's new hash
     * algorithm, when given) and audits it, in one transaction.
     */
    private void rewrite(long batch, List<CoveredSignature> rows, List<byte[]> renewed, String algorithm,
                         String action, String detail) {
        transactions.executeWithoutResult(status -> {
            signatures.renewBatch(batch, rows, renewed, algorithm);
            audit.append(AuditEvent.success("hub", "SYSTEM", action, "batch/" + batch, detail));
        });
    }

    /** Whether the TSA certificate of a record's newest archive timestamp ends before {@code due}. */
    private static boolean tsaExpiresBefore(byte[] record, Instant due) {
        try {
            var chain = EvidenceRecord.getInstance(record).getArchiveTimeStampSequence().getArchiveTimeStampChains();
            var stamps = chain[chain.length - 1].getArchiveTimestamps();
            var token = new org.bouncycastle.tsp.TimeStampToken(stamps[stamps.length - 1].getTimeStamp());
            for (var holder : token.getCertificates().getMatches(token.getSID())) {
                return ((org.bouncycastle.cert.X509CertificateHolder) holder).getNotAfter().toInstant().isBefore(due);
            }
            return true; // no certificate in the token: renew, to be safe
        } catch (Exception e) {
            return true;
        }
    }

    /** The stored EvidenceRecord of a signature, if covered. */
    public Optional<byte[]> recordOf(String signatureId) {
        return signatures.evidenceRecordOf(signatureId);
    }

    private static Instant genTime(byte[] record) {
        try {
            var stamp = EvidenceRecord.getInstance(record).getArchiveTimeStampSequence().getArchiveTimeStampChains()[0]
                    .getArchiveTimestamps()[0];
            return new org.bouncycastle.tsp.TimeStampToken(stamp.getTimeStamp()).getTimeStampInfo().getGenTime()
                    .toInstant();
        } catch (Exception e) {
            return Instant.now();
        }
    }
}
