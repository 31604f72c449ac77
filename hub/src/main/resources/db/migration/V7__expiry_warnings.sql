-- Expiry warnings (到期提醒): one row per (certificate, threshold), inserted before anything is sent, so each threshold
-- is notified once per certificate even with several hub nodes scanning.
ALTER TABLE staff ADD COLUMN email VARCHAR(200);

CREATE TABLE expiry_warning (
    serial          VARCHAR(40) NOT NULL,
    threshold_days  INTEGER NOT NULL,
    staff_id        VARCHAR(32) NOT NULL,
    not_after       TIMESTAMP WITH TIME ZONE NOT NULL,
    days_left       INTEGER NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    webhook_state   VARCHAR(16) NOT NULL,
    email_state     VARCHAR(16) NOT NULL,
    attempts        INTEGER NOT NULL,
    last_error      VARCHAR(500),
    delivered_at    TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (serial, threshold_days)
);
CREATE INDEX expiry_warning_created ON expiry_warning (created_at);
