package org.medsign.hub.lifecycle.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

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

    private final StaffRepository staff;
    private final SystemAccountRepository accounts;
    private final StaffCertificateRepository certificates;

    public LedgerStaff(StaffRepository staff, SystemAccountRepository accounts, StaffCertificateRepository certificates) {
        this.staff = staff;
        this.accounts = accounts;
        this.certificates = certificates;
    }

    /** The staff member, if in the roster. */
    public Optional<Member> find(String staffId) {
        return staff.profile(staffId).map(p -> new Member(p.staffId(), p.name(), p.idCardMasked(), p.department(),
                p.post(), p.employmentStatus(), p.mobile(), accounts.accountsOf(staffId),
                certificates.ledgerRowsOf(staffId)));
    }
}
