-- The clinician's own handwriting (手写签名) where the policy asks for it (issue #13 point 5). Portable between H2
-- (MODE=PostgreSQL) and PostgreSQL.

-- A system's scenario (or its default, scenario '*') may require the signer's handwriting: its requests are never
-- signed under a window; each becomes a task the signer confirms with the PIN and a handwriting drawn in the app.
ALTER TABLE signing_policy ADD COLUMN handwriting BOOLEAN DEFAULT FALSE NOT NULL;

-- Whether the task needs the handwriting (decided when the task is created), and the handwriting given at confirmation,
-- sealed under the key-encryption key until the signature is recorded (it then moves to signature_handwriting).
ALTER TABLE signing_task ADD COLUMN handwriting_required BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE signing_task ADD COLUMN handwriting_sealed BYTEA;
