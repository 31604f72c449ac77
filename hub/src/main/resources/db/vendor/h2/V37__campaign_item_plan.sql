-- Issue #18: the renewal campaign's per-item UPDATE (WHERE campaign_id = ? AND seq = ?) must find its row by the
-- primary key. H2 2.3 planned it on the foreign key's own index on campaign_id alone (H2 creates one for the REFERENCES
-- of V8), with the default column selectivity of 50: every item's update walked all items of its campaign, 35 % of the
-- campaign thread's samples and quadratic in the campaign's size. A campaign id is shared by all its items
-- (what ANALYZE would find: one distinct value per campaign); with that selectivity H2 takes the primary key. SELECT
-- statements were planned on the primary key already. PostgreSQL creates no index for a foreign key and plans the
-- UPDATE on the primary key: no PostgreSQL counterpart.
ALTER TABLE renewal_campaign_item ALTER COLUMN campaign_id SELECTIVITY 1;
