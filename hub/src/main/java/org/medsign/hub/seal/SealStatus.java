package org.medsign.hub.seal;

/** The state of a seal in the registry: ACTIVE ↔ SUSPENDED, either → REVOKED (final). */
public enum SealStatus {
    /** An organisation seal waiting for a second security administrator (dual control covers {@code SEAL}). */
    PENDING_APPROVAL,
    /** Usable within its validity and scope. */
    ACTIVE,
    /** Withdrawn for now by the security administrator; refused at use until resumed. */
    SUSPENDED,
    /** Withdrawn for good. */
    REVOKED
}
