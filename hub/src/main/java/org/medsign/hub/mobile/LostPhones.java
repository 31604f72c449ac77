package org.medsign.hub.mobile;

import java.time.Instant;

import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.HubException;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.medsign.hub.lifecycle.ledger.StaffDirectory;
import org.medsign.hub.signing.SigningAuthorizations;
import org.medsign.hub.signing.WindowDelegations;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A phone reported lost (挂失), by its holder from a session or by a security administrator: every app session of the
 * staff member ends and every signing window they opened closes, at once. The PIN stays (a new phone logs in with it);
 * a security administrator may also reset it.
 */
@Component
public class LostPhones {

    /** What a report ended. */
    public record Report(String staffId, int sessionsEnded, int windowsClosed) {
    }

    private final AppSessions sessions;
    private final SigningAuthorizations authorizations;
    private final StaffDirectory directory;
    private final AuditLog audit;

    private final WindowDelegations delegations;

    public LostPhones(AppSessions sessions, SigningAuthorizations authorizations, StaffDirectory directory,
                      AuditLog audit, WindowDelegations delegations) {
        this.delegations = delegations;
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
        audit.append(AuditEvent.success(actor, role, "APP_LOST", "staff/" + staffId,
                ended + " sessions ended, " + closed + " windows closed"));
        return new Report(staffId, ended, closed);
    }
}
