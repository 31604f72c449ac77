-- The clinician's mobile app (issue #13): one-time activation codes issued by the security administrator (one row per
-- staff member: a new code replaces the previous one) and app sessions (bearer tokens). Only SM3 hashes of codes and
-- tokens are stored.
CREATE TABLE mobile_activation (
    staff_id    VARCHAR(32) NOT NULL PRIMARY KEY REFERENCES staff (staff_id),
    code_hash   VARCHAR(64) NOT NULL,
    issued_by   VARCHAR(64) NOT NULL,
    issued_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at     TIMESTAMP WITH TIME ZONE
);

CREATE TABLE mobile_session (
    token_hash   VARCHAR(64) NOT NULL PRIMARY KEY,
    staff_id     VARCHAR(32) NOT NULL REFERENCES staff (staff_id),
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    last_used_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    ended_at     TIMESTAMP WITH TIME ZONE,
    end_reason   VARCHAR(16)
);
CREATE INDEX mobile_session_staff ON mobile_session (staff_id);
