-- token-service: authorization codes (RFC 6749 section 4.1, PKCE RFC 7636), issue 18 item 3.
-- The code is kept only as its versioned HMAC. A code is single use (used_at) and short-lived;
-- the refresh family it started is remembered so a second use revokes what the first issued
-- (RFC 6749 section 4.1.2). Only S256 challenges are stored: 'plain' is refused before this.
CREATE TABLE authorization_codes (
    code_hash       BYTEA PRIMARY KEY,
    hash_version    INTEGER NOT NULL,
    client_id       TEXT NOT NULL,
    user_id         UUID NOT NULL,
    user_ver        BIGINT NOT NULL,
    session_id      TEXT,
    redirect_uri    TEXT NOT NULL,
    scope           TEXT NOT NULL,
    code_challenge  TEXT NOT NULL,
    nonce           TEXT,
    auth_time       TIMESTAMPTZ NOT NULL,
    expires_at      TIMESTAMPTZ NOT NULL,
    used_at         TIMESTAMPTZ,
    family_id       UUID,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX authorization_codes_expires ON authorization_codes (expires_at);
