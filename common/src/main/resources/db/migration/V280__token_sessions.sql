-- token-service: people's browser sessions (issue 18 item 1).
-- The cookie value is never stored: only its versioned HMAC, looked up under every key version.
-- user_ver is the person's at sign-in; a higher one (or a person no longer active) ends the session.
-- csrf_secret is the synchronizer token every form of the session carries.
CREATE TABLE sessions (
    id            UUID PRIMARY KEY,
    token_hash    BYTEA NOT NULL UNIQUE,
    hash_version  INTEGER NOT NULL,
    user_id       UUID NOT NULL,
    user_ver      BIGINT NOT NULL,
    auth_method   TEXT NOT NULL,
    credential_id TEXT,
    address       TEXT NOT NULL,
    user_agent    TEXT NOT NULL,
    csrf_secret   TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    last_seen_at  TIMESTAMPTZ NOT NULL,
    expires_at    TIMESTAMPTZ NOT NULL,
    ended_at      TIMESTAMPTZ
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);
