-- Handwriting and the patient tablet (issue #13 points 5 and 6). Portable between H2 (MODE=PostgreSQL) and PostgreSQL.

-- The handwriting image (PNG) drawn for a signature whose CMS carries its SM3 as the signed attribute
-- 2.25.14544688885188277567187530668926569061.2.1. The image is sealed at rest under the key-encryption key, bound
-- to the signature id. No foreign key: the signature may be a patient's (patient_consent), not a signature_record.
CREATE TABLE signature_handwriting (
    signature_id  VARCHAR(40) PRIMARY KEY,
    image_sealed  BYTEA NOT NULL,
    image_sm3     VARCHAR(64) NOT NULL,
    media_type    VARCHAR(32) NOT NULL,
    width         INTEGER NOT NULL,
    height        INTEGER NOT NULL,
    size_bytes    INTEGER NOT NULL,
    stored_at     TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Patient consents (知情同意书) a system hands to the tablet: the document (sealed), the patient's name (sealed) and
-- the SM3 of the identity number (never the number), the responsible clinician (the system's account); once the
-- patient signed: the patient's CMS (sealed; signed with a one-time event certificate whose key was never stored),
-- its certificate serial, timestamp, the CRL snapshot of the signing time, the nurse who operated the tablet, and
-- the request id of the clinician's co-signature (a normal signing request of the same system).
CREATE TABLE patient_consent (
    consent_id            VARCHAR(40) PRIMARY KEY,
    system_id             VARCHAR(64) NOT NULL REFERENCES hospital_system (system_id),
    request_id            VARCHAR(128) NOT NULL,
    title                 VARCHAR(200) NOT NULL,
    media_type            VARCHAR(32) NOT NULL,
    content_sealed        BYTEA NOT NULL,
    content_sm3           VARCHAR(64) NOT NULL,
    patient_name_sealed   BYTEA NOT NULL,
    patient_id_sm3        VARCHAR(64) NOT NULL,
    clinician             VARCHAR(64) NOT NULL,
    clinician_staff_id    VARCHAR(32) NOT NULL,
    status                VARCHAR(24) NOT NULL,
    created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    patient_signature_id  VARCHAR(40),
    patient_cms_sealed    BYTEA,
    event_cert_serial     VARCHAR(40),
    timestamp_token       BYTEA,
    timestamp_time        TIMESTAMP WITH TIME ZONE,
    crl_snapshot_sm3      VARCHAR(64),
    patient_signed_at     TIMESTAMP WITH TIME ZONE,
    operated_by           VARCHAR(32),
    cosign_request_id     VARCHAR(128),
    CONSTRAINT patient_consent_request UNIQUE (system_id, request_id),
    CONSTRAINT patient_consent_signature UNIQUE (patient_signature_id)
);
CREATE INDEX patient_consent_status ON patient_consent (status, created_at);
