-- Issue #12 (point 5): singleton jobs run under cluster-wide locks (ShedLock's JDBC lock provider, owned by the jobs
-- module: org.medsign.hub.jobs.ClusterLocks). One row per lock name, written by ShedLock only: lock_until is when the
-- lock ends if its holder dies (database time), locked_by the holder's node name (medsign.node). Same DDL for H2
-- (MODE=PostgreSQL) and PostgreSQL; the times are plain TIMESTAMPs as ShedLock writes them (UTC on PostgreSQL).
CREATE TABLE shedlock (
    name       VARCHAR(64)  NOT NULL,
    lock_until TIMESTAMP    NOT NULL,
    locked_at  TIMESTAMP    NOT NULL,
    locked_by  VARCHAR(255) NOT NULL,
    PRIMARY KEY (name)
);

-- The renewal campaign runner's own lease (runner + heartbeat, issue #5) is replaced by the lock
-- 'renewal-campaigns'; runner stays as the node that last ran the campaign.
ALTER TABLE renewal_campaign DROP COLUMN heartbeat_at;
