package org.medsign.hub.mobile;

import java.time.Instant;

import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.HubException;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.medsign.hub.lifecycle.ledger.StaffDirectory;
import org.medsign.crypto.ca.RevocationReason;
import org.medsign.hub.lifecycle.CertificateState;
import org.medsign.hub.lifecycle.StaffCredential;
import org.medsign.hub.lifecycle.operations.CertificateOperations;
import org.medsign.hub.signing.SigningAuthorizations;
import org.medsign.hub.signing.WindowDelegations;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A phone reported lost (挂失), by its holder from a session or by a security administrator: every app session of the
 * staff member ends and every signing window they opened closes, at once (with the device shares delegated to them).
 * The PIN stays (a new phone logs in with it); a security administrator may also reset it. With a collaborative key
 * (协同签名) the phone held one share of the key: its certificate is revoked (keyCompromise) and the pepper of the
 * sealed share deleted, so the lost phone can never sign again; the clinician activates the new phone with a new code.
 */
@Component
public class LostPhones {

    /** What a report ended. */
    public record Report(String staffId, int sessionsEnded, int windowsClosed, int certificatesRevoked) {
    }

    private final AppSessions sessions;
    private final SigningAuthorizations authorizations;
    private final StaffDirectory directory;
    private final AuditLog audit;

    private final WindowDelegations delegations;
    private final CertificateOperations operations;
    private final DeviceKeyRepository keys;

    public LostPhones(AppSessions sessions, SigningAuthorizations authorizations, StaffDirectory directory,
                      AuditLog audit, WindowDelegations delegations, CertificateOperations operations,
                      DeviceKeyRepository keys) {
        this.delegations = delegations;
        this.operations = operations;
        this.keys = keys;
        this.sessions = sessions;
        this.authorizations = authorizations;
        this.directory = directory;
        this.audit = audit;
    }

    /**
     * Ends everything the phone could do.
     *
     * @param actor {@code staff:<id>} (the holder) or an administrator's name
     * @param role  {@code SIGNER} or {@code SECURITY_ADMIN}
     */
    @Transactional
    public Report report(String staffId, String actor, String role) {
        if (staffId == null || !directory.staffExists(staffId)) {
            throw new HubException(ErrorCode.STAFF_UNKNOWN, "no staff member " + staffId);
        }
        int ended = sessions.endAll(staffId, "LOST");
        int closed = authorizations.closeAll(staffId, SigningWindows.creator(staffId), Instant.now());
        delegations.forgetAll(staffId);
        int revoked = 0;
        for (StaffCredential credential : directory.credentials(staffId)) {
            if (credential.collaborative() && credential.state() == CertificateState.ACTIVE) {
                operations.revoke(credential.serial(), RevocationReason.KEY_COMPROMISE,
                        "the phone holding the device share was reported lost", actor, role);
                revoked++;
            }
        }
        keys.deletePepper(staffId);
        audit.append(AuditEvent.success(actor, role, "APP_LOST", "staff/" + staffId,
                ended + " sessions ended, " + closed + " windows closed, " + revoked
                        + " collaborative certificates revoked"));
        return new Report(staffId, ended, closed, revoked);
    }
}
