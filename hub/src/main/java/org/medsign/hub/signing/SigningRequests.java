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
import java.util.List;
import java.util.Optional;

import org.medsign.crypto.sm.Sm3;
import org.medsign.hub.evidence.SealedSignatureValues;
import org.medsign.hub.keys.KeyEncryptionKey;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The durable request table (signing_request) and the signature records it leads to. Content and signature values
 * (a CMS may carry the document) are sealed at rest.
 */
@Component
public class SigningRequests {

    /** A stored request with its state. */
    public record Stored(long pk, SigningRequest request, RequestStatus status, String staffId, String signatureId,
                         ErrorCode errorCode, String errorDetail, int attempts) {
    }

    private final JdbcClient jdbc;
    private final KeyEncryptionKey kek;
    private final SealedSignatureValues values;

    public SigningRequests(JdbcClient jdbc, KeyEncryptionKey kek, SealedSignatureValues values) {
        this.jdbc = jdbc;
        this.kek = kek;
        this.values = values;
    }

    /** Inserts a new request and returns its internal id; a duplicate (system, request id) throws. */
    public long insert(SigningRequest request) throws DuplicateKeyException {
        Instant now = Instant.now();
        String context = request.systemId() + "/" + request.requestId();
        jdbc.sql("INSERT INTO signing_request (system_id, request_id, operation, signer, scenario, document_id, "
                        + "document_type, options, content_enc, content_sm3, status, attempts, created_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'RECEIVED', 0, ?, ?)")
                .params(request.systemId(), request.requestId(), request.operation().name(), request.signer(),
                        request.scenario(), request.documentId(), request.documentType(), request.options().encode(),
                        kek.seal(request.content(), context), HexFormat.of().formatHex(Sm3.digest(request.content())),
                        Timestamp.from(now), Timestamp.from(now))
                .update();
        return pkOf(request.systemId(), request.requestId()).orElseThrow();
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

    private static final String REOPEN = "UPDATE signing_request SET status = 'RECEIVED', attempts = 0, "
            + "error_code = NULL, error_detail = NULL, updated_at = ? WHERE id = ? AND status = 'DEAD_LETTER'";

    /** Records the signature and marks the request DONE (same transaction as the caller's). */
    public void complete(long pk, SignedArtifact artifact, SigningRequest request, byte[] timestampToken) {
        jdbc.sql("INSERT INTO signature_record (signature_id, request_pk, system_id, request_id, staff_id, "
                        + "certificate_serial, operation, document_id, scenario, content_sm3, signature_value, "
                        + "value_sealed, timestamp_token, timestamp_time, signed_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, TRUE, ?, ?, ?)")
                .params(artifact.signatureId(), pk, artifact.systemId(), artifact.requestId(), artifact.staffId(),
                        artifact.certificateSerial(), artifact.operation().name(), request.documentId(),
                        request.scenario(), artifact.contentSm3(),
                        values.seal(artifact.signatureId(), artifact.signature()), timestampToken,
                        artifact.timestampTime() == null ? null : Timestamp.from(artifact.timestampTime()),
                        Timestamp.from(artifact.signedAt()))
                .update();
        jdbc.sql("UPDATE signing_request SET status = 'DONE', staff_id = ?, signature_id = ?, error_code = NULL, "
                        + "error_detail = NULL, updated_at = ? WHERE id = ?")
                .params(artifact.staffId(), artifact.signatureId(), Timestamp.from(Instant.now()), pk).update();
    }

    /** A signature record by id, its value opened (callers returning it through an API audit the read). */
    public Optional<SignedArtifact> signature(String signatureId) {
        return jdbc.sql("SELECT signature_id, system_id, request_id, staff_id, certificate_serial, operation, "
                        + "signature_value, content_sm3, signed_at, timestamp_time, value_sealed FROM signature_record "
                        + "WHERE signature_id = ?")
                .param(signatureId)
                .query((rs, n) -> new SignedArtifact(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), Operation.valueOf(rs.getString(6)),
                        values.open(rs.getString(1), rs.getBytes(7), rs.getBoolean(11)), rs.getString(8),
                        rs.getTimestamp(9).toInstant(),
                        rs.getTimestamp(10) == null ? null : rs.getTimestamp(10).toInstant()))
                .optional();
    }

    /** Total signature records of a request (tests and the crash check: never more than one). */
    public int signatureCount(long pk) {
        return jdbc.sql("SELECT COUNT(*) FROM signature_record WHERE request_pk = ?").param(pk).query(Integer.class)
                .single();
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
