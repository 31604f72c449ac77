package org.medsign.hub.evidence;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.bouncycastle.cert.X509CRLHolder;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.crypto.sm.Sm3;
import org.medsign.hub.HubException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps the revocation data that was current when each signature was made: every distinct CRL once
 * ({@code revocation_snapshot}), and per signature a link to it ({@code signature_revocation}). The hub re-issues
 * its CRL whenever a revocation changes, so the CRL current at signing lists every revocation recorded before it.
 */
@Component
public class RevocationSnapshots {

    private record Known(X509CRLHolder crl, String sm3) {
    }

    private final JdbcClient jdbc;
    private final AtomicReference<Known> last = new AtomicReference<>();

    public RevocationSnapshots(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores {@code crl} unless already stored (autocommit, outside the signing transaction); returns its SM3. */
    public String capture(X509CRLHolder crl) {
        Known known = last.get();
        if (known != null && known.crl() == crl) {
            return known.sm3();
        }
        byte[] der;
        try {
            der = crl.getEncoded();
        } catch (IOException e) {
            throw new HubException(ErrorCode.CRL_ENCODING, "cannot encode the CRL", e);
        }
        String sm3 = HexFormat.of().formatHex(Sm3.digest(der));
        // several nodes may capture the same CRL at once: ON CONFLICT keeps the first (H2 accepts it in PostgreSQL mode)
        jdbc.sql("INSERT INTO revocation_snapshot (sm3, kind, der, this_update, captured_at) VALUES (?, 'CRL', ?, ?, ?) "
                        + "ON CONFLICT DO NOTHING")
                .params(sm3, der, Timestamp.from(crl.getThisUpdate().toInstant()), Timestamp.from(Instant.now()))
                .update();
        last.set(new Known(crl, sm3));
        return sm3;
    }

    /** Links a signature to the snapshot current when it was made (inside the signature's transaction). */
    public void link(String signatureId, String snapshotSm3) {
        jdbc.sql("INSERT INTO signature_revocation (signature_id, snapshot_sm3) VALUES (?, ?)")
                .params(signatureId, snapshotSm3).update();
    }

    /** The DER CRL that was current when {@code signatureId} was made, if the hub kept it. */
    public Optional<byte[]> atSigning(String signatureId) {
        return jdbc.sql("SELECT s.der FROM signature_revocation r JOIN revocation_snapshot s ON s.sm3 = r.snapshot_sm3 "
                + "WHERE r.signature_id = ?").param(signatureId).query(byte[].class).optional();
    }

    /** A stored snapshot by its SM3 (for signatures not in {@code signature_record}, which keep the SM3 themselves). */
    public Optional<byte[]> snapshot(String sm3) {
        return jdbc.sql("SELECT der FROM revocation_snapshot WHERE sm3 = ?").param(sm3).query(byte[].class).optional();
    }
}
