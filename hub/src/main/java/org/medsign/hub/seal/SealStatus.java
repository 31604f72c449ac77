package org.medsign.hub.seal;

/** The state of a seal in the registry. */
public enum SealStatus {
    /** Usable within its validity and scope. */
    ACTIVE,
    /** Withdrawn for good. */
    REVOKED
}
