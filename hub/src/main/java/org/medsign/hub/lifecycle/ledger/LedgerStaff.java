package org.medsign.hub.lifecycle.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Read side of the ledger for screens: a staff member (identity number masked only), accounts, certificates. */
@Component
public class LedgerStaff {

    /** A staff member; the clear identity number never leaves the database. */
    public record Member(String staffId, String name, String idCardMasked, String department, String post,
                         String employmentStatus, String mobile, List<String> accounts, List<Certificate> certificates) {
    }

    /** A certificate row of the ledger. */
    public record Certificate(String serial, String status, String keyCustody, String origin, String issuer,
                              String subject, String holderMatch, Instant notBefore, Instant notAfter,
                              Instant lastUsedAt, String boundSystems) {
    }

    private final JdbcClient jdbc;

    public LedgerStaff(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The staff member, if in the roster. */
    public Optional<Member> find(String staffId) {
        return jdbc.sql("SELECT staff_id, name, id_card_masked, department, post, employment_status, mobile FROM staff "
                        + "WHERE staff_id = ?").param(staffId)
                .query((rs, n) -> new Member(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), accounts(staffId), certificates(staffId)))
                .optional();
    }

    private List<String> accounts(String staffId) {
        return jdbc.sql("SELECT system_id, account FROM system_account WHERE staff_id = ? ORDER BY system_id, account")
                .param(staffId).query((rs, n) -> rs.getString(1) + ":" + rs.getString(2)).list();
    }

    private List<Certificate> certificates(String staffId) {
        return jdbc.sql("SELECT serial, status, key_custody, origin, issuer, subject, holder_match, not_before, "
                        + "not_after, last_used_at, bound_systems FROM staff_certificate WHERE staff_id = ? "
                        + "ORDER BY not_before DESC, serial").param(staffId)
                .query((rs, n) -> new Certificate(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant(),
                        rs.getTimestamp(9).toInstant(),
                        rs.getTimestamp(10) == null ? null : rs.getTimestamp(10).toInstant(), rs.getString(11)))
                .list();
    }
}
