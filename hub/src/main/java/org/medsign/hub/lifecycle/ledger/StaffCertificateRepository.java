package org.medsign.hub.lifecycle.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bouncycastle.cert.X509CertificateHolder;
import org.medsign.crypto.cert.Pem;
import org.medsign.crypto.sm.Sm3;
import org.medsign.hub.lifecycle.CertificateState;
import org.medsign.hub.lifecycle.KeyCustody;
import org.medsign.hub.lifecycle.StaffCredential;
import org.medsign.hub.lifecycle.internal.ParsedCertificate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The certificate ledger table {@code staff_certificate}: the only class whose SQL names it. Each method answers one
 * question or carries out one change; callers join with the roster ({@link StaffRepository}) themselves.
 */
@Component
public class StaffCertificateRepository {

    /** What the ledger import compares a certificate file with. */
    public record ImportedRow(String serial, String staffId, String holderMatch, String boundSystems, String derSm3,
                              String origin, String status) {
    }

    /** A certificate in service (ACTIVE or FROZEN) as the inventory reads it. */
    public record InService(String serial, String staffId, String status, Instant notBefore, Instant notAfter,
                            String commonName, String unit, String title, String holderMatch, boolean signing,
                            Instant lastUsedAt) {
    }

    /** An active certificate with a holder ending soon. */
    public record Ending(String serial, String staffId, Instant notAfter) {
    }

    /** What decides whether a certificate can be replaced (the holder comes from the roster). */
    public record Replaceable(String serial, String staffId, CertificateState state, String keyAlias,
                              String keyCustody, boolean signing, Instant notBefore, Instant notAfter, byte[] der,
                              String subjectUnit) {

        /** Whether it can sign at {@code now}: ACTIVE, a signing certificate, within its validity. */
        public boolean validSigning(Instant now) {
            return state == CertificateState.ACTIVE && signing && !now.isBefore(notBefore) && !now.isAfter(notAfter);
        }
    }

    /** One row of a ledger search before the holder's name is joined in. */
    public record Listed(String serial, String staffId, String subjectCn, String subjectOu, String status,
                         String keyCustody, String holderMatch, Instant notBefore, Instant notAfter,
                         Instant lastUsedAt, String boundSystems) {
    }

    /** A certificate's validity. */
    public record Validity(Instant notBefore, Instant notAfter) {
    }

    /** A certificate and its holder (serial and holder only). */
    public record Held(String serial, String staffId) {
    }

    private final JdbcClient jdbc;

    public StaffCertificateRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String CREDENTIAL_COLUMNS =
            "SELECT staff_id, serial, status, key_alias, not_before, not_after, der, key_custody FROM staff_certificate ";

    /** All certificates of a staff member, newest first. */
    public List<StaffCredential> credentials(String staffId) {
        return jdbc.sql(CREDENTIAL_COLUMNS + "WHERE staff_id = ? ORDER BY not_before DESC, created_at DESC")
                .param(staffId).query(StaffCertificateRepository::credential).list();
    }

    /**
     * Every staff member holding an ACTIVE certificate the hub can sign with (custody HUB or COLLABORATIVE), mapped to
     * whether one of them is COLLABORATIVE (the collaborative-key campaign).
     */
    public Map<String, Boolean> signingKeyHolders() {
        Map<String, Boolean> holders = new java.util.TreeMap<>();
        jdbc.sql("SELECT staff_id, key_custody FROM staff_certificate WHERE status = 'ACTIVE' "
                        + "AND key_custody IN ('HUB', 'COLLABORATIVE')")
                .query((rs, n) -> {
                    holders.merge(rs.getString(1), "COLLABORATIVE".equals(rs.getString(2)), Boolean::logicalOr);
                    return null;
                }).list();
        return holders;
    }

