-- Issue #18: the renewal campaign's per-item UPDATE (WHERE campaign_id = ? AND seq = ?) must find its row by the
-- primary key. H2 2.3 planned it on the foreign key's own index on campaign_id alone (H2 creates one for the REFERENCES
-- of V8) while the table had no statistics (default selectivity 50): every item's update walked all items of its
-- campaign (35 % of the campaign thread's samples in the profiled run). A campaign id is shared by all its items, what
-- H2's automatic ANALYZE finds once enough rows have changed (selectivity 1); with it H2 takes the primary key from
-- the start. SELECT statements were planned on the primary key already. PostgreSQL creates no index for a foreign key
-- and plans the UPDATE on the primary key: no PostgreSQL counterpart.
ALTER TABLE renewal_campaign_item ALTER COLUMN campaign_id SELECTIVITY 1;
