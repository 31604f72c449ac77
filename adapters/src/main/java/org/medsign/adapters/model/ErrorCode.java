package org.medsign.adapters.model;

import static org.medsign.adapters.model.OutcomeCategory.AUTHENTICATION;
import static org.medsign.adapters.model.OutcomeCategory.CONFLICT;
import static org.medsign.adapters.model.OutcomeCategory.CORRECTABLE;
import static org.medsign.adapters.model.OutcomeCategory.FINAL_REFUSAL;
import static org.medsign.adapters.model.OutcomeCategory.FORBIDDEN;
import static org.medsign.adapters.model.OutcomeCategory.INTERNAL;
import static org.medsign.adapters.model.OutcomeCategory.PENDING;
import static org.medsign.adapters.model.OutcomeCategory.THROTTLED;
import static org.medsign.adapters.model.OutcomeCategory.TOO_LARGE;
import static org.medsign.adapters.model.OutcomeCategory.TRANSIENT;

/**
 * Every refusal and failure the hub can produce, on the signing path and on its API: the one catalogue the edges map
 * (one mapper per edge, by {@link #category()}). The constant's name is the stable code callers see ({@code code} of
 * problem details, ERR-5/ERR-8 of HL7, {@code error_code} of the intermediate table…); renaming one breaks clients.
 * {@link #sentence()} is a fixed English text that quotes no value, safe to send to any system.
 */
public enum ErrorCode {

    // ---- the signer and the request (signing path)
    SIGNER_UNKNOWN(FINAL_REFUSAL, "the signer is not an account of this system"),
    SIGNER_NO_CERTIFICATE(FINAL_REFUSAL, "the signer has no signing certificate"),
    SIGNER_CERTIFICATE_FROZEN(FINAL_REFUSAL, "the signer's certificate is frozen"),
    SIGNER_CERTIFICATE_REVOKED(FINAL_REFUSAL, "the signer's certificate is revoked"),
    SIGNER_CERTIFICATE_EXPIRED(FINAL_REFUSAL, "the signer's certificate has expired"),
    SIGNER_CERTIFICATE_NOT_YET_VALID(FINAL_REFUSAL, "the signer's certificate is not valid yet"),
    SIGNER_KEY_NOT_HELD(FINAL_REFUSAL, "the signer's key is not held by the hub"),
    SIGNER_KEY_MISSING(INTERNAL, "the signer's key is missing from the hub's key vault"),
    CONTENT_TOO_LARGE(TOO_LARGE, "the document is larger than the hub accepts"),
    REQUEST_ID_REUSED(CONFLICT, "the request id was used before for other content"),
    SIGNING_FAILED(INTERNAL, "the hub could not make the signature"),
    TIMESTAMP_ENCODING(INTERNAL, "the hub could not encode the signature timestamp"),
    INFRASTRUCTURE_FAILURE(TRANSIENT, "the hub could not sign it after repeated attempts (timestamp authority, "
            + "database or broker unavailable)"),
    HUB_UNAVAILABLE(TRANSIENT, "the hub could not accept it now"),
    PENDING_CONFIRMATION(PENDING, "waiting for the signer to confirm it (a pending task)"),
    IN_PROGRESS(PENDING, "accepted and being signed"),
    REQUEST_UNKNOWN(OutcomeCategory.NOT_FOUND, "no such request"),
    SIGNATURE_UNKNOWN(OutcomeCategory.NOT_FOUND, "no such signature"),
    DEAD_LETTER_UNKNOWN(OutcomeCategory.NOT_FOUND, "no such dead letter"),

