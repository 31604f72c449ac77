package org.medsign.hub.mobile;

import java.time.Instant;
import java.util.List;

import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.HubException;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.medsign.hub.signing.SigningAuthorizations;
import org.medsign.hub.signing.WindowDelegations;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The security administrator's view of every clinician's signing windows (时段授权) in force, and closing one of them
 * with a reason (e.g. a clinician who left the ward, a window opened by mistake). Only self-granted windows
 * ({@code signing_authorization} rows created by {@code staff:<id>}); an administrator's own authorizations are not
 * windows and are not touched here. Closing is audited as {@code WINDOW_CLOSED_BY_ADMIN} with the reason.
 */
@Component
public class SigningWindowOversight {

    /** At most this many windows are listed. */
    public static final int LIST_LIMIT = 500;
    /** The longest reason kept. */
    public static final int MAX_REASON_LENGTH = 500;

    private static final String SELF_GRANTED = "staff:";

    private final SigningAuthorizations authorizations;
    private final AuditLog audit;

    private final WindowDelegations delegations;

    public SigningWindowOversight(SigningAuthorizations authorizations, AuditLog audit,
                                  WindowDelegations delegations) {
        this.delegations = delegations;
        this.authorizations = authorizations;
        this.audit = audit;
    }

    /** Every signer's windows in force now, soonest end first. */
    public List<SigningAuthorizations.Window> inForce() {
        return authorizations.inForceCreatedBy(SELF_GRANTED, Instant.now(), LIST_LIMIT);
    }

    /**
     * Closes a signer's window in force. INVALID_REQUEST without a reason or with one over 500 characters,
     * WINDOW_UNKNOWN when no such window is in force (closed, run out, or not a signer's window); nothing changes then.
     *
     * @return the window as it was
     */
    @Transactional
    public SigningAuthorizations.Window close(long windowId, String reason, String operator) {
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty() || why.length() > MAX_REASON_LENGTH) {
            throw new HubException(ErrorCode.INVALID_REQUEST, "give a reason of 1 to " + MAX_REASON_LENGTH
                    + " characters for closing the window");
        }
        SigningAuthorizations.Window closed = authorizations.closeCreatedBy(windowId, SELF_GRANTED, Instant.now())
                .orElseThrow(() -> new HubException(ErrorCode.WINDOW_UNKNOWN, "no signing window " + windowId
                        + " in force"));
        delegations.forget(windowId);
        audit.append(AuditEvent.success(operator, "SECURITY_ADMIN", "WINDOW_CLOSED_BY_ADMIN", "window/" + windowId,
                "staff " + closed.staffId() + ", system " + closed.systemId() + ", reason: " + why));
        return closed;
    }
}
