-- RFC 4998 timestamp renewal: when a batch's records were last renewed, how often, and until when the TSA certificate
-- of their newest archive timestamp is valid.
ALTER TABLE evidence_record_batch ADD COLUMN renewals INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE evidence_record_batch ADD COLUMN renewed_at TIMESTAMP WITH TIME ZONE;