    /** A certificate by serial (hex). */
    public Optional<StaffCredential> credential(String serial) {
        return jdbc.sql(CREDENTIAL_COLUMNS + "WHERE serial = ?").param(serial)
                .query(StaffCertificateRepository::credential).optional();
    }

    private static StaffCredential credential(ResultSet rs, int row) throws SQLException {
        return new StaffCredential(rs.getString(1), rs.getString(2), CertificateState.valueOf(rs.getString(3)),
                rs.getString(4), rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant(),
                parsed(rs.getString(2), rs.getBytes(7)), custody(rs.getString(8), rs.getString(4)));
    }

    /** A parsed certificate with the DER it was parsed from. */
    private record Parsed(byte[] der, X509CertificateHolder certificate) {
    }

    /** How many parsed certificates {@link #parsed} keeps at most (a hospital's staff hold a few thousand). */
    private static final int PARSED_KEPT = 20_000;

    /** Parsed certificates by serial: the signing path reads a signer's certificates for every request (issue #18). */
    private static final Map<String, Parsed> PARSED = new java.util.concurrent.ConcurrentHashMap<>();

    /** {@code der} parsed, or the certificate parsed before from the same bytes under the same serial. */
    private static X509CertificateHolder parsed(String serial, byte[] der) {
        Parsed known = PARSED.get(serial);
        if (known != null && java.util.Arrays.equals(known.der(), der)) {
            return known.certificate();
        }
        X509CertificateHolder certificate = Pem.certificate(der);
        if (PARSED.size() >= PARSED_KEPT) {
            PARSED.clear();
        }
        PARSED.put(serial, new Parsed(der, certificate));
        return certificate;
    }

    private static KeyCustody custody(String stored, String keyAlias) {
        if (stored != null) {
            return KeyCustody.valueOf(stored);
        }
        return keyAlias != null ? KeyCustody.HUB : KeyCustody.EXTERNAL;
    }

    /** Records a certificate the hub issued and holds the key of, ACTIVE. */
    public void insertIssued(String serial, String staffId, String keyAlias, ParsedCertificate parsed,
                             String boundSystems, String replacesSerial, Instant now) {
        insertIssued(serial, staffId, keyAlias, KeyCustody.HUB, parsed, boundSystems, replacesSerial, now);
    }

    /**
     * Records a certificate the hub issued, ACTIVE, with its key custody: HUB with the key's alias, COLLABORATIVE
     * without one (the hub holds only a share, which signing never resolves).
     */
    public void insertIssued(String serial, String staffId, String keyAlias, KeyCustody custody,
                             ParsedCertificate parsed, String boundSystems, String replacesSerial, Instant now) {
        jdbc.sql("INSERT INTO staff_certificate (serial, staff_id, status, key_alias, subject, issuer, not_before, "
                        + "not_after, der, created_at, updated_at, key_custody, origin, subject_cn, subject_ou, "
                        + "subject_title, subject_serial_number, holder_match, signing, bound_systems, der_sm3, "
                        + "replaces_serial) VALUES (?, ?, 'ACTIVE', ?, ?, ?, ?, ?, ?, ?, ?, ?, 'HUB', ?, ?, ?, ?, "
                        + "'ISSUED', TRUE, ?, ?, ?)")
                .params(serial, staffId, keyAlias, parsed.subject(), parsed.issuer(), Timestamp.from(parsed.notBefore()),
                        Timestamp.from(parsed.notAfter()), parsed.der(), Timestamp.from(now), Timestamp.from(now),
                        custody.name(), parsed.commonName(), parsed.unit(), parsed.title(), parsed.subjectSerialNumber(),
                        boundSystems, parsed.derSm3(), replacesSerial)
                .update();
    }

