package org.medsign.hub.lifecycle.operations;

import org.medsign.crypto.ca.RevocationReason;
import org.springframework.stereotype.Component;

/** Carries out an approved revocation; the payload is the RFC 5280 reason name, then an optional note after '|'. */
@Component
public class RevokeApproval implements ApprovalHandler {

    private final CertificateOperations operations;

    RevokeApproval(CertificateOperations operations) {
        this.operations = operations;
    }

    /** The payload a revocation request stores. */
    public static String payload(RevocationReason reason, String note) {
        return reason.rfcName() + (note == null ? "" : "|" + note);
    }

    @Override
    public String operation() {
        return "REVOKE";
    }

    @Override
    public String execute(String target, String payload, String reason, String operator) {
        int bar = payload.indexOf('|');
        RevocationReason revocation = RevocationReason.parse(bar < 0 ? payload : payload.substring(0, bar));
        operations.revoke(target, revocation, bar < 0 ? null : payload.substring(bar + 1), operator, "SECURITY_ADMIN");
        return "revoked: " + revocation.rfcName();
    }
}