    // ---- HL7 v2 (the adapter's own checks, before the hub sees the message; ERR-3 from table 0357)
    HL7_SEGMENT_SEQUENCE_ERROR(CORRECTABLE, "the message's segments are not in the expected order"),
    HL7_REQUIRED_FIELD_MISSING(CORRECTABLE, "a required field is missing"),
    HL7_DATA_TYPE_ERROR(CORRECTABLE, "a field does not have the expected data type or encoding"),
    HL7_TABLE_VALUE_NOT_FOUND(CORRECTABLE, "a coded value is not in its table"),
    HL7_UNSUPPORTED_MESSAGE_TYPE(CORRECTABLE, "the message type is not accepted here"),
    HL7_UNSUPPORTED_EVENT_CODE(CORRECTABLE, "the trigger event is not accepted here"),
    HL7_UNSUPPORTED_PROCESSING_ID(CORRECTABLE, "the processing id is not accepted here"),
    HL7_UNSUPPORTED_VERSION_ID(CORRECTABLE, "the HL7 version is not accepted here"),
    HL7_UNKNOWN_KEY_IDENTIFIER(OutcomeCategory.NOT_FOUND, "a key identifier in the message is unknown"),
    HL7_DUPLICATE_KEY_IDENTIFIER(CONFLICT, "a key identifier in the message was used before"),
    HL7_APPLICATION_RECORD_LOCKED(TRANSIENT, "the record is locked now"),
    HL7_APPLICATION_INTERNAL_ERROR(TRANSIENT, "the hub could not process the message now"),
    HL7_LIMIT_MESSAGE_BYTES(TOO_LARGE, "the message is larger than the route accepts"),
    HL7_LIMIT_SEGMENTS(TOO_LARGE, "the message has more segments than the route accepts"),
    HL7_LIMIT_REPETITIONS(TOO_LARGE, "a field has more repetitions than the route accepts"),
    HL7_LIMIT_COMPONENTS(TOO_LARGE, "a field has more components than the route accepts"),
    HL7_LIMIT_SUBCOMPONENTS(TOO_LARGE, "a component has more sub-components than the route accepts"),
    HL7_LIMIT_PARSE_TIME(TOO_LARGE, "the message could not be parsed in the time the route allows"),
    MLLP_FRAME_TOO_LARGE(TOO_LARGE, "the MLLP frame is larger than the read limit"),

    // ---- FHIR, HTTP JSON, file and table adapters
    FHIR_PARSE(CORRECTABLE, "the body is not a valid FHIR R4 resource"),
    WRONG_RESOURCE(CORRECTABLE, "the resource is not of the expected type"),
    BODY_MISSING(CORRECTABLE, "the request has no body"),
    DOCUMENT_MISSING(CORRECTABLE, "the request does not carry the document"),
    SIGNER_MISSING(CORRECTABLE, "the request does not name the signer"),
    BUNDLE_NOT_DOCUMENT(CORRECTABLE, "the Bundle is not a document Bundle"),
    COMPOSITION_MISSING(CORRECTABLE, "the document Bundle does not start with its Composition"),
    JSON_PARSE(CORRECTABLE, "the body is not valid JSON"),
    MISSING_FIELD(CORRECTABLE, "a required field is missing"),
    INVALID_FIELD(CORRECTABLE, "a field has an invalid value"),
    INVALID_FILE_NAME(CORRECTABLE, "the file name does not follow the route's naming rule"),
    EMPTY_FILE(CORRECTABLE, "the file is empty"),
    INVALID_ROW(CORRECTABLE, "the row lacks the signer or the content"),
    WRONG_SYSTEM(FORBIDDEN, "the API key belongs to another system"),
    UNKNOWN_OPERATION(OutcomeCategory.NOT_FOUND, "no such operation on this endpoint"),

    // ---- HTTP calls (REST API and HTTP adapters)
    MALFORMED_REQUEST(CORRECTABLE, "the body is not JSON of the expected shape"),
    INVALID_REQUEST(CORRECTABLE, "a field or parameter is missing or invalid"),
    PARAMETER_MISSING(CORRECTABLE, "a required parameter is missing"),
    BAD_PAGE(CORRECTABLE, "a paging parameter is out of range"),
    BAD_TIME(CORRECTABLE, "a time parameter is not an ISO-8601 instant"),
    BAD_FORMAT(CORRECTABLE, "the requested format is not offered"),
    FORMAT_UNSUPPORTED(CORRECTABLE, "the requested format is not offered"),
    MALFORMED_INPUT(CORRECTABLE, "a certificate, CMS or token given for parsing is malformed"),
    UNSUPPORTED_HASH(CORRECTABLE, "the hash algorithm is not supported"),
    UNSUPPORTED_ALGORITHM(FINAL_REFUSAL, "the algorithm is not supported"),
    JSONP_REFUSED(CORRECTABLE, "JSONP callbacks are refused"),
    METHOD_NOT_ALLOWED(CORRECTABLE, "the HTTP method is not allowed here"),
    NOT_ACCEPTABLE(CORRECTABLE, "the hub cannot answer in the requested media type"),
    UNSUPPORTED_MEDIA_TYPE(CORRECTABLE, "the content type is not accepted here"),
    PAYLOAD_TOO_LARGE(TOO_LARGE, "the request body is too large"),
    NOT_FOUND(OutcomeCategory.NOT_FOUND, "no such endpoint"),
    INTERNAL_ERROR(INTERNAL, "an unexpected error occurred; it has been logged"),

