-- Where and how to answer a request that came in through an adapter (e.g. the HL7 message to build MDM^T04 from).
-- The original message is patient data: stored sealed (SM4-GCM under the KEK).
CREATE TABLE reply_context (
    request_pk   BIGINT PRIMARY KEY REFERENCES signing_request (id),
    endpoint     VARCHAR(200) NOT NULL,
    signer_code  VARCHAR(64) NOT NULL,
    original_enc BYTEA NOT NULL,
    sent_at      TIMESTAMP WITH TIME ZONE,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
