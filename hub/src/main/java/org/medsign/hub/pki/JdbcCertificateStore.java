package org.medsign.hub.pki;

import java.math.BigInteger;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.bouncycastle.cert.X509CertificateHolder;
import org.medsign.crypto.ca.CertificateStore;
import org.medsign.crypto.ca.RevocationEntry;
import org.medsign.crypto.ca.RevocationReason;
import org.medsign.crypto.ca.SerialNumbers;
import org.medsign.crypto.cert.DistinguishedNames;
import org.medsign.crypto.cert.Pem;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The CA's {@link CertificateStore} in the hub database (tables ca_certificate, ca_revocation, ca_revocation_event). */
final class JdbcCertificateStore implements CertificateStore {

    /** How many issued serials {@link #isIssued} remembers at most (a hospital holds a few thousand). */
    private static final int ISSUED_REMEMBERED = 100_000;

    private final JdbcClient jdbc;
    private final java.util.Set<String> issued = java.util.concurrent.ConcurrentHashMap.newKeySet();

    JdbcCertificateStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void saveIssued(X509CertificateHolder certificate) {
        jdbc.sql("INSERT INTO ca_certificate (serial, subject, not_before, not_after, der, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?)")
                .params(SerialNumbers.hex(certificate.getSerialNumber()),
                        DistinguishedNames.toText(certificate.getSubject()),
                        Timestamp.from(certificate.getNotBefore().toInstant()),
                        Timestamp.from(certificate.getNotAfter().toInstant()), Pem.encoded(certificate),
                        Timestamp.from(Instant.now()))
                .update();
    }

    @Override
    public Optional<X509CertificateHolder> findIssued(BigInteger serial) {
        return jdbc.sql("SELECT der FROM ca_certificate WHERE serial = ?").param(SerialNumbers.hex(serial))
                .query(byte[].class).optional().map(Pem::certificate);
    }

    /** A certificate issued here, by its serial in the stored (hex) form. */
    Optional<X509CertificateHolder> findIssued(String serial) {
        return jdbc.sql("SELECT der FROM ca_certificate WHERE serial = ?").param(serial).query(byte[].class)
                .optional().map(Pem::certificate);
    }

    /**
     * Whether the CA issued {@code serial}. A certificate once issued stays issued (no row of ca_certificate is ever
     * deleted), so a yes is remembered: the signing path asks for every request (issue #18); a no is always asked
     * again.
     */
    @Override
    public boolean isIssued(BigInteger serial) {
        String hex = SerialNumbers.hex(serial);
        if (issued.contains(hex)) {
            return true;
        }
        boolean found = jdbc.sql("SELECT COUNT(*) FROM ca_certificate WHERE serial = ?").param(hex)
                .query(Integer.class).single() > 0;
        if (found) {
            if (issued.size() >= ISSUED_REMEMBERED) {
                issued.clear();
            }
            issued.add(hex);
        }
        return found;
    }

    @Override
    public Optional<RevocationEntry> revocation(BigInteger serial) {
        return jdbc.sql("SELECT revoked_at, reason_code FROM ca_revocation WHERE serial = ?")
                .param(SerialNumbers.hex(serial))
                .query((rs, n) -> new RevocationEntry(serial, rs.getTimestamp(1).toInstant(),
                        RevocationReason.ofCode(rs.getInt(2))))
                .optional();
    }

    @Override
    public void saveRevocation(RevocationEntry entry) {
        String serial = SerialNumbers.hex(entry.serial());
        int updated = jdbc.sql("UPDATE ca_revocation SET reason_code = ? WHERE serial = ?")
                .params(entry.reason().code(), serial).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO ca_revocation (serial, revoked_at, reason_code) VALUES (?, ?, ?)")
                    .params(serial, Timestamp.from(entry.revokedAt()), entry.reason().code()).update();
        }
        jdbc.sql("INSERT INTO ca_revocation_event (serial, action, reason_code, event_time) VALUES (?, 'REVOKE', ?, ?)")
                .params(serial, entry.reason().code(), Timestamp.from(Instant.now())).update();
    }

    @Override
    public void releaseHold(BigInteger serial, Instant releasedAt) {
        String hex = SerialNumbers.hex(serial);
        jdbc.sql("DELETE FROM ca_revocation WHERE serial = ? AND reason_code = ?")
                .params(hex, RevocationReason.CERTIFICATE_HOLD.code()).update();
        jdbc.sql("INSERT INTO ca_revocation_event (serial, action, reason_code, event_time) VALUES (?, 'RELEASE', NULL, ?)")
                .params(hex, Timestamp.from(releasedAt)).update();
    }

    @Override
    public Map<BigInteger, RevocationEntry> revocations() {
        Map<BigInteger, RevocationEntry> result = new LinkedHashMap<>();
        jdbc.sql("SELECT serial, revoked_at, reason_code FROM ca_revocation ORDER BY revoked_at").query((rs, n) -> {
            BigInteger serial = SerialNumbers.parseHex(rs.getString(1));
            return new RevocationEntry(serial, rs.getTimestamp(2).toInstant(), RevocationReason.ofCode(rs.getInt(3)));
        }).list().forEach(entry -> result.put(entry.serial(), entry));
        return result;
    }

    /** The newest revocation event's id (0 when none): changes whenever any node revokes or releases. */
    long revocationVersion() {
        return jdbc.sql("SELECT COALESCE(MAX(id), 0) FROM ca_revocation_event").query(Long.class).single();
    }

    @Override
    public BigInteger nextCrlNumber() {
        return BigInteger.valueOf(jdbc.sql("SELECT nextval('crl_number_seq')").query(Long.class).single());
    }
}