    // ---- authentication and access
    AUTHENTICATION_REQUIRED(AUTHENTICATION, "credentials are required"),
    AUTHENTICATION_FAILED(AUTHENTICATION, "the credentials are not valid"),
    ACCOUNT_DISABLED(AUTHENTICATION, "the account is disabled"),
    AUTHENTICATION_LOCKED_OUT(THROTTLED, "too many failed authentications from this address"),
    PIN_THROTTLED(THROTTLED, "too many wrong PINs from this address"),
    ACCESS_DENIED(FORBIDDEN, "this role may not call this"),
    SYSTEM_REQUIRED(FORBIDDEN, "signing requests are made by hospital systems with their API key"),
    ORIGIN_REFUSED(FORBIDDEN, "cross-site requests are refused"),
    PASSWORD_CHANGE_REQUIRED(FORBIDDEN, "the password must be changed first"),

    // ---- signing PINs
    PIN_WRONG(AUTHENTICATION, "the PIN is wrong"),
    PIN_LOCKED(FINAL_REFUSAL, "the PIN is locked until an administrator unlocks it"),
    PIN_NOT_SET(OutcomeCategory.NOT_FOUND, "no PIN is set"),
    PIN_MISSING(CORRECTABLE, "the PIN is missing"),
    PIN_TOO_WEAK(CORRECTABLE, "the new PIN is too weak"),
    IDENTITY_NOT_VERIFIED(CORRECTABLE, "the holder's identity was not verified"),

    // ---- mobile signing: tasks, app activation and sessions, signing windows (issue #13)
    TASK_REJECTED(FINAL_REFUSAL, "the signer rejected the document"),
    TASK_EXPIRED(FINAL_REFUSAL, "the signer did not confirm before the task expired"),
    TASK_UNKNOWN(OutcomeCategory.NOT_FOUND, "no such task of this signer"),
    TASK_NOT_PENDING(CONFLICT, "the task is decided already"),
    ACTIVATION_CODE_INVALID(AUTHENTICATION, "the activation code is wrong, expired or used"),
    APP_SESSION_INVALID(AUTHENTICATION, "the app session is missing, expired or ended"),
    WINDOW_INVALID(CORRECTABLE, "the signing window's systems or length are out of range"),
    WINDOW_UNKNOWN(OutcomeCategory.NOT_FOUND, "no such signing window"),
    POLICY_FORBIDS_SIGNER(FINAL_REFUSAL, "the signing policy does not let this certificate sign here"),
    SIGNING_POLICY_INVALID(CORRECTABLE, "the signing policy is not confirm, window or auto"),
    SIGNING_POLICY_UNKNOWN(OutcomeCategory.NOT_FOUND, "the scenario has no policy of its own"),
    AUTHORIZATION_RETIRED(FINAL_REFUSAL, "blanket signing authorizations are retired; signers open signing windows"),
    SIGNER_KIND_INVALID(CORRECTABLE, "the signer kind is not person or organisation"),

    // ---- ledger, certificates, approvals, campaigns
    STAFF_UNKNOWN(OutcomeCategory.NOT_FOUND, "no such staff member"),
    SYSTEM_UNKNOWN(OutcomeCategory.NOT_FOUND, "no such system"),
    SYSTEM_EXISTS(CONFLICT, "the system exists already"),
    CERTIFICATE_UNKNOWN(OutcomeCategory.NOT_FOUND, "no such certificate"),
    CERTIFICATE_STATE_CONFLICT(CONFLICT, "the certificate's state does not allow this"),
    CERTIFICATE_ALREADY_REVOKED(CONFLICT, "the certificate is revoked already"),
    CERTIFICATE_NO_HOLDER(FINAL_REFUSAL, "the certificate has no holder in the roster"),
    HOLDER_LEFT(FINAL_REFUSAL, "the holder has left"),
    REVOCATION_REASON_INVALID(CORRECTABLE, "the revocation reason is not valid"),
    CSR_INVALID(CORRECTABLE, "the certificate request is not valid"),
    INVENTORY_WINDOW_INVALID(CORRECTABLE, "the inventory window is out of range"),
    APPROVAL_UNKNOWN(OutcomeCategory.NOT_FOUND, "no such approval request"),
    APPROVAL_NOT_PENDING(CONFLICT, "the approval request is decided already"),
    APPROVAL_SAME_ADMINISTRATOR(FORBIDDEN, "the requester may not approve their own request"),
    CAMPAIGN_UNKNOWN(OutcomeCategory.NOT_FOUND, "no such campaign"),
    CAMPAIGN_STATE_CONFLICT(CONFLICT, "the campaign's state does not allow this"),
    CAMPAIGN_SELECTION_EMPTY(CORRECTABLE, "the campaign selects nothing"),
    CAMPAIGN_CATEGORY_INVALID(CORRECTABLE, "the inventory category is not valid"),

