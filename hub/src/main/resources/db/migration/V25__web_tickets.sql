-- Web tickets for the JS SDK (/sdk/medsign.js, issue #13): a hospital system's backend exchanges its API key for a
-- short-lived ticket that a browser page may hold. Only the ticket's SM3 hash is stored. A ticket serves one system,
-- optionally one request id, until it expires or its uses run out (uses_left counts down, never below zero).
CREATE TABLE web_ticket (
    ticket_hash VARCHAR(64)  NOT NULL PRIMARY KEY,
    system_id   VARCHAR(64)  NOT NULL REFERENCES hospital_system (system_id),
    request_id  VARCHAR(128),
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    uses_left   INTEGER      NOT NULL
);
CREATE INDEX web_ticket_expiry ON web_ticket (expires_at);
