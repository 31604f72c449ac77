package org.medsign.adapters.model;

/**
 * What a caller should do about an {@link ErrorCode}: every code has exactly one category, and every edge (HL7
 * ACK/ERR and failure notices, HTTP problem details, FHIR OperationOutcome, the intermediate table, the file adapter's
 * error file, the CLI's exit code, the console) maps the category, so that the same refusal means the same thing in
 * every protocol. The table of mappings is in docs/api.md ("Outcomes") and docs/integration.md.
 */
public enum OutcomeCategory {
    /** The same request will never succeed (unknown signer, frozen or revoked certificate, not permitted): do not resend. */
    FINAL_REFUSAL,
    /** The content or the call is wrong (missing field, bad encoding, bad parameter): correct it and send it again. */
    CORRECTABLE,
    /** It clashes with what exists or with the current state (request id used for other content, already revoked). */
    CONFLICT,
    /** It is larger than the hub accepts. */
    TOO_LARGE,
    /** Credentials are missing or wrong. */
    AUTHENTICATION,
    /** The caller is known but may not do this. */
    FORBIDDEN,
    /** What the call names does not exist. */
    NOT_FOUND,
    /** Too many attempts: wait as long as the answer says, then try again. */
    THROTTLED,
    /** The hub or a service it needs (TSA, database, broker) is unavailable: the same request may succeed later. */
    TRANSIENT,
    /** Accepted, not finished: waiting for a person (the signer's confirmation, an approval) or still being signed. */
    PENDING,
    /** The hub failed in a way the caller cannot fix (configuration, key material); its operators must act. */
    INTERNAL;

    /** Whether sending the same request again later may succeed without anyone changing it. */
    public boolean retryLater() {
        return this == TRANSIENT || this == THROTTLED || this == PENDING;
    }
}
