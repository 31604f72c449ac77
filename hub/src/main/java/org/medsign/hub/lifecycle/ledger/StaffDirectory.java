package org.medsign.hub.lifecycle.ledger;

import java.util.List;
import java.util.Optional;

import org.medsign.hub.lifecycle.StaffCredential;
import org.springframework.stereotype.Component;

/** Read side of the ledger that signing needs: accounts → staff, staff → certificates. */
@Component
public class StaffDirectory {

    private final StaffRepository staff;
    private final StaffCertificateRepository certificates;
    private final SystemAccountRepository accounts;

    public StaffDirectory(StaffRepository staff, StaffCertificateRepository certificates,
                          SystemAccountRepository accounts) {
        this.staff = staff;
        this.certificates = certificates;
        this.accounts = accounts;
    }

    /** The staff id behind a system's account code. */
    public Optional<String> staffForAccount(String systemId, String account) {
        return accounts.staffFor(systemId, account);
    }

    /** Whether a staff member exists. */
    public boolean staffExists(String staffId) {
        return staff.exists(staffId);
    }

    /** Whether the signer is an organisation (department or hospital certificate) rather than a person. */
    public boolean isOrganisation(String staffId) {
        return staff.isOrganisation(staffId);
    }

    /** All certificates of a staff member, newest first. */
    public List<StaffCredential> credentials(String staffId) {
        return certificates.credentials(staffId);
    }

    /** A certificate by serial (hex). */
    public Optional<StaffCredential> credential(String serial) {
        return certificates.credential(serial);
    }
}