    /** Records a certificate from an import, ACTIVE, with the holder the import matched (or none). */
    public void insertImported(ParsedCertificate c, String staffId, String match, String bound, KeyCustody custody,
                               Instant now) {
        Timestamp at = Timestamp.from(now);
        jdbc.sql("INSERT INTO staff_certificate (serial, staff_id, status, key_alias, subject, issuer, not_before, "
                        + "not_after, der, created_at, updated_at, key_custody, origin, subject_cn, subject_ou, "
                        + "subject_title, subject_serial_number, holder_match, signing, bound_systems, der_sm3) "
                        + "VALUES (?, ?, 'ACTIVE', NULL, ?, ?, ?, ?, ?, ?, ?, ?, 'IMPORT', ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(c.serial(), staffId, truncate(c.subject(), 1000), truncate(c.issuer(), 1000),
                        Timestamp.from(c.notBefore()), Timestamp.from(c.notAfter()), c.der(), at, at,
                        custody.name(), truncate(c.commonName(), 200), truncate(c.unit(), 200),
                        truncate(c.title(), 200), truncate(c.subjectSerialNumber(), 64), match, c.signing(), bound,
                        c.derSm3())
                .update();
    }

    /** Every certificate as the import compares it, by serial. */
    public Map<String, ImportedRow> importedRows() {
        Map<String, ImportedRow> ledger = new HashMap<>();
        jdbc.sql("SELECT serial, staff_id, holder_match, bound_systems, der_sm3, origin, status, der "
                        + "FROM staff_certificate")
                .query((rs, n) -> new ImportedRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5) != null ? rs.getString(5) : HexFormat.of().formatHex(Sm3.digest(rs.getBytes(8))),
                        rs.getString(6), rs.getString(7)))
                .list().forEach(row -> ledger.put(row.serial(), row));
        return ledger;
    }

    /** Changes the holder, how it was matched and the bound systems. */
    public void updateHolder(String serial, String staffId, String match, String bound, Instant now) {
        jdbc.sql("UPDATE staff_certificate SET staff_id = ?, holder_match = ?, bound_systems = ?, updated_at = ? "
                        + "WHERE serial = ?")
                .params(staffId, match, bound, Timestamp.from(now), serial).update();
    }

    /** Changes the bound systems. */
    public void updateBoundSystems(String serial, String bound, Instant now) {
        jdbc.sql("UPDATE staff_certificate SET bound_systems = ?, updated_at = ? WHERE serial = ?")
                .params(bound, Timestamp.from(now), serial).update();
    }

    /** Every serial → its last use (null value: never used). */
    public Map<String, Instant> lastUses() {
        Map<String, Instant> lastUse = new HashMap<>();
        jdbc.sql("SELECT serial, last_used_at FROM staff_certificate").query((rs, n) -> {
            lastUse.put(rs.getString(1), instant(rs, 2));
            return null;
        }).list();
        return lastUse;
    }

    /** Records a last use. */
    public void setLastUsed(String serial, Instant time) {
        jdbc.sql("UPDATE staff_certificate SET last_used_at = ? WHERE serial = ?").params(Timestamp.from(time), serial)
                .update();
    }

    /** The ledger rows of a staff member's certificates, newest first. */
    public List<LedgerStaff.Certificate> ledgerRowsOf(String staffId) {
        return jdbc.sql("SELECT serial, status, key_custody, origin, issuer, subject, holder_match, not_before, "
                        + "not_after, last_used_at, bound_systems FROM staff_certificate WHERE staff_id = ? "
                        + "ORDER BY not_before DESC, serial").param(staffId)
                .query((rs, n) -> new LedgerStaff.Certificate(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), instant(rs, 8),
                        instant(rs, 9), instant(rs, 10), rs.getString(11)))
                .list();
    }

    /** The ledger row of one certificate with its holder's staff id (subjects as stored). */
    public Optional<LedgerSearch.Held> ledgerRow(String serial) {
        return jdbc.sql("SELECT staff_id, serial, status, key_custody, origin, issuer, subject, holder_match, "
                        + "not_before, not_after, last_used_at, bound_systems FROM staff_certificate WHERE serial = ?")
                .param(serial)
                .query((rs, n) -> new LedgerSearch.Held(rs.getString(1), new LedgerStaff.Certificate(rs.getString(2),
                        rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                        rs.getString(8), instant(rs, 9), instant(rs, 10), instant(rs, 11), rs.getString(12))))
                .optional();
    }

    /**
     * Certificates for a ledger search, ordered by end of validity then serial; null filters do not filter (names and
     * departments are the caller's, who knows the roster).
     */
    public List<Listed> listed(String staffId, CertificateState status, KeyCustody custody, Instant expiringBefore) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (staffId != null) {
            where.append(" AND staff_id = ?");
            params.add(staffId);
        }
        if (status != null) {
            where.append(" AND status = ?");
            params.add(status.name());
        }
        if (custody != null) {
            where.append(" AND key_custody = ?");
            params.add(custody.name());
        }
        if (expiringBefore != null) {
            where.append(" AND not_after < ?");
            params.add(Timestamp.from(expiringBefore));
        }
        return jdbc.sql("SELECT serial, staff_id, subject_cn, subject_ou, status, key_custody, holder_match, not_before, "
                        + "not_after, last_used_at, bound_systems FROM staff_certificate" + where
                        + " ORDER BY not_after, serial")
                .params(params)
                .query((rs, n) -> new Listed(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), instant(rs, 8), instant(rs, 9),
                        instant(rs, 10), rs.getString(11)))
                .list();
    }

    /** Certificates per stored status text. */
    public Map<String, Long> countsByStatus() {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.sql("SELECT status, COUNT(*) FROM staff_certificate GROUP BY status")
                .query((rs, n) -> counts.put(rs.getString(1), rs.getLong(2))).list();
        return counts;
    }

    /** Certificates by key custody, then state (e.g. HUB → ACTIVE → 12): the key inventory of a compliance pack. */
    public Map<String, Map<String, Long>> countsByCustodyAndStatus() {
        Map<String, Map<String, Long>> counts = new java.util.TreeMap<>();
        jdbc.sql("SELECT key_custody, status, COUNT(*) FROM staff_certificate GROUP BY key_custody, status")
                .query((rs, n) -> counts.computeIfAbsent(rs.getString(1) == null ? "UNKNOWN" : rs.getString(1),
                        c -> new java.util.TreeMap<>()).put(rs.getString(2), rs.getLong(3))).list();
        return counts;
    }

    /** The holder of a certificate, if it has one. */
    public Optional<String> holderOf(String serial) {
        return jdbc.sql("SELECT staff_id FROM staff_certificate WHERE serial = ?").param(serial)
                .query(String.class).optional();
    }

    /** A certificate's validity, if it is in the ledger. */
    public Optional<Validity> validity(String serial) {
        return jdbc.sql("SELECT not_before, not_after FROM staff_certificate WHERE serial = ?").param(serial)
                .query((rs, n) -> new Validity(instant(rs, 1), instant(rs, 2))).optional();
    }

    /** Certificates ACTIVE or FROZEN, the subject read from the certificate where the ledger columns are empty. */
    public List<InService> inService() {
        return jdbc.sql("SELECT serial, staff_id, status, not_before, not_after, subject_cn, subject_ou, subject_title, "
                        + "holder_match, signing, last_used_at, der_sm3, der FROM staff_certificate "
                        + "WHERE status IN ('ACTIVE', 'FROZEN')")
                .query((rs, n) -> {
                    String cn = rs.getString(6);
                    String ou = rs.getString(7);
                    String title = rs.getString(8);
                    if (rs.getString(12) == null) {
                        // written before the ledger columns existed: read the subject from the certificate
                        ParsedCertificate parsed = ParsedCertificate.of(Pem.certificate(rs.getBytes(13)));
                        cn = parsed.commonName();
                        ou = parsed.unit();
                        title = parsed.title();
                    }
                    return new InService(rs.getString(1), rs.getString(2), rs.getString(3), instant(rs, 4),
                            instant(rs, 5), cn, ou, title, rs.getString(9), rs.getBoolean(10), instant(rs, 11));
                })
                .list();
    }

    /** ACTIVE certificates with a holder whose notAfter is at or before {@code limit}, soonest first. */
    public List<Ending> activeHeldEndingBy(Instant limit) {
        return jdbc.sql("SELECT serial, staff_id, not_after FROM staff_certificate WHERE status = ? "
                        + "AND staff_id IS NOT NULL AND not_after <= ? ORDER BY not_after")
                .params(CertificateState.ACTIVE.name(), Timestamp.from(limit))
                .query((rs, n) -> new Ending(rs.getString(1), rs.getString(2), instant(rs, 3))).list();
    }

    /** Certificates with a holder in one of these states. */
    public List<Held> heldIn(List<CertificateState> states) {
        List<Held> held = new ArrayList<>();
        for (CertificateState state : states) {
            held.addAll(jdbc.sql("SELECT serial, staff_id FROM staff_certificate WHERE status = ? AND staff_id IS NOT NULL")
                    .param(state.name()).query((rs, n) -> new Held(rs.getString(1), rs.getString(2))).list());
        }
        return held;
    }

    /** A certificate's ledger state. */
    public Optional<CertificateState> state(String serial) {
        return jdbc.sql("SELECT status FROM staff_certificate WHERE serial = ?").param(serial).query(String.class)
                .optional().map(CertificateState::valueOf);
    }

    /** Sets a certificate's state. */
    public void setState(String serial, CertificateState state, Instant now) {
        jdbc.sql("UPDATE staff_certificate SET status = ?, updated_at = ? WHERE serial = ?")
                .params(state.name(), Timestamp.from(now), serial).update();
    }

    /** Moves a certificate from {@code from} to {@code to}; false when it is no longer in {@code from}. */
    public boolean changeState(String serial, CertificateState from, CertificateState to, Instant now) {
        return jdbc.sql("UPDATE staff_certificate SET status = ?, updated_at = ? WHERE serial = ? AND status = ?")
                .params(to.name(), Timestamp.from(now), serial, from.name()).update() == 1;
    }

    /** One certificate as replacement needs it. */
    public Optional<Replaceable> replaceable(String serial) {
        return jdbc.sql(REPLACEABLE + " WHERE serial = ?").param(serial).query(StaffCertificateRepository::replaceable)
                .optional();
    }

    /** Every certificate (only those in service unless {@code all}) as replacement needs it, without encodings. */
    public List<Replaceable> replaceables(boolean all) {
        return jdbc.sql(REPLACEABLE.replace(", der,", ", NULL,") + (all ? "" : " WHERE status IN ('ACTIVE', 'FROZEN')"))
                .query(StaffCertificateRepository::replaceable).list();
    }

    /** A holder's valid signing certificates at {@code now} other than {@code serial}. */
    public int otherValidSigning(String staffId, String serial, Instant now) {
        Timestamp at = Timestamp.from(now);
        return jdbc.sql("SELECT COUNT(*) FROM staff_certificate WHERE staff_id = ? AND serial <> ? AND status = 'ACTIVE' "
                        + "AND signing = TRUE AND not_before <= ? AND not_after >= ?")
                .params(staffId, serial, at, at).query(Integer.class).single();
    }

    private static final String REPLACEABLE = "SELECT serial, staff_id, status, key_alias, key_custody, signing, "
            + "not_before, not_after, der, subject_ou FROM staff_certificate";

    private static Replaceable replaceable(ResultSet rs, int row) throws SQLException {
        return new Replaceable(rs.getString(1), rs.getString(2), CertificateState.valueOf(rs.getString(3)),
                rs.getString(4), rs.getString(5), rs.getBoolean(6), instant(rs, 7), instant(rs, 8), rs.getBytes(9),
                rs.getString(10));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
