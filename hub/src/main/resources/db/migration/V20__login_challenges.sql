-- Scan-to-login (扫码登录, issue #13): a hospital system asks for a login challenge, shows it as a QR code, a clinician
-- scans it with the app and confirms with the signing PIN; the hub then signs the challenge with the clinician's
-- certificate (SM2, hub-held key) and the system polls the result. Single use, valid a few minutes. No PIN, token or
-- key material here: the signed bytes, the signature and the certificate are public values.
CREATE TABLE login_challenge (
    id                 VARCHAR(36) NOT NULL PRIMARY KEY,
    system_id          VARCHAR(64) NOT NULL REFERENCES hospital_system (system_id),
    challenge          VARCHAR(64) NOT NULL,
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    status             VARCHAR(16) NOT NULL,
    staff_id           VARCHAR(32) REFERENCES staff (staff_id),
    account            VARCHAR(64),
    certificate_serial VARCHAR(64),
    certificate        BYTEA,
    signed_data        BYTEA,
    signature          BYTEA,
    confirmed_at       TIMESTAMP WITH TIME ZONE
);
CREATE INDEX login_challenge_expiry ON login_challenge (status, expires_at);
