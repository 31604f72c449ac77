package org.medsign.hub.evidence;

import java.sql.Timestamp;
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
import org.medsign.hub.pki.HubPki;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.core.simple.JdbcClient;
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

    private record Pending(String signatureId, byte[] cms) {
    }

    private record Stored(String signatureId, byte[] record, byte[] signature) {
    }

    private final JdbcClient jdbc;
    private final HubPki pki;
    private final TransactionTemplate transactions;
    private final EvidenceRecordProperties properties;
    private final AuditLog audit;
    private final String node;
    private final SealedSignatureValues values;

    public EvidenceRecordJob(JdbcClient jdbc, HubPki pki, TransactionTemplate transactions,
                             EvidenceRecordProperties properties, HubProperties hub, AuditLog audit,
                             SealedSignatureValues values) {
        this.jdbc = jdbc;
        this.values = values;
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
        List<Pending> pending = jdbc.sql("SELECT s.signature_id, s.signature_value, s.value_sealed FROM signature_record s "
                        + "LEFT JOIN evidence_record e ON e.signature_id = s.signature_id WHERE e.signature_id IS NULL "
                        + "AND s.operation <> 'RAW' ORDER BY s.signed_at, s.signature_id LIMIT ?")
                .param(properties.recordBatch())
                .query((rs, n) -> new Pending(rs.getString(1), values.open(rs.getString(1), rs.getBytes(2),
                        rs.getBoolean(3)))).list();
        if (pending.isEmpty()) {
            return 0;
        }
        List<byte[]> items = new ArrayList<>(pending.size());
        pending.forEach(p -> items.add(p.cms()));
        List<byte[]> records = EvidenceRecords.build(items, pki.timestamps());
        Instant genTime = genTime(records.get(0));
        transactions.executeWithoutResult(status -> {
            GeneratedKeyHolder keys = new GeneratedKeyHolder();
            jdbc.sql("INSERT INTO evidence_record_batch (node, created_at, gen_time, records, hash_algorithm) "
                            + "VALUES (?, ?, ?, ?, 'SM3')")
                    .params(node, Timestamp.from(Instant.now()), Timestamp.from(genTime), records.size())
                    .update(keys, "id");
            long batch = keys.getKeyAs(Number.class).longValue();
            for (int i = 0; i < records.size(); i++) {
                jdbc.sql("INSERT INTO evidence_record (signature_id, batch_id, record) VALUES (?, ?, ?)")
                        .params(pending.get(i).signatureId(), batch, records.get(i)).update();
            }
        });
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
        for (Long batch : jdbc.sql("SELECT id FROM evidence_record_batch ORDER BY id").query(Long.class).list()) {
            List<Stored> rows = stored(batch, false);
            if (rows.isEmpty() || !(force || tsaExpiresBefore(rows.get(0).record(), due))) {
                continue;
            }
            List<byte[]> records = rows.stream().map(Stored::record).toList();
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
        for (Long batch : jdbc.sql("SELECT id FROM evidence_record_batch WHERE hash_algorithm <> ? ORDER BY id")
                .param(name).query(Long.class).list()) {
            List<Stored> rows = stored(batch, true);
            List<byte[]> rehashed = EvidenceRecords.renewHashTrees(rows.stream().map(Stored::record).toList(),
                    rows.stream().map(Stored::signature).toList(), target, pki.timestamps());
            rewrite(batch, rows, rehashed, name, "EVIDENCE_RECORD_REHASHED",
                    rows.size() + " records, new chain " + name);
            renewed++;
            log.info("Evidence records of batch {}: hash tree renewed under {} ({} records)", batch, name, rows.size());
        }
        return renewed;
    }

    /** A batch's stored records, by signature id; with the signatures (CMS) they cover when a renewal needs them. */
    private List<Stored> stored(long batch, boolean withSignatures) {
        return jdbc.sql("SELECT e.signature_id, e.record" + (withSignatures ? ", s.signature_value, s.value_sealed" : "")
                        + " FROM evidence_record e" + (withSignatures
                        ? " JOIN signature_record s ON s.signature_id = e.signature_id" : "")
                        + " WHERE e.batch_id = ? ORDER BY e.signature_id").param(batch)
                .query((rs, n) -> new Stored(rs.getString(1), rs.getBytes(2), withSignatures
                        ? values.open(rs.getString(1), rs.getBytes(3), rs.getBoolean(4)) : null))
                .list();
    }

    /**
     * Replaces a batch's records by their renewed versions, counts the renewal (and records the batch's new hash
     * algorithm, when given) and audits it, in one transaction.
     */
    private void rewrite(long batch, List<Stored> rows, List<byte[]> renewed, String algorithm, String action,
                         String detail) {
        transactions.executeWithoutResult(status -> {
            for (int i = 0; i < rows.size(); i++) {
                jdbc.sql("UPDATE evidence_record SET record = ? WHERE signature_id = ?")
                        .params(renewed.get(i), rows.get(i).signatureId()).update();
            }
            Timestamp now = Timestamp.from(Instant.now());
            if (algorithm == null) {
                jdbc.sql("UPDATE evidence_record_batch SET renewals = renewals + 1, renewed_at = ? WHERE id = ?")
                        .params(now, batch).update();
            } else {
                jdbc.sql("UPDATE evidence_record_batch SET hash_algorithm = ?, renewals = renewals + 1, renewed_at = ? "
                        + "WHERE id = ?").params(algorithm, now, batch).update();
            }
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
        return jdbc.sql("SELECT record FROM evidence_record WHERE signature_id = ?").param(signatureId)
                .query(byte[].class).optional();
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
