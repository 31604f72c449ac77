package org.medsign.crypto.verify;

/** Overall outcome, after EU DSS's simple report. */
public enum Indication {
    /** Every check passed (warnings allowed). */
    TOTAL_PASSED,
    /** A check failed: the signature is not valid. */
    TOTAL_FAILED,
    /** A check could not be completed for lack of data (content, certificate, trust path, revocation data). */
    INDETERMINATE
}
