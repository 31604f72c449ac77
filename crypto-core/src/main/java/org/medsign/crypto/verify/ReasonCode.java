package org.medsign.crypto.verify;

/** Why a check failed or warned. Stable names: the hub's API and the CLI print them. */
public enum ReasonCode {
    /** Input is not the DER/PEM structure expected. */
    MALFORMED_INPUT,
    /** A detached signature was given without its content. */
    CONTENT_MISSING,
    /** The SignedData has no SignerInfo. */
    NO_SIGNER,
    /** The signer's certificate is not in the SignedData nor supplied. */
    SIGNER_CERTIFICATE_NOT_FOUND,
    /** A digest or signature algorithm other than SM3/SM2. */
    UNSUPPORTED_ALGORITHM,
    /** The signature value does not verify under the signer's key. */
    SIGNATURE_INVALID,
    /** The content does not match the message-digest attribute (content changed). */
    DIGEST_MISMATCH,
    /** Signed with an SM2 ID other than 1234567812345678 (typically OpenSSL's empty ID): a warning. */
    NON_STANDARD_SIGNER_ID,
    /** No path from the certificate to a configured trust anchor. */
    CHAIN_NO_TRUST_ANCHOR,
    /** A certificate in the path is not correctly signed by its issuer. */
    CHAIN_SIGNATURE_INVALID,
    /** An issuer in the path is not a CA (basic constraints / key usage). */
    CHAIN_ISSUER_NOT_CA,
    /** A certificate had expired at the validation time. */
    CERTIFICATE_EXPIRED,
    /** A certificate was not yet valid at the validation time. */
    CERTIFICATE_NOT_YET_VALID,
    /** The certificate's key usage does not allow this use. */
    KEY_USAGE_NOT_PERMITTED,
    /** The certificate was revoked at the validation time. */
    CERTIFICATE_REVOKED,
    /** The certificate was on hold (certificateHold) at the validation time. */
    CERTIFICATE_ON_HOLD,
    /** Revoked, but only after the time the signature is proven to exist: a warning. */
    REVOKED_AFTER_SIGNING,
    /** No CRL or OCSP response covered the certificate. */
    REVOCATION_NOT_CHECKED,
    /** A CRL or OCSP response was badly signed, from the wrong issuer, or out of date. */
    REVOCATION_DATA_INVALID,
    /** The timestamp token cannot be parsed. */
    TIMESTAMP_MALFORMED,
    /** The timestamp does not cover this data (message imprint differs). */
    TIMESTAMP_IMPRINT_MISMATCH,
    /** The timestamp token's signature or ESS certificate binding is invalid. */
    TIMESTAMP_SIGNATURE_INVALID,
    /** The TSA certificate does not chain to a trust anchor or is not a TSA certificate. */
    TIMESTAMP_CERTIFICATE_INVALID,
    /** The timestamp response carries no token (the TSA refused). */
    TIMESTAMP_REJECTED
}
