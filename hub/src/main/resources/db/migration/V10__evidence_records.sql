-- Evidence (issue #6, points 4 and 5). Portable between H2 (MODE=PostgreSQL) and PostgreSQL 12+.

-- Revocation data as it was when signatures were made: each distinct CRL once, keyed by the SM3 of its DER.
CREATE TABLE revocation_snapshot (
    sm3          VARCHAR(64) PRIMARY KEY,
    kind         VARCHAR(8) NOT NULL,
    der          BYTEA NOT NULL,
    this_update  TIMESTAMP WITH TIME ZONE NOT NULL,
    captured_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Which revocation data was current when each signature was made (written with the signature record).
CREATE TABLE signature_revocation (
    signature_id  VARCHAR(40) PRIMARY KEY REFERENCES signature_record (signature_id),
    snapshot_sm3  VARCHAR(64) NOT NULL REFERENCES revocation_snapshot (sm3)
);
