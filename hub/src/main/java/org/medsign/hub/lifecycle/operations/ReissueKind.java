package org.medsign.hub.lifecycle.operations;

import org.medsign.crypto.ca.RevocationReason;

/** Why a certificate is reissued (revoke the old one, new key and certificate), with its default RFC 5280 reason. */
public enum ReissueKind {
    /** The key's carrier or its PIN was lost: the old key must be considered compromised. */
    LOSS(RevocationReason.KEY_COMPROMISE),
    /** The key's carrier was damaged: the key is gone, not compromised. */
    DAMAGE(RevocationReason.SUPERSEDED),
    /** Name, department or post changed: new certificate with the roster's information (信息变更). */
    INFO_UPDATE(RevocationReason.AFFILIATION_CHANGED);

    private final RevocationReason revocationReason;

    ReissueKind(RevocationReason revocationReason) {
        this.revocationReason = revocationReason;
    }

    /** The revocation reason of the old certificate unless the operator gives another. */
    public RevocationReason revocationReason() {
        return revocationReason;
    }
}
