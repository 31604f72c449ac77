-- Issue #11 (finding 9): signature values are sealed at rest. An attached or enveloping CMS carries the document
-- itself, so signature_value is stored SM4-GCM-sealed under the key-encryption key, bound to its signature id, like
-- the request content (signing_request.content_enc). value_sealed says which form a row holds: rows written before
-- this migration are clear (FALSE) until the hub seals them in the background after start
-- (SealedSignatureValues.sealExisting); readers open either form. See docs/security.md and docs/evidence.md.
ALTER TABLE signature_record ADD COLUMN value_sealed BOOLEAN DEFAULT FALSE NOT NULL;
