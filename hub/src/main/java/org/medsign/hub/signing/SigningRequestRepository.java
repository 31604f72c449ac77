package org.medsign.hub.signing;

import org.medsign.adapters.model.ErrorCode;
import org.medsign.adapters.model.RequestStatus;
import org.medsign.adapters.model.SigningRequest;
import org.medsign.adapters.model.SigningOptions;
import org.medsign.adapters.model.SignedArtifact;
import org.medsign.adapters.model.Operation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.medsign.crypto.sm.Sm3;
import org.medsign.crypto.sm.Sm2SignatureEncoding;
import org.medsign.hub.evidence.SignatureRecordRepository;
import org.medsign.hub.evidence.SignedDocuments;
import org.medsign.hub.keys.KeyEncryptionKey;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The durable request table ({@code signing_request}): the one class whose SQL names it. Content is sealed at rest;
 * the signature records a request leads to are the evidence module's ({@link SignatureRecordRepository}). Implements
 * {@link SignedDocuments} so that evidence packages get a request's document without depending on signing.
 */
@Component
public class SigningRequestRepository implements SignedDocuments {

    /** A stored request with its state. */
    public record Stored(long pk, SigningRequest request, RequestStatus status, String staffId, String signatureId,
                         ErrorCode errorCode, String errorDetail, int attempts) {
    }

    private final JdbcClient jdbc;
    private final KeyEncryptionKey kek;
    private final SignatureRecordRepository signatures;

    public SigningRequestRepository(JdbcClient jdbc, KeyEncryptionKey kek, SignatureRecordRepository signatures) {
        this.jdbc = jdbc;
        this.kek = kek;
        this.signatures = signatures;
    }

    /**
     * A request ready for {@link #insert(Prepared)}: its content sealed and its SM3 computed by the calling thread, so
     * that the intake's single writer thread only writes (issue #18).
     */
    public record Prepared(SigningRequest request, byte[] sealedContent, String contentSm3) {
    }

    /** Seals and digests a request's content for {@link #insert(Prepared)}. */
    public Prepared prepare(SigningRequest request) {
        String context = request.systemId() + "/" + request.requestId();
        return new Prepared(request, kek.seal(request.content(), context),
                HexFormat.of().formatHex(Sm3.digest(request.content())));
    }

    /** Inserts a prepared request as RECEIVED and returns its internal id; a duplicate (system, request id) throws. */
    public long insert(Prepared prepared) throws DuplicateKeyException {
        SigningRequest request = prepared.request();
        Instant now = Instant.now();
        org.springframework.jdbc.support.GeneratedKeyHolder key = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.sql("INSERT INTO signing_request (system_id, request_id, operation, signer, scenario, document_id, "
                        + "document_type, options, content_enc, content_sm3, status, attempts, created_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'RECEIVED', 0, ?, ?)")
                .params(request.systemId(), request.requestId(), request.operation().name(), request.signer(),
                        request.scenario(), request.documentId(), request.documentType(), request.options().encode(),
                        prepared.sealedContent(), prepared.contentSm3(), Timestamp.from(now), Timestamp.from(now))
                .update(key, "id");
        return key.getKey().longValue();
    }

    /** The internal id of (system, request id). */
    public Optional<Long> pkOf(String systemId, String requestId) {
        return jdbc.sql("SELECT id FROM signing_request WHERE system_id = ? AND request_id = ?")
                .params(systemId, requestId).query(Long.class).optional();
    }

    /** Loads a request. */
    public Optional<Stored> find(long pk) {
        return jdbc.sql(SELECT + " WHERE id = ?").param(pk).query(this::map).optional();
    }

    /** Loads and row-locks a request (inside a transaction). */
    public Optional<Stored> lock(long pk) {
        return jdbc.sql(SELECT + " WHERE id = ? FOR UPDATE").param(pk).query(this::map).optional();
    }

    /** Status of a request, row-locked (inside a transaction); no content is read or decrypted. */
    public Optional<RequestStatus> lockStatus(long pk) {
        return jdbc.sql("SELECT status FROM signing_request WHERE id = ? FOR UPDATE").param(pk).query(String.class)
                .optional().map(RequestStatus::valueOf);
    }

