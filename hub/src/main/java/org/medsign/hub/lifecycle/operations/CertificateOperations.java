package org.medsign.hub.lifecycle.operations;

import java.time.Instant;

import org.medsign.adapters.model.ErrorCode;
import org.medsign.crypto.ca.RevocationReason;
import org.medsign.crypto.ca.SerialNumbers;
import org.medsign.hub.HubException;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.medsign.hub.lifecycle.CertificateState;
import org.medsign.hub.lifecycle.ledger.CertificateHistory;
import org.medsign.hub.lifecycle.ledger.StaffCertificateRepository;
import org.medsign.hub.pki.HubPki;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Routine certificate operations on the ledger and the CA together, each audited with operator and reason:
 * freeze (certificateHold), unfreeze (release), revoke. The CA revocation table is what signing, CRL and OCSP read,
 * so a change is effective at once.
 */
@Component
public class CertificateOperations {

    private final StaffCertificateRepository ledger;
    private final HubPki pki;
    private final AuditLog audit;
    private final CertificateHistory history;

    public CertificateOperations(StaffCertificateRepository ledger, HubPki pki, AuditLog audit, CertificateHistory history) {
        this.ledger = ledger;
        this.pki = pki;
        this.audit = audit;
        this.history = history;
    }

    /** Freezes (suspends) a certificate. */
    @Transactional
    public void freeze(String serial, String reason, String operator, String role) {
        requireState(serial, CertificateState.ACTIVE, "freeze");
        pki.authority().revoke(SerialNumbers.parseHex(serial), RevocationReason.CERTIFICATE_HOLD);
        setState(serial, CertificateState.FROZEN);
        history.record(serial, operator, "FROZEN", reason, "status=ACTIVE", "status=FROZEN");
        audit.append(AuditEvent.success(operator, role, "CERTIFICATE_FREEZE", serial, reason));
    }

    /** Lifts a freeze. */
    @Transactional
    public void unfreeze(String serial, String reason, String operator, String role) {
        requireState(serial, CertificateState.FROZEN, "unfreeze");
        pki.authority().releaseHold(SerialNumbers.parseHex(serial));
        setState(serial, CertificateState.ACTIVE);
        history.record(serial, operator, "UNFROZEN", reason, "status=FROZEN", "status=ACTIVE");
        audit.append(AuditEvent.success(operator, role, "CERTIFICATE_UNFREEZE", serial, reason));
    }

    /** Revokes for good. */
    @Transactional
    public void revoke(String serial, RevocationReason reason, String note, String operator, String role) {
        CertificateState state = stateOf(serial);
        if (state == CertificateState.REVOKED) {
            throw new HubException(ErrorCode.CERTIFICATE_ALREADY_REVOKED,
                    "certificate " + serial + " is already revoked");
        }
        if (reason == RevocationReason.CERTIFICATE_HOLD) {
            throw new HubException(ErrorCode.REVOCATION_REASON_INVALID, "use freeze for certificateHold");
        }
        pki.authority().revoke(SerialNumbers.parseHex(serial), reason);
        setState(serial, CertificateState.REVOKED);
        history.record(serial, operator, "REVOKED", reason.rfcName() + (note == null ? "" : ": " + note),
                "status=" + state, "status=REVOKED");
        audit.append(AuditEvent.success(operator, role, "CERTIFICATE_REVOKE", serial,
                reason.rfcName() + (note == null ? "" : ": " + note)));
    }

    private void requireState(String serial, CertificateState expected, String operation) {
        CertificateState state = stateOf(serial);
        if (state != expected) {
            throw new HubException(ErrorCode.CERTIFICATE_STATE_CONFLICT,
                    "cannot " + operation + " certificate " + serial
                    + " in state " + state);
        }
    }

    private CertificateState stateOf(String serial) {
        return ledger.state(serial).orElseThrow(() -> new HubException(ErrorCode.CERTIFICATE_UNKNOWN,
                        "no certificate " + serial + " in the ledger"));
    }

    private void setState(String serial, CertificateState state) {
        ledger.setState(serial, state, Instant.now());
    }
}
