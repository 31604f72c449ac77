package org.medsign.hub.evidence;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.medsign.adapters.model.Operation;
import org.medsign.adapters.model.SignedArtifact;
import org.medsign.hub.keys.KeyEncryptionKey;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

/**
 * The signature records ({@code signature_record}) and the RFC 4998 evidence records that cover them
 * ({@code evidence_record}, {@code evidence_record_batch}): the one class whose SQL names these tables. They are one
 * family — an evidence record exists only for a signature record, and "which signatures are not covered yet" is a
 * question over both. Signature values are sealed at rest under the key-encryption key, bound to their signature id
 * (see {@link SealedSignatureValues}); reads return them opened.
 */
@Component
public class SignatureRecordRepository {

    /** What an evidence package shows of a signature record; {@code cms} is the opened signature value. */
    record PackagedSignature(String signatureId, long requestPk, String systemId, String requestId, String documentId,
                             String operation, String contentSm3, byte[] cms, byte[] token, Instant signedAt,
                             String certificateSerial) {
    }

    /** A signature (its opened value) without an evidence record. */
    record Uncovered(String signatureId, byte[] cms) {
    }

    /** A stored evidence record; {@code signature} is the covered value when asked for, else null. */
    record CoveredSignature(String signatureId, byte[] record, byte[] signature) {
    }

    /** One round of sealing values stored in clear: rows found in clear, rows this round sealed. */
    record SealingRound(int found, int sealed) {
    }

    /** When a system's request was signed (the request's own creation time is the signing module's). */
    public record Signed(long requestPk, Instant signedAt) {
    }

    private final JdbcClient jdbc;
    private final KeyEncryptionKey kek;

    public SignatureRecordRepository(JdbcClient jdbc, KeyEncryptionKey kek) {
        this.jdbc = jdbc;
        this.kek = kek;
    }

    /**
     * The artifact's signature value sealed as {@link #record} stores it: computed by the caller before it hands the
     * record to a group commit, so that the single writer thread does not encrypt (issue #18).
     */
    public byte[] sealedValue(SignedArtifact artifact) {
        return seal(artifact.signatureId(), artifact.signature());
    }

    /**
     * Records a signature, its value sealed by {@link #sealedValue} (in the caller's transaction, which also marks the
     * request done).
     */
    public void record(long requestPk, SignedArtifact artifact, byte[] sealedValue, String documentId, String scenario,
                       byte[] timestampToken) {
        jdbc.sql("INSERT INTO signature_record (signature_id, request_pk, system_id, request_id, staff_id, "
                        + "certificate_serial, operation, document_id, scenario, content_sm3, signature_value, "
                        + "value_sealed, timestamp_token, timestamp_time, signed_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, TRUE, ?, ?, ?)")
                .params(artifact.signatureId(), requestPk, artifact.systemId(), artifact.requestId(),
                        artifact.staffId(), artifact.certificateSerial(), artifact.operation().name(), documentId,
                        scenario, artifact.contentSm3(), sealedValue, timestampToken, artifact.timestampTime() == null ? null : Timestamp.from(artifact.timestampTime()),
                        Timestamp.from(artifact.signedAt()))
                .update();
    }