    /**
     * The statuses of several requests, their rows locked in id order with one statement (inside a transaction; the
     * signature recorder's batch). A pk without a row is missing from the map.
     */
    public Map<Long, RequestStatus> lockStatuses(java.util.Collection<Long> pks) {
        java.util.List<Long> ids = new java.util.ArrayList<>(new java.util.TreeSet<>(pks));
        String marks = String.join(", ", java.util.Collections.nCopies(ids.size(), "?"));
        Map<Long, RequestStatus> statuses = new java.util.HashMap<>();
        jdbc.sql("SELECT id, status FROM signing_request WHERE id IN (" + marks + ") ORDER BY id FOR UPDATE")
                .params(new java.util.ArrayList<Object>(ids))
                .query((rs, n) -> statuses.put(rs.getLong(1), RequestStatus.valueOf(rs.getString(2)))).list();
        return statuses;
    }

    /** The state of a request without its content. */
    public Optional<State> state(long pk) {
        return jdbc.sql("SELECT status, signature_id, error_code, error_detail, system_id FROM signing_request "
                        + "WHERE id = ?")
                .param(pk).query((rs, n) -> new State(RequestStatus.valueOf(rs.getString(1)), rs.getString(2),
                        code(rs.getString(3)), rs.getString(4), rs.getString(5))).optional();
    }

    /** A request's state without content. */
    public record State(RequestStatus status, String signatureId, ErrorCode errorCode, String errorDetail,
                        String systemId) {
    }

    /** Requests in a status, oldest first. */
    public List<Stored> withStatus(RequestStatus status, String systemId, int limit) {
        if (systemId == null) {
            return jdbc.sql(SELECT + " WHERE status = ? ORDER BY id LIMIT ?").params(status.name(), limit)
                    .query(this::map).list();
        }
        return jdbc.sql(SELECT + " WHERE status = ? AND system_id = ? ORDER BY id LIMIT ?")
                .params(status.name(), systemId, limit).query(this::map).list();
    }

    /** Ids of RECEIVED requests untouched since {@code before}: candidates for re-enqueueing after a crash. */
    public List<Long> staleReceived(Instant before, int limit) {
        return jdbc.sql("SELECT id FROM signing_request WHERE status = 'RECEIVED' AND updated_at < ? ORDER BY id LIMIT ?")
                .params(Timestamp.from(before), limit).query(Long.class).list();
    }

    /** Touches a request (re-enqueued now). */
    public void touch(long pk) {
        jdbc.sql("UPDATE signing_request SET updated_at = ? WHERE id = ?").params(Timestamp.from(Instant.now()), pk)
                .update();
    }

    /** Marks a status change with an optional error. */
    public void mark(long pk, RequestStatus status, String staffId, ErrorCode errorCode, String errorDetail) {
        jdbc.sql("UPDATE signing_request SET status = ?, staff_id = COALESCE(?, staff_id), error_code = ?, "
                        + "error_detail = ?, updated_at = ? WHERE id = ?")
                .params(status.name(), staffId, errorCode == null ? null : errorCode.name(), truncate(errorDetail),
                        Timestamp.from(Instant.now()), pk)
                .update();
    }

    /** Counts an attempt; returns the new count. */
    public int countAttempt(long pk) {
        jdbc.sql("UPDATE signing_request SET attempts = attempts + 1, updated_at = ? WHERE id = ?")
                .params(Timestamp.from(Instant.now()), pk).update();
        return jdbc.sql("SELECT attempts FROM signing_request WHERE id = ?").param(pk).query(Integer.class).single();
    }

    /**
     * Re-opens a dead-lettered request (an operator's replay, or the system sending it again): RECEIVED with its
     * attempts reset; false when it is not dead-lettered (anything else is left as it is).
     */
    public boolean reopen(long pk) {
        return jdbc.sql(REOPEN).params(Timestamp.from(Instant.now()), pk).update() == 1;
    }

    /** {@link #reopen} for a request dead-lettered before {@code before} (its last change); false otherwise. */
    public boolean reopenIfParkedBefore(long pk, Instant before) {
        return jdbc.sql(REOPEN + " AND updated_at < ?").params(Timestamp.from(Instant.now()), pk,
                Timestamp.from(before)).update() == 1;
    }

    /**
     * Re-opens a request that waited for its signer (PENDING) once the signer confirmed its task: RECEIVED
     * again, for the worker; false when it is in any other status (left as it is).
     */
    public boolean reopenPending(long pk) {
        return jdbc.sql("UPDATE signing_request SET status = 'RECEIVED', updated_at = ? WHERE id = ? "
                        + "AND status = 'PENDING'").params(Timestamp.from(Instant.now()), pk)
                .update() == 1;
    }

