-- Collaborative signing round (协同签名, issue #14). A task of a collaborative certificate is confirmed by the signing
-- round between the clinician's device and the hub: the signature the two made together is kept here (a CMS
-- SignedData without its signature timestamp, or a raw SM2 signature) until the worker timestamps and records it,
-- exactly as it records a signature made with a hub-held key; it is then cleared. Portable between H2
-- (MODE=PostgreSQL) and PostgreSQL.
ALTER TABLE signing_task ADD COLUMN cosigned BYTEA;
