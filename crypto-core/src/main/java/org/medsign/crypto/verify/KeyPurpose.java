package org.medsign.crypto.verify;

/** What the end certificate of a path is being used for. */
public enum KeyPurpose {
    /** Document signatures: key usage digitalSignature or nonRepudiation. */
    SIGNING,
    /** RFC 3161 tokens: extended key usage timeStamping. */
    TIME_STAMPING,
    /** Certificate validation only (ValidateCert): no key-usage requirement. */
    ANY
}
