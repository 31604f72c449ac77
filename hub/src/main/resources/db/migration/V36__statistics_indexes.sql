-- Indexes for the periodic statistics and alert rules (issue #18). Every 30 s SystemStatistics and the alert rules
-- read each system's latest signatures (signed_at, newest first), count requests created since a moment, and list the
-- requests answered with a failure. Without these indexes each of those statements scanned its whole table, sealed
-- signature values and contents included, and the scans grew with every signature the hub had ever made.
CREATE INDEX signature_record_system ON signature_record (system_id, signed_at);
CREATE INDEX signing_request_created ON signing_request (created_at);
CREATE INDEX reply_context_answered ON reply_context (answered_status);
