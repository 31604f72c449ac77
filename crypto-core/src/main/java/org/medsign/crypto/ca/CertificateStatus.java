package org.medsign.crypto.ca;

/** The status of a serial as the CA knows it, as OCSP and GM/T 0029 ValidateCert report it. */
public record CertificateStatus(State state, RevocationEntry revocation) {

    /** Status values. */
    public enum State {
        /** Issued here and not revoked. */
        GOOD,
        /** Revoked for good. */
        REVOKED,
        /** Suspended (certificateHold); can be released. */
        ON_HOLD,
        /** Not issued by this CA. */
        UNKNOWN
    }

    /** Good. */
    public static final CertificateStatus GOOD = new CertificateStatus(State.GOOD, null);
    /** Unknown. */
    public static final CertificateStatus UNKNOWN = new CertificateStatus(State.UNKNOWN, null);

    /** Status of a revocation entry. */
    public static CertificateStatus of(RevocationEntry entry) {
        return new CertificateStatus(entry.reason().isHold() ? State.ON_HOLD : State.REVOKED, entry);
    }
}
