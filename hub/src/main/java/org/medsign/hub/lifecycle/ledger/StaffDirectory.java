package org.medsign.hub.lifecycle.ledger;

import org.medsign.hub.lifecycle.CertificateState;
import org.medsign.hub.lifecycle.StaffCredential;
import java.util.List;
import java.util.Optional;

import org.medsign.crypto.cert.Pem;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Read side of the ledger that signing needs: accounts → staff, staff → certificates. */
@Component
public class StaffDirectory {

    private final JdbcClient jdbc;

    public StaffDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The staff id behind a system's account code. */
    public Optional<String> staffForAccount(String systemId, String account) {
        return jdbc.sql("SELECT staff_id FROM system_account WHERE system_id = ? AND account = ?")
                .params(systemId, account).query(String.class).optional();
    }

    /** Whether a staff member exists. */
    public boolean staffExists(String staffId) {
        return jdbc.sql("SELECT COUNT(*) FROM staff WHERE staff_id = ?").param(staffId).query(Integer.class).single() > 0;
    }

    private static final String CREDENTIAL_COLUMNS =
            "SELECT staff_id, serial, status, key_alias, not_before, not_after, der FROM staff_certificate ";

    /** All certificates of a staff member, newest first. */
    public List<StaffCredential> credentials(String staffId) {
        return jdbc.sql(CREDENTIAL_COLUMNS + "WHERE staff_id = ? ORDER BY not_before DESC, created_at DESC")
                .param(staffId).query(StaffDirectory::credential).list();
    }

    /** A certificate by serial (hex). */
    public Optional<StaffCredential> credential(String serial) {
        return jdbc.sql(CREDENTIAL_COLUMNS + "WHERE serial = ?").param(serial).query(StaffDirectory::credential)
                .optional();
    }

    private static StaffCredential credential(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new StaffCredential(rs.getString(1), rs.getString(2), CertificateState.valueOf(rs.getString(3)),
                rs.getString(4), rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant(),
                Pem.certificate(rs.getBytes(7)));
    }
}