    // ---- administrator accounts
    ADMIN_UNKNOWN(OutcomeCategory.NOT_FOUND, "no such administrator"),
    ADMIN_EXISTS(CONFLICT, "the administrator exists already"),
    ADMIN_NAME_INVALID(CORRECTABLE, "the user name is not valid"),
    ADMIN_ROLE_INVALID(CORRECTABLE, "the role is not valid"),
    ADMIN_ROLE_NOT_PERMITTED(FORBIDDEN, "this role may not do this for that role"),
    ADMIN_SELF_APPROVAL(FORBIDDEN, "an administrator may not approve their own request"),
    ADMIN_OWN_ACCOUNT(FORBIDDEN, "not for one's own account"),
    ADMIN_LAST_OF_ROLE(CONFLICT, "the last enabled administrator of a role stays"),
    ADMIN_STATE_CONFLICT(CONFLICT, "the account's state does not allow this"),
    ADMIN_REQUEST_UNKNOWN(OutcomeCategory.NOT_FOUND, "no such account request"),
    ADMIN_REQUEST_PENDING(CONFLICT, "a request for this account is pending already"),
    ADMIN_REQUEST_NOT_PENDING(CONFLICT, "the account request is decided already"),
    ADMIN_PASSWORD_NOT_ACCEPTED(CORRECTABLE, "the hub generates the password; do not send one"),
    ADMIN_PASSWORD_WRONG(CORRECTABLE, "the current password is wrong"),
    ADMIN_PASSWORD_WEAK(CORRECTABLE, "the new password breaks the password policy"),

    // ---- evidence and audit
    EVIDENCE_UNSUPPORTED(FINAL_REFUSAL, "no evidence package can be made for this signature"),
    EVIDENCE_NOT_ANCHORED(TRANSIENT, "no audit anchor covers the signature yet"),
    EVIDENCE_AUDIT_MISSING(INTERNAL, "the signature's audit event is missing"),
    AUDIT_VERIFY_DATABASE(TRANSIENT, "the audit chain could not be read"),
    AUDIT_ANCHOR_ENCODING(INTERNAL, "the audit anchor could not be encoded"),
    CRL_ENCODING(INTERNAL, "the revocation list could not be encoded"),

    // ---- the hub's own material (start-up and configuration)
    PKI_KEY_MISSING(INTERNAL, "a key of the hub's PKI is missing"),
    TLS_KEYSTORE(INTERNAL, "the TLS key store could not be made"),
    TLS_NAME_INVALID(INTERNAL, "a configured TLS host name is not valid"),
    TLS_TRUST(INTERNAL, "the TLS trust could not be made"),
    BOOTSTRAP_PASSWORD_UNAVAILABLE(INTERNAL, "the bootstrap password is not available"),
    BOOTSTRAP_PASSWORD_WRONG(INTERNAL, "the bootstrap password is wrong"),
    SECRET_FILE_UNREADABLE(INTERNAL, "a secret file cannot be read"),
    SECRET_FILE_UNWRITABLE(INTERNAL, "a secret file cannot be written"),
    DATA_DIRECTORY_UNWRITABLE(INTERNAL, "the data directory is not writable"),

    // ---- QR codes: scan-to-login (扫码登录, issue #13)
    LOGIN_CHALLENGE_UNKNOWN(OutcomeCategory.NOT_FOUND, "no such login challenge"),
    LOGIN_CHALLENGE_EXPIRED(CONFLICT, "the login challenge has expired"),
    LOGIN_CHALLENGE_USED(CONFLICT, "the login challenge is confirmed already"),
    LOGIN_CHALLENGE_NO_ACCOUNT(FORBIDDEN, "the signer has no account in the system that asks"),

