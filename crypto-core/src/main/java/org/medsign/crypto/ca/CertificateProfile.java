package org.medsign.crypto.ca;

/** The kinds of certificate the embedded CA issues, each with a fixed set of extensions. */
public enum CertificateProfile {
    /** Self-signed root: CA, keyCertSign + cRLSign. */
    ROOT_CA,
    /** Issuing (subordinate) CA: CA with path length 0, keyCertSign + cRLSign. */
    ISSUING_CA,
    /** GM/T 0015 personal signing certificate: digitalSignature + nonRepudiation, CRL DP, OCSP URL. */
    SIGNING,
    /** RFC 3161 TSA: digitalSignature + nonRepudiation, extended key usage timeStamping (critical). */
    TIME_STAMPING
}