    /** A signature record by id, its value opened (callers returning it through an API audit the read). */
    public Optional<SignedArtifact> artifact(String signatureId) {
        return jdbc.sql("SELECT signature_id, system_id, request_id, staff_id, certificate_serial, operation, "
                        + "signature_value, content_sm3, signed_at, timestamp_time, value_sealed FROM signature_record "
                        + "WHERE signature_id = ?")
                .param(signatureId)
                .query((rs, n) -> new SignedArtifact(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), Operation.valueOf(rs.getString(6)),
                        open(rs.getString(1), rs.getBytes(7), rs.getBoolean(11)), rs.getString(8),
                        rs.getTimestamp(9).toInstant(),
                        rs.getTimestamp(10) == null ? null : rs.getTimestamp(10).toInstant()))
                .optional();
    }

    /** Signature records of a request (tests and the crash check: never more than one). */
    public int countOfRequest(long requestPk) {
        return jdbc.sql("SELECT COUNT(*) FROM signature_record WHERE request_pk = ?").param(requestPk)
                .query(Integer.class).single();
    }

    /** Evidence-record state for the inspection (巡检): batches, covered and uncovered signatures, latest batch. */
    public record EvidenceSummary(long batches, long covered, long uncovered, java.time.Instant latestBatch,
                                  java.time.Instant oldestTimestamp) {
    }

    /** The evidence-record state now (the archive timestamps renewed on schedule show as new batches). */
    public EvidenceSummary evidenceSummary() {
        long batches = jdbc.sql("SELECT COUNT(*) FROM evidence_record_batch").query(Long.class).single();
        long covered = jdbc.sql("SELECT COUNT(*) FROM evidence_record").query(Long.class).single();
        long all = jdbc.sql("SELECT COUNT(*) FROM signature_record").query(Long.class).single();
        java.sql.Timestamp latest = jdbc.sql("SELECT MAX(created_at) FROM evidence_record_batch")
                .query(java.sql.Timestamp.class).list().stream().filter(java.util.Objects::nonNull).findFirst().orElse(null);
        java.sql.Timestamp oldest = jdbc.sql("SELECT MIN(gen_time) FROM evidence_record_batch")
                .query(java.sql.Timestamp.class).list().stream().filter(java.util.Objects::nonNull).findFirst().orElse(null);
        return new EvidenceSummary(batches, covered, Math.max(0, all - covered),
                latest == null ? null : latest.toInstant(), oldest == null ? null : oldest.toInstant());
    }

    /** The newest signing time of each certificate (serial → time) that signed anything. */
    public Map<String, Instant> lastSignatureBySerial() {
        Map<String, Instant> last = new HashMap<>();
        jdbc.sql("SELECT certificate_serial, MAX(signed_at) FROM signature_record GROUP BY certificate_serial")
                .query((rs, n) -> last.put(rs.getString(1), rs.getTimestamp(2).toInstant())).list();
        return last;
    }

    /**
     * Signatures per system in consecutive periods (e.g. the months of a year), counted in one scan: {@code bounds}
     * holds n + 1 ascending instants, the answer maps each system to n counts, period i being
     * [bounds[i], bounds[i + 1]).
     */
    public Map<String, long[]> countBySystemIn(List<Instant> bounds) {
        int periods = bounds.size() - 1;
        if (periods < 1) {
            throw new IllegalArgumentException("at least two bounds");
        }
        StringBuilder sql = new StringBuilder("SELECT system_id");
        List<Object> params = new java.util.ArrayList<>();
        for (int i = 0; i < periods; i++) {
            sql.append(", SUM(CASE WHEN signed_at >= ? AND signed_at < ? THEN 1 ELSE 0 END)");
            params.add(Timestamp.from(bounds.get(i)));
            params.add(Timestamp.from(bounds.get(i + 1)));
        }
        sql.append(" FROM signature_record WHERE signed_at >= ? AND signed_at < ? GROUP BY system_id");
        params.add(Timestamp.from(bounds.get(0)));
        params.add(Timestamp.from(bounds.get(periods)));
        Map<String, long[]> counts = new java.util.TreeMap<>();
        jdbc.sql(sql.toString()).params(params).query((rs, n) -> {
            long[] row = new long[periods];
            for (int i = 0; i < periods; i++) {
                row[i] = rs.getLong(i + 2);
            }
            return counts.put(rs.getString(1), row);
        }).list();
        return counts;
    }

    /** The latest {@code limit} signatures of a system made at or after {@code from}, newest first. */
    public List<Signed> latestOfSystem(String systemId, Instant from, int limit) {
        return jdbc.sql("SELECT request_pk, signed_at FROM signature_record WHERE system_id = ? AND signed_at >= ? "
                        + "ORDER BY signed_at DESC FETCH FIRST " + limit + " ROWS ONLY")
                .params(systemId, Timestamp.from(from))
                .query((rs, n) -> new Signed(rs.getLong(1), rs.getTimestamp(2).toInstant())).list();
    }

    /** A signature record as its evidence package shows it. */
    Optional<PackagedSignature> packaged(String signatureId) {
        return jdbc.sql("SELECT signature_id, request_pk, system_id, request_id, document_id, operation, "
                        + "content_sm3, signature_value, timestamp_token, signed_at, certificate_serial, value_sealed "
                        + "FROM signature_record WHERE signature_id = ?").param(signatureId)
                .query((rs, n) -> new PackagedSignature(rs.getString(1), rs.getLong(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                        open(rs.getString(1), rs.getBytes(8), rs.getBoolean(12)), rs.getBytes(9),
                        rs.getTimestamp(10).toInstant(), rs.getString(11)))
                .optional();
    }

    /**
     * Seals up to {@code batch} values still stored in clear (written before V14). Safe beside other nodes doing the
     * same: a row is only updated while it is still clear.
     */
    SealingRound sealClearValues(int batch) {
        List<Object[]> clear = jdbc.sql("SELECT signature_id, signature_value FROM signature_record "
                        + "WHERE value_sealed = FALSE ORDER BY signature_id LIMIT ?").param(batch)
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getBytes(2)}).list();
        int sealed = 0;
        for (Object[] row : clear) {
            String signatureId = (String) row[0];
            sealed += jdbc.sql("UPDATE signature_record SET signature_value = ?, value_sealed = TRUE "
                            + "WHERE signature_id = ? AND value_sealed = FALSE")
                    .params(seal(signatureId, (byte[]) row[1]), signatureId).update();
        }
        return new SealingRound(clear.size(), sealed);
    }

    /** Up to {@code limit} CMS signatures without an evidence record, oldest first (raw signatures have none). */
    List<Uncovered> uncovered(int limit) {
        return jdbc.sql("SELECT s.signature_id, s.signature_value, s.value_sealed FROM signature_record s "
                        + "LEFT JOIN evidence_record e ON e.signature_id = s.signature_id WHERE e.signature_id IS NULL "
                        + "AND s.operation <> 'RAW' ORDER BY s.signed_at, s.signature_id LIMIT ?")
                .param(limit)
                .query((rs, n) -> new Uncovered(rs.getString(1), open(rs.getString(1), rs.getBytes(2),
                        rs.getBoolean(3)))).list();
    }

    /** Stores a batch and its records (records[i] covers signatureIds[i]) in the caller's transaction. */
    void storeBatch(String node, Instant genTime, List<String> signatureIds, List<byte[]> records) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO evidence_record_batch (node, created_at, gen_time, records, hash_algorithm) "
                        + "VALUES (?, ?, ?, ?, 'SM3')")
                .params(node, Timestamp.from(Instant.now()), Timestamp.from(genTime), records.size())
                .update(keys, "id");
        long batch = keys.getKeyAs(Number.class).longValue();
        for (int i = 0; i < records.size(); i++) {
            jdbc.sql("INSERT INTO evidence_record (signature_id, batch_id, record) VALUES (?, ?, ?)")
                    .params(signatureIds.get(i), batch, records.get(i)).update();
        }
    }

    /** Ids of every batch, oldest first. */
    List<Long> batches() {
        return jdbc.sql("SELECT id FROM evidence_record_batch ORDER BY id").query(Long.class).list();
    }

    /** Ids of the batches whose current hash tree does not use {@code algorithm}, oldest first. */
    List<Long> batchesNotUsing(String algorithm) {
        return jdbc.sql("SELECT id FROM evidence_record_batch WHERE hash_algorithm <> ? ORDER BY id")
                .param(algorithm).query(Long.class).list();
    }

    /** A batch's stored records, by signature id; with the signatures (CMS) they cover when a renewal needs them. */
    List<CoveredSignature> batch(long batch, boolean withSignatures) {
        return jdbc.sql("SELECT e.signature_id, e.record" + (withSignatures ? ", s.signature_value, s.value_sealed" : "")
                        + " FROM evidence_record e" + (withSignatures
                        ? " JOIN signature_record s ON s.signature_id = e.signature_id" : "")
                        + " WHERE e.batch_id = ? ORDER BY e.signature_id").param(batch)
                .query((rs, n) -> new CoveredSignature(rs.getString(1), rs.getBytes(2), withSignatures
                        ? open(rs.getString(1), rs.getBytes(3), rs.getBoolean(4)) : null))
                .list();
    }

    /**
     * Replaces a batch's records by their renewed versions and counts the renewal, recording the batch's new hash
     * algorithm when given (in the caller's transaction).
     */
    void renewBatch(long batch, List<CoveredSignature> rows, List<byte[]> renewed, String algorithm) {
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
    }

    /** The stored evidence record of a signature, if covered. */
    Optional<byte[]> evidenceRecordOf(String signatureId) {
        return jdbc.sql("SELECT record FROM evidence_record WHERE signature_id = ?").param(signatureId)
                .query(byte[].class).optional();
    }

    private byte[] seal(String signatureId, byte[] value) {
        return kek.seal(value, context(signatureId));
    }

    private byte[] open(String signatureId, byte[] stored, boolean sealed) {
        return sealed ? kek.open(stored, context(signatureId)) : stored;
    }

    private static String context(String signatureId) {
        return "signature_record/" + signatureId;
    }

    /**
     * A signature as its signer's history (the mobile app) shows it: ids, document, times, certificate and whether a
     * timestamp was added; never the value. {@code requestPk} is for the hub (the document to verify against).
     */
    public record SignerSignature(String signatureId, long requestPk, String systemId, String requestId,
                                  String documentId, String scenario, String operation, Instant signedAt,
                                  String certificateSerial, boolean timestamped, Instant timestampTime) {
    }

    private static final String SIGNER_SIGNATURE = "SELECT signature_id, request_pk, system_id, request_id, "
            + "document_id, scenario, operation, signed_at, certificate_serial, "
            + "CASE WHEN timestamp_token IS NULL AND timestamp_time IS NULL THEN 0 ELSE 1 END, timestamp_time "
            + "FROM signature_record";

    /** The newest {@code limit} signatures of signer {@code staffId}, newest first (index staff_id, signed_at). */
    public List<SignerSignature> signedBy(String staffId, int limit) {
        return jdbc.sql(SIGNER_SIGNATURE + " WHERE staff_id = ? ORDER BY signed_at DESC, signature_id DESC "
                        + "FETCH FIRST " + limit + " ROWS ONLY")
                .param(staffId).query((rs, n) -> signerSignature(rs)).list();
    }

    /** One signature of signer {@code staffId}; empty when unknown or another signer's. */
    public Optional<SignerSignature> signedBy(String staffId, String signatureId) {
        return jdbc.sql(SIGNER_SIGNATURE + " WHERE signature_id = ? AND staff_id = ?").params(signatureId, staffId)
                .query((rs, n) -> signerSignature(rs)).optional();
    }

    private static SignerSignature signerSignature(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new SignerSignature(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant(), rs.getString(9), rs.getInt(10) == 1,
                rs.getTimestamp(11) == null ? null : rs.getTimestamp(11).toInstant());
    }
}
