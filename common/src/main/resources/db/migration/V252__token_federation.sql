-- token-service: federation trusts as TrustDefinition writes them (issue 14). A trust holds its
-- rules as one ordered JSONB list ({name, subject, claims, principal, scopes, audiences,
-- max_ttl_seconds}); the one-rule columns of V1 go. Several trusts may share an issuer (GitHub's
-- is one for everyone) as long as each names its own audience.
ALTER TABLE federation_trust
    DROP COLUMN subject_pattern,
    DROP COLUMN claim_rules,
    DROP COLUMN service_account_id,
    DROP COLUMN allowed_scopes,
    DROP COLUMN max_ttl_seconds,
    ADD COLUMN rules        JSONB NOT NULL DEFAULT '[]'::jsonb,
    ADD COLUMN created_by   TEXT,
    ADD COLUMN updated_by   TEXT,
    ADD COLUMN version      BIGINT NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX federation_trust_issuer_audience ON federation_trust (issuer, audience);

-- Each external token is exchanged once: the key is a hash of (issuer, jti) or of the token.
-- Rows live as long as a subject token may (the lifetime cap), so the table stays bounded.
CREATE TABLE exchange_replay (
    key_hash    BYTEA PRIMARY KEY,
    expires_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX exchange_replay_expires ON exchange_replay (expires_at);

-- Audiences a short audience-scoped token may be bound to (e.g. jobs.abort).
CREATE TABLE audiences (
    audience         TEXT PRIMARY KEY,
    description      TEXT,
    max_ttl_seconds  INTEGER NOT NULL DEFAULT 600 CHECK (max_ttl_seconds BETWEEN 30 AND 600),
    single_use       BOOLEAN NOT NULL DEFAULT false,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_by       TEXT,
    updated_by       TEXT
);

-- Single-use audience tokens consumed through introspection (consume=true), by jti.
CREATE TABLE audience_token_uses (
    jti         TEXT PRIMARY KEY,
    expires_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX audience_token_uses_expires ON audience_token_uses (expires_at);
