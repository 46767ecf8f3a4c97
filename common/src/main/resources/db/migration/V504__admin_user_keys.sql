-- admin-api: people's devices and the public keys they enrolled with proof of possession
-- (issue 17, item 3). token-service reads user_keys to verify a key login (RFC 7523 assertion);
-- kid is the key's RFC 7638 JWK thumbprint, so the same key can't be enrolled twice.
ALTER TABLE key_enrollment_tokens
    ADD COLUMN nonce            TEXT,
    ADD COLUMN nonce_expires_at TIMESTAMPTZ;

CREATE TABLE devices (
    id           UUID PRIMARY KEY,
    seq          BIGSERIAL UNIQUE,
    user_id      UUID NOT NULL REFERENCES users (id),
    name         TEXT NOT NULL,
    platform     TEXT NOT NULL,
    fingerprint  TEXT,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    revoked_at   TIMESTAMPTZ,
    revoked_by   TEXT
);
CREATE INDEX devices_user ON devices (user_id);

CREATE TABLE user_keys (
    kid          TEXT PRIMARY KEY,
    seq          BIGSERIAL UNIQUE,
    user_id      UUID NOT NULL REFERENCES users (id),
    device_id    UUID NOT NULL REFERENCES devices (id),
    alg          TEXT NOT NULL CHECK (alg IN ('EdDSA', 'ES256', 'RS256')),
    public_jwk   JSONB NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    revoked_at   TIMESTAMPTZ,
    revoked_by   TEXT,
    last_used_at TIMESTAMPTZ
);
CREATE INDEX user_keys_user ON user_keys (user_id);
