-- Clinician-controlled signing (issue #13): the signing policy per system and document scenario, the kind of signer,
-- and the end of administrator-granted blanket authorizations for personal certificates.

-- CONFIRM (default without a row: the signer confirms each request, a pending task), WINDOW (signs while the signer
-- holds an open signing window for the system/scenario, else CONFIRM) or AUTO (organisation certificates only).
-- scenario '*' is the system's default; a named scenario overrides it.
CREATE TABLE signing_policy (
    system_id   VARCHAR(64) NOT NULL REFERENCES hospital_system (system_id),
    scenario    VARCHAR(64) NOT NULL,
    policy      VARCHAR(16) NOT NULL,
    updated_by  VARCHAR(64) NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (system_id, scenario)
);

-- PERSON (a clinician's personal certificate: never signs without the person) or ORGANISATION (a department or
-- hospital certificate held by the hub, may sign under AUTO).
ALTER TABLE staff ADD COLUMN signer_kind VARCHAR(16) DEFAULT 'PERSON' NOT NULL;

-- Blanket authorizations granted by administrators (or the demo bootstrap) end here: only a signer's own signing
-- windows (created_by 'staff:<id>') stay in force. The rows are kept (revoked) as history.
UPDATE signing_authorization SET revoked = TRUE WHERE revoked = FALSE AND created_by NOT LIKE 'staff:%';

-- Status names of the clinician-controlled path.
UPDATE signing_request SET status = 'PENDING' WHERE status = 'PENDING_AUTHORIZATION';
UPDATE signing_request SET status = 'REJECTED' WHERE status = 'FAILED' AND error_code = 'TASK_REJECTED';
UPDATE signing_request SET status = 'EXPIRED' WHERE status = 'FAILED' AND error_code = 'TASK_EXPIRED';
UPDATE signing_request SET error_code = 'PENDING_CONFIRMATION' WHERE error_code = 'PENDING_AUTHORIZATION';