    private static final String REOPEN = "UPDATE signing_request SET status = 'RECEIVED', attempts = 0, "
            + "error_code = NULL, error_detail = NULL, updated_at = ? WHERE id = ? AND status = 'DEAD_LETTER'";

    /**
     * Records the signature, its value sealed beforehand ({@link SignatureRecordRepository#sealedValue}), and marks the
     * request DONE (same transaction as the caller's).
     */
    public void complete(long pk, SignedArtifact artifact, byte[] sealedValue, SigningRequest request,
                         byte[] timestampToken) {
        signatures.record(pk, artifact, sealedValue, request.documentId(), request.scenario(), timestampToken);
        jdbc.sql("UPDATE signing_request SET status = 'DONE', staff_id = ?, signature_id = ?, error_code = NULL, "
                        + "error_detail = NULL, updated_at = ? WHERE id = ?")
                .params(artifact.staffId(), artifact.signatureId(), Timestamp.from(Instant.now()), pk).update();
    }

    /** The SM3 (hex) of a request's content, kept when the content itself is purged. */
    public String contentSm3(long pk) {
        return jdbc.sql("SELECT content_sm3 FROM signing_request WHERE id = ?").param(pk).query(String.class).single();
    }

    @Override
    public Optional<SignedDocument> signedDocument(long pk) {
        return jdbc.sql("SELECT system_id, request_id, content_enc, options FROM signing_request WHERE id = ?").param(pk)
                .query((rs, n) -> {
                    byte[] sealed = rs.getBytes(3);
                    // empty once the retention clean-up purged it
                    byte[] content = sealed == null || sealed.length == 0 ? null
                            : kek.open(sealed, rs.getString(1) + "/" + rs.getString(2));
                    String options = rs.getString(4);
                    return new SignedDocument(content, options == null ? Sm2SignatureEncoding.DER
                            : SigningOptions.decode(options).encoding());
                }).optional();
    }

    /** Requests of a system in one status, counted: {@code status} is a {@link RequestStatus} name. */
    public record StatusCount(String systemId, String status, long count) {
    }

    /** How many requests each system sent, per status, created at or after {@code from}. */
    public List<StatusCount> countsBySystemAndStatus(Instant from) {
        if (!from.isAfter(Instant.EPOCH)) {
            // all time: counted from the (system, status) index, not by reading every row
            return jdbc.sql("SELECT system_id, status, COUNT(*) FROM signing_request GROUP BY system_id, status")
                    .query(SigningRequestRepository::statusCount).list();
        }
        return jdbc.sql("SELECT system_id, status, COUNT(*) FROM signing_request WHERE created_at >= ? "
                        + "GROUP BY system_id, status").param(Timestamp.from(from))
                .query(SigningRequestRepository::statusCount).list();
    }

    private static StatusCount statusCount(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new StatusCount(rs.getString(1), rs.getString(2), rs.getLong(3));
    }

    /** How many requests each system sent, per status, created in [{@code from}, {@code to}) (the annual report). */
    public List<StatusCount> countsBySystemAndStatus(Instant from, Instant to) {
        return jdbc.sql("SELECT system_id, status, COUNT(*) FROM signing_request WHERE created_at >= ? "
                        + "AND created_at < ? GROUP BY system_id, status").params(Timestamp.from(from), Timestamp.from(to))
                .query((rs, n) -> new StatusCount(rs.getString(1), rs.getString(2), rs.getLong(3))).list();
    }

    /**
     * Requests that ended (DONE, FAILED or DEAD_LETTER) at or after {@code from}, all systems, counted per status
     * and system (the {@code batch-signing-failing} alert rule).
     */
    public List<StatusCount> endedSince(Instant from) {
        return jdbc.sql("SELECT system_id, status, COUNT(*) FROM signing_request WHERE updated_at >= ? "
                        + "AND status IN ('DONE', 'FAILED', 'DEAD_LETTER') GROUP BY system_id, status")
                .param(Timestamp.from(from))
                .query((rs, n) -> new StatusCount(rs.getString(1), rs.getString(2), rs.getLong(3))).list();
    }

    /** Of the given requests, those created at or after {@code from}, counted per system. */
    public Map<String, Long> countBySystem(Collection<Long> pks, Instant from) {
        Map<String, Long> counts = new LinkedHashMap<>();
        forChunks(pks, chunk -> jdbc.sql("SELECT system_id, COUNT(*) FROM signing_request WHERE id IN (:pks) "
                        + "AND created_at >= :from GROUP BY system_id")
                .param("pks", chunk).param("from", Timestamp.from(from))
                .query((rs, n) -> counts.merge(rs.getString(1), rs.getLong(2), Long::sum)).list());
        return counts;
    }

