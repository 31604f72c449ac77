package org.medsign.hub.lifecycle.operations;

import org.medsign.crypto.ca.RevocationReason;
import org.springframework.stereotype.Component;

/**
 * Carries out an approved reissue (it revokes the old certificate, so dual control of {@code REVOKE} covers it); the
 * payload is the kind, then the RFC 5280 reason name or empty, separated by '|'.
 */
@Component
public class ReissueApproval implements ApprovalHandler {

    /** Operation name of reissue requests. */
    public static final String OPERATION = "REISSUE";

    private final CertificateReplacement replacement;

    ReissueApproval(CertificateReplacement replacement) {
        this.replacement = replacement;
    }

    /** The payload a reissue request stores. */
    public static String payload(ReissueKind kind, RevocationReason reason) {
        return kind.name() + "|" + (reason == null ? "" : reason.rfcName());
    }

    @Override
    public String operation() {
        return OPERATION;
    }

    @Override
    public String execute(String target, String payload, String reason, String operator) {
        String[] parts = payload.split("\\|", -1);
        ReissueKind kind = ReissueKind.valueOf(parts[0]);
        RevocationReason revocation = parts.length < 2 || parts[1].isEmpty() ? null : RevocationReason.parse(parts[1]);
        CertificateReplacement.Replaced replaced = replacement.reissue(target, kind, revocation, reason, operator,
                "SECURITY_ADMIN");
        return "reissued as " + replaced.newSerial();
    }
}
