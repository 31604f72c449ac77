package org.medsign.hub.seal;

/** The state of a seal in the registry. */
public enum SealStatus {
    /** An organisation seal waiting for a second security administrator (dual control covers {@code SEAL}). */
    PENDING_APPROVAL,
    /** Usable within its validity and scope. */
    ACTIVE,
    /** Withdrawn for good. */
    REVOKED
}
