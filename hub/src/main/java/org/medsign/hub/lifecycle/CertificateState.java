package org.medsign.hub.lifecycle;

/** State of a staff certificate in the ledger. */
public enum CertificateState {
    /** The holder's current signing certificate. */
    ACTIVE,
    /** Suspended (certificateHold at the CA); may be unfrozen. */
    FROZEN,
    /** Revoked for good. */
    REVOKED,
    /** Replaced by a renewal; still valid for verifying what it signed. */
    SUPERSEDED
}