    // ---- handwriting and the patient tablet (issue #13 points 5 and 6)
    HANDWRITING_INVALID(CORRECTABLE, "the handwriting image is not an acceptable PNG"),
    HANDWRITING_REQUIRED(CORRECTABLE, "this document needs the signer's handwriting"),
    CONSENT_INVALID(CORRECTABLE, "the consent is incomplete or malformed"),
    CONSENT_UNKNOWN(OutcomeCategory.NOT_FOUND, "no such consent"),
    CONSENT_EXISTS(CONFLICT, "a consent with this request id exists already"),
    CONSENT_NOT_WAITING(CONFLICT, "the consent is not waiting for the patient's signature"),

    // ---- JS SDK: web tickets for third-party pages (issue #13)
    WEB_TICKET_MISSING(AUTHENTICATION, "a web ticket is required"),
    WEB_TICKET_INVALID(AUTHENTICATION, "the web ticket is not valid"),
    WEB_TICKET_EXPIRED(AUTHENTICATION, "the web ticket has expired"),
    WEB_TICKET_USED_UP(AUTHENTICATION, "the web ticket has no uses left"),
    WEB_TICKET_OUT_OF_SCOPE(FORBIDDEN, "the web ticket is for another request"),

    // ---- collaborative keys (issue #14)
    COLLAB_MESSAGE_INVALID(CORRECTABLE, "the collaborative key protocol message is malformed or refused"),
    DEVICE_NOT_ACTIVATED(OutcomeCategory.NOT_FOUND, "the app has no collaborative key yet"),
    COLLAB_ROUND_REQUIRED(CONFLICT, "the signer's key is collaborative: the signature needs the signer's device"),

    // ---- electronic seals (issue #15)
    SEAL_IMAGE_INVALID(CORRECTABLE, "the seal image is refused (format, transparency, size or dimensions)"),
    SEAL_OWNER_INVALID(CORRECTABLE, "the seal's owner is missing, unknown or has no certificate to sign with it"),
    SEAL_INVALID(CORRECTABLE, "the seal request is missing a field or has a wrong one"),
    SEAL_UNKNOWN(OutcomeCategory.NOT_FOUND, "no such seal"),

    // ---- PDF input (issue #15: verification and visible signatures of PDFs)
    PDF_INVALID(CORRECTABLE, "the input is not a readable PDF, or the PDF cannot take the signature as asked"),
    PDF_ENCRYPTED(CORRECTABLE, "the PDF is encrypted"),
    SEAL_NOT_USABLE(FINAL_REFUSAL, "the seal may not be used for this request (not active, expired, out of scope or "
            + "not the signer's)"),
    COLLAB_PDF_UNSUPPORTED(FINAL_REFUSAL, "a PDF signature with a collaborative key is not supported: sign the PDF "
            + "as a CMS document"),

    // ---- post-based permissions (岗位权限, issue #15 point 2)
    POST_NOT_PERMITTED(FINAL_REFUSAL, "the signer's post, grade or department may not sign this document or apply "
            + "this seal through this system"),
    PERMISSION_RULE_INVALID(CORRECTABLE, "the permission rule is missing a field or has a wrong one"),
    PERMISSION_RULE_UNKNOWN(OutcomeCategory.NOT_FOUND, "no such permission rule"),

    // ---- fault ledger (故障台账, issue #16 point 2)
    INCIDENT_UNKNOWN(OutcomeCategory.NOT_FOUND, "no such incident"),
    INCIDENT_INVALID(CORRECTABLE, "the incident is missing a field or has a wrong one"),
    INCIDENT_STEP_CONFLICT(OutcomeCategory.CONFLICT, "this step of the incident is already recorded, or the incident "
            + "is resolved"),

    // ---- seal lifecycle (issue #15 point 1: change, suspend, resume, revoke)
    SEAL_STATE_CONFLICT(CONFLICT, "the seal's state does not allow this (revoked, pending approval, already in that "
            + "state, or a change waiting for approval)"),

    // ---- inspection (巡检, issue #16 point 3)
    INSPECTION_UNKNOWN(OutcomeCategory.NOT_FOUND, "no such inspection");

    private final OutcomeCategory category;
    private final String sentence;

    ErrorCode(OutcomeCategory category, String sentence) {
        this.category = category;
        this.sentence = sentence;
    }

    /** What the caller should do about it. */
    public OutcomeCategory category() {
        return category;
    }

    /** A fixed English sentence without any value from the request (safe in any answer). */
    public String sentence() {
        return sentence;
    }
}
