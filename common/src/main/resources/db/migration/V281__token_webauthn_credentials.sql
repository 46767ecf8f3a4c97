-- token-service: people's passkeys (WebAuthn credentials), issue 18 item 1.
-- credential_id is the authenticator's id, base64url as the browser sends it (unique across
-- everyone: an assertion names its credential, never its person). public_key is the credential's
-- key as X.509 SubjectPublicKeyInfo (decoded from the COSE key at registration) with its COSE
-- algorithm; sign_count is the last counter seen, so a cloned or replayed assertion is refused.
CREATE TABLE webauthn_credentials (
    id             UUID PRIMARY KEY,
    user_id        UUID NOT NULL REFERENCES users (id),
    credential_id  TEXT NOT NULL UNIQUE,
    public_key     BYTEA NOT NULL,
    public_key_alg BIGINT NOT NULL,
    sign_count     BIGINT NOT NULL DEFAULT 0 CHECK (sign_count >= 0),
    aaguid         UUID NOT NULL,
    transports     TEXT[] NOT NULL DEFAULT '{}',
    name           TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    last_used_at   TIMESTAMPTZ
);
CREATE INDEX webauthn_credentials_user ON webauthn_credentials (user_id);
