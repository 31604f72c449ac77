package org.medsign.hub.consent;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.medsign.hub.keys.KeyEncryptionKey;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The one class whose SQL names {@code patient_consent}. The document, the patient's name and the patient's CMS are
 * sealed at rest under the key-encryption key, each bound to the consent id and field.
 */
@Component
public class ConsentRepository {

    private static final String COLUMNS = "consent_id, system_id, request_id, title, media_type, content_sealed, "
            + "content_sm3, patient_name_sealed, patient_id_sm3, clinician, clinician_staff_id, status, created_at, "
            + "patient_signature_id, patient_cms_sealed, event_cert_serial, timestamp_token, timestamp_time, "
            + "crl_snapshot_sm3, patient_signed_at, operated_by, cosign_request_id";

    private final JdbcClient jdbc;
    private final KeyEncryptionKey kek;

    public ConsentRepository(JdbcClient jdbc, KeyEncryptionKey kek) {
        this.jdbc = jdbc;
        this.kek = kek;
    }

    /** Inserts a new consent waiting for the patient; a second one with the same (system, request id) fails. */
    void insert(Consent c) {
        jdbc.sql("INSERT INTO patient_consent (consent_id, system_id, request_id, title, media_type, content_sealed, "
                        + "content_sm3, patient_name_sealed, patient_id_sm3, clinician, clinician_staff_id, status, "
                        + "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(c.id(), c.systemId(), c.requestId(), c.title(), c.mediaType(),
                        kek.seal(c.content(), context(c.id(), "content")), c.contentSm3(),
                        kek.seal(c.patientName().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                                context(c.id(), "patient")), c.patientIdSm3(), c.clinician(), c.clinicianStaffId(),
                        c.status().name(), Timestamp.from(c.createdAt()))
                .update();
    }

    /** A consent by id. */
    Optional<Consent> find(String consentId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM patient_consent WHERE consent_id = ?").param(consentId)
                .query((rs, n) -> row(rs)).optional();
    }

    /** A consent by its patient signature's id. */
    Optional<Consent> findBySignature(String signatureId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM patient_consent WHERE patient_signature_id = ?")
                .param(signatureId).query((rs, n) -> row(rs)).optional();
    }

    /** Whether (system, request id) is taken. */
    boolean exists(String systemId, String requestId) {
        return jdbc.sql("SELECT COUNT(*) FROM patient_consent WHERE system_id = ? AND request_id = ?")
                .params(systemId, requestId).query(Integer.class).single() > 0;
    }

    /** Consents of these systems waiting for the patient, oldest first, at most {@code limit}. */
    List<Consent> waiting(Collection<String> systems, int limit) {
        if (systems.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", java.util.Collections.nCopies(systems.size(), "?"));
        List<Object> params = new java.util.ArrayList<>(systems);
        params.add(Consent.Status.WAITING_PATIENT.name());
        return jdbc.sql("SELECT " + COLUMNS + " FROM patient_consent WHERE system_id IN (" + marks + ") AND status = ? "
                        + "ORDER BY created_at, consent_id FETCH FIRST " + limit + " ROWS ONLY")
                .params(params).query((rs, n) -> row(rs)).list();
    }

    /**
     * Records the patient's signature and the co-signature's request id, only while the consent still waits for the
     * patient; false when another submission got there first (in the caller's transaction).
     */
    boolean patientSigned(String consentId, Consent.PatientSignature s, String cosignRequestId) {
        return jdbc.sql("UPDATE patient_consent SET status = ?, patient_signature_id = ?, patient_cms_sealed = ?, "
                        + "event_cert_serial = ?, timestamp_token = ?, timestamp_time = ?, crl_snapshot_sm3 = ?, "
                        + "patient_signed_at = ?, operated_by = ?, cosign_request_id = ? "
                        + "WHERE consent_id = ? AND status = ?")
                .params(Consent.Status.PATIENT_SIGNED.name(), s.signatureId(),
                        kek.seal(s.cms(), context(consentId, "patient-cms")), s.certificateSerial(), s.timestampToken(),
                        s.timestampTime() == null ? null : Timestamp.from(s.timestampTime()), s.crlSnapshot(),
                        Timestamp.from(s.signedAt()), s.operatedBy(), cosignRequestId, consentId,
                        Consent.Status.WAITING_PATIENT.name())
                .update() == 1;
    }

    private Consent row(ResultSet rs) throws SQLException {
        String id = rs.getString("consent_id");
        String signatureId = rs.getString("patient_signature_id");
        Consent.PatientSignature patient = signatureId == null ? null : new Consent.PatientSignature(signatureId,
                kek.open(rs.getBytes("patient_cms_sealed"), context(id, "patient-cms")),
                rs.getString("event_cert_serial"), rs.getBytes("timestamp_token"), instant(rs, "timestamp_time"),
                rs.getString("crl_snapshot_sm3"), instant(rs, "patient_signed_at"), rs.getString("operated_by"));
        return new Consent(id, rs.getString("system_id"), rs.getString("request_id"), rs.getString("title"),
                rs.getString("media_type"), kek.open(rs.getBytes("content_sealed"), context(id, "content")),
                rs.getString("content_sm3"), new String(kek.open(rs.getBytes("patient_name_sealed"),
                context(id, "patient")), java.nio.charset.StandardCharsets.UTF_8), rs.getString("patient_id_sm3"),
                rs.getString("clinician"), rs.getString("clinician_staff_id"),
                Consent.Status.valueOf(rs.getString("status")), instant(rs, "created_at"), patient,
                rs.getString("cosign_request_id"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static String context(String consentId, String field) {
        return "patient_consent/" + consentId + "/" + field;
    }
}
