-- Electronic seal registry (电子签章, issue #15 point 1). Portable between H2 (MODE=PostgreSQL) and PostgreSQL.

-- The seal maker (制章者): a hub-held SM2 key (hub_key alias) with a certificate issued by the embedded CA; it signs
-- every seal's GB/T 38540 SESeal structure.
CREATE TABLE seal_maker (
    key_alias    VARCHAR(100) PRIMARY KEY,
    certificate  BYTEA NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

-- kind: PERSONAL (个人签名, owner_staff_id), DEPARTMENT (科室章), HOSPITAL (院章) or SPECIAL (专用章, special_type
-- e.g. 检验检查专用章) with owner_unit. cert_serial: the certificate that signs with the seal (the owner's personal
-- certificate, or the unit's organisation certificate). seseal: the DER of the GB/T 38540-2020 SESeal.
CREATE TABLE seal (
    seal_id         VARCHAR(40) PRIMARY KEY,
    name            VARCHAR(100) NOT NULL,
    kind            VARCHAR(16) NOT NULL,
    special_type    VARCHAR(64),
    owner_staff_id  VARCHAR(32) REFERENCES staff (staff_id),
    owner_unit      VARCHAR(100),
    image_png       BYTEA NOT NULL,
    image_sm3       VARCHAR(64) NOT NULL,
    width_mm        INTEGER NOT NULL,
    height_mm       INTEGER NOT NULL,
    shape           VARCHAR(16) NOT NULL,
    colour          VARCHAR(16) NOT NULL,
    cert_serial     VARCHAR(40) NOT NULL,
    valid_from      TIMESTAMP WITH TIME ZONE NOT NULL,
    valid_until     TIMESTAMP WITH TIME ZONE NOT NULL,
    seseal          BYTEA NOT NULL,
    status          VARCHAR(16) NOT NULL,
    created_by      VARCHAR(64) NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX seal_owner_staff_index ON seal (owner_staff_id);

-- Usage scope: the (system, document scenario) pairs a seal may be used for; '*' matches any. No row: any.
CREATE TABLE seal_scope (
    seal_id   VARCHAR(40) NOT NULL REFERENCES seal (seal_id),
    system_id VARCHAR(64) NOT NULL,
    scenario  VARCHAR(64) NOT NULL,
    PRIMARY KEY (seal_id, system_id, scenario)
);
