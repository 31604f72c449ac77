-- Collaborative SM2 keys (协同签名, issue #14). A device activation stores the hub's share d2 of the joint key in
-- hub_key (SM4-GCM under the KEK, alias 'collab-<serial>') and records here which certificate it belongs to; the
-- certificate itself is an ordinary staff_certificate row with key_custody 'COLLABORATIVE' and no key_alias.
-- device_pepper keeps each clinician's pepper of the PIN-sealed device share, sealed under the KEK; a new activation
-- replaces it (which makes the sealed share of an earlier device useless).
CREATE TABLE collab_key (
    serial       VARCHAR(40) NOT NULL PRIMARY KEY REFERENCES staff_certificate (serial),
    staff_id     VARCHAR(32) NOT NULL REFERENCES staff (staff_id),
    share_alias  VARCHAR(100) NOT NULL REFERENCES hub_key (alias),
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX collab_key_staff ON collab_key (staff_id);

CREATE TABLE device_pepper (
    staff_id    VARCHAR(32) NOT NULL PRIMARY KEY REFERENCES staff (staff_id),
    sealed      BYTEA NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