    /** When each of the given requests was received. */
    public Map<Long, Instant> createdAt(Collection<Long> pks) {
        Map<Long, Instant> created = new HashMap<>();
        forChunks(pks, chunk -> jdbc.sql("SELECT id, created_at FROM signing_request WHERE id IN (:pks)")
                .param("pks", chunk).query((rs, n) -> created.put(rs.getLong(1), rs.getTimestamp(2).toInstant()))
                .list());
        return created;
    }

    /** The current status of each of the given requests. */
    public Map<Long, RequestStatus> statuses(Collection<Long> pks) {
        Map<Long, RequestStatus> statuses = new HashMap<>();
        forChunks(pks, chunk -> jdbc.sql("SELECT id, status FROM signing_request WHERE id IN (:pks)")
                .param("pks", chunk)
                .query((rs, n) -> statuses.put(rs.getLong(1), RequestStatus.valueOf(rs.getString(2)))).list());
        return statuses;
    }

    /** A request that ended without a signature (FAILED or DEAD_LETTER). */
    public record Failed(long pk, String systemId, String requestId, RequestStatus status, ErrorCode errorCode,
                         String errorDetail, Instant failedAt) {
    }

    /** The newest failed requests (of one system when {@code systemId} is not blank), at most {@code limit}. */
    public List<Failed> newestFailed(String systemId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT id, system_id, request_id, status, error_code, error_detail, "
                + "updated_at FROM signing_request WHERE status IN ('FAILED', 'DEAD_LETTER')");
        List<Object> params = new ArrayList<>();
        if (systemId != null && !systemId.isBlank()) {
            sql.append(" AND system_id = ?");
            params.add(systemId.trim());
        }
        sql.append(" ORDER BY updated_at DESC, id DESC FETCH FIRST ").append(limit).append(" ROWS ONLY");
        return jdbc.sql(sql.toString()).params(params)
                .query((rs, n) -> new Failed(rs.getLong(1), rs.getString(2), rs.getString(3),
                        RequestStatus.valueOf(rs.getString(4)), code(rs.getString(5)), rs.getString(6),
                        rs.getTimestamp(7).toInstant())).list();
    }

    /**
     * Purges the content of requests finished (DONE, FAILED, REJECTED or EXPIRED) before {@code before} whose content is still kept
     * (their SM3 and signature stay); returns how many.
     */
    public int purgeContentFinishedBefore(Instant before, Instant purgedAt) {
        return jdbc.sql("UPDATE signing_request SET content_enc = ?, content_purged_at = ? WHERE content_purged_at "
                        + "IS NULL AND status IN ('DONE', 'FAILED', 'REJECTED', 'EXPIRED') AND updated_at < ?")
                .params(new byte[0], Timestamp.from(purgedAt), Timestamp.from(before)).update();
    }

    private static void forChunks(Collection<Long> pks, java.util.function.Consumer<List<Long>> query) {
        List<Long> all = List.copyOf(pks);
        for (int from = 0; from < all.size(); from += 500) {
            query.accept(all.subList(from, Math.min(all.size(), from + 500)));
        }
    }

    private static final String SELECT = "SELECT id, system_id, request_id, operation, signer, scenario, document_id, "
            + "document_type, options, content_enc, status, staff_id, signature_id, error_code, error_detail, attempts "
            + "FROM signing_request";

    private Stored map(ResultSet rs, int row) throws SQLException {
        String systemId = rs.getString(2);
        String requestId = rs.getString(3);
        byte[] sealed = rs.getBytes(10);
        // empty once the retention clean-up purged a finished request's content (its SM3 and signature stay)
        byte[] content = sealed.length == 0 ? new byte[0] : kek.open(sealed, systemId + "/" + requestId);
        SigningRequest request = new SigningRequest(systemId, requestId, Operation.valueOf(rs.getString(4)),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), content,
                SigningOptions.decode(rs.getString(9)));
        return new Stored(rs.getLong(1), request, RequestStatus.valueOf(rs.getString(11)), rs.getString(12),
                rs.getString(13), code(rs.getString(14)), rs.getString(15), rs.getInt(16));
    }

    private static ErrorCode code(String name) {
        return name == null ? null : ErrorCode.valueOf(name);
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 1000 ? text : text.substring(0, 1000);
    }
}
