-- On-site inspections (半年度现场巡检, issue #16 point 3): the same run as the remote one, with the engineer and the
-- observations of the on-site checklist (JSON). Existing rows are remote inspections.
ALTER TABLE ops_inspection ADD COLUMN kind VARCHAR(16) DEFAULT 'REMOTE' NOT NULL;
ALTER TABLE ops_inspection ADD COLUMN engineer VARCHAR(64);
ALTER TABLE ops_inspection ADD COLUMN observations TEXT;
