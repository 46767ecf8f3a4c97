-- Signet shared schema. One owner per table (see DESIGN.md "Who owns what").
-- Never edit this file once applied: add V<n>__... migrations instead.
-- Version ranges keep parallel work apart: V1-V99 common, V100 keyring, V200 token,
-- V300 delegation, V400 cert, V500 admin.

-- ---------------------------------------------------------------- keyring
CREATE TABLE signing_keys (
    kid                     TEXT PRIMARY KEY,
    alg                     TEXT NOT NULL CHECK (alg IN ('RS256', 'ES256', 'EdDSA')),
    key_type                TEXT NOT NULL CHECK (key_type IN ('RSA', 'EC', 'OKP')),
    key_size                INTEGER,
    state                   TEXT NOT NULL CHECK (state IN ('pending', 'active', 'previous', 'retired', 'revoked')),
    source                  TEXT NOT NULL DEFAULT 'generated' CHECK (source IN ('generated', 'imported')),
    public_jwk              JSONB NOT NULL,
    public_key_der          BYTEA NOT NULL,
    private_key_ciphertext  BYTEA NOT NULL,
    master_key_version      TEXT NOT NULL,
    created_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    activates_at            TIMESTAMPTZ,
    activated_at            TIMESTAMPTZ,
    deactivated_at          TIMESTAMPTZ,
    retire_after            TIMESTAMPTZ,
    retired_at              TIMESTAMPTZ,
    revoked_at              TIMESTAMPTZ,
    revoke_reason           TEXT,
    version                 BIGINT NOT NULL DEFAULT 0
);
-- Exactly one active key per algorithm family.
CREATE UNIQUE INDEX signing_keys_one_active_per_alg ON signing_keys (alg) WHERE state = 'active';
CREATE INDEX signing_keys_state ON signing_keys (state);

CREATE TABLE rotation_policy (
    id                          TEXT PRIMARY KEY DEFAULT 'default',
    algorithm                   TEXT NOT NULL DEFAULT 'RS256',
    rsa_key_size                INTEGER NOT NULL DEFAULT 2048,
    rotation_interval_seconds   BIGINT NOT NULL DEFAULT 7776000,
    pre_publish_seconds         BIGINT NOT NULL DEFAULT 86400,
    grace_period_seconds        BIGINT NOT NULL DEFAULT 691200,
    jwks_cache_max_age_seconds  BIGINT NOT NULL DEFAULT 900,
    jwks_cache_margin_seconds   BIGINT NOT NULL DEFAULT 300,
    updated_at                  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_by                  TEXT
);
INSERT INTO rotation_policy (id) VALUES ('default');

-- ---------------------------------------------------------------- token
CREATE TABLE token_policy (
    id                              TEXT PRIMARY KEY DEFAULT 'default',
    access_token_ttl_seconds        BIGINT NOT NULL DEFAULT 900,
    refresh_token_ttl_seconds       BIGINT NOT NULL DEFAULT 604800,
    agent_token_ttl_seconds         BIGINT NOT NULL DEFAULT 86400,
    audience_token_ttl_seconds      BIGINT NOT NULL DEFAULT 300,
    refresh_reuse_grace_seconds     INTEGER NOT NULL DEFAULT 0,
    clock_skew_seconds              INTEGER NOT NULL DEFAULT 30,
    updated_at                      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_by                      TEXT
);
INSERT INTO token_policy (id) VALUES ('default');

CREATE TABLE refresh_tokens (
    id              UUID PRIMARY KEY,
    token_hash      BYTEA NOT NULL UNIQUE,
    hash_version    INTEGER NOT NULL,
    family_id       UUID NOT NULL,
    parent_id       UUID REFERENCES refresh_tokens (id),
    successor_id    UUID,
    client_id       TEXT NOT NULL,
    subject         TEXT NOT NULL,
    scope           TEXT NOT NULL DEFAULT '',
    audience        TEXT,
    status          TEXT NOT NULL CHECK (status IN ('active', 'rotated', 'revoked', 'expired')),
    rotation_count  INTEGER NOT NULL DEFAULT 0,
    issued_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at      TIMESTAMPTZ NOT NULL,
    rotated_at      TIMESTAMPTZ,
    revoked_at      TIMESTAMPTZ,
    revoke_reason   TEXT,
    ip              TEXT,
    user_agent      TEXT
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_client ON refresh_tokens (client_id);
CREATE INDEX refresh_tokens_subject ON refresh_tokens (subject);

CREATE TABLE revoked_jtis (
    jti         TEXT PRIMARY KEY,
    client_id   TEXT,
    subject     TEXT,
    reason      TEXT,
    revoked_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX revoked_jtis_expires ON revoked_jtis (expires_at);

CREATE TABLE device_codes (
    device_code_hash    BYTEA PRIMARY KEY,
    hash_version        INTEGER NOT NULL,
    user_code           TEXT NOT NULL UNIQUE,
    client_id           TEXT NOT NULL,
    scope               TEXT NOT NULL DEFAULT '',
    status              TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'denied', 'consumed', 'expired')),
    subject             TEXT,
    interval_seconds    INTEGER NOT NULL DEFAULT 5,
    last_polled_at      TIMESTAMPTZ,
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at          TIMESTAMPTZ NOT NULL
);

CREATE TABLE federation_trust (
    id                  UUID PRIMARY KEY,
    name                TEXT NOT NULL UNIQUE,
    kind                TEXT NOT NULL CHECK (kind IN ('github_actions', 'kubernetes', 'oidc')),
    issuer              TEXT NOT NULL,
    jwks_uri            TEXT,
    audience            TEXT NOT NULL,
    subject_pattern     TEXT NOT NULL,
    claim_rules         JSONB NOT NULL DEFAULT '{}'::jsonb,
    service_account_id  UUID,
    allowed_scopes      TEXT[] NOT NULL DEFAULT '{}',
    max_ttl_seconds     BIGINT NOT NULL DEFAULT 900,
    enabled             BOOLEAN NOT NULL DEFAULT true,
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at          TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- ---------------------------------------------------------------- delegation
CREATE TABLE scopes (
    name            TEXT PRIMARY KEY,
    description     TEXT,
    sensitive       BOOLEAN NOT NULL DEFAULT false,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE policies (
    id              UUID PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE,
    effect          TEXT NOT NULL CHECK (effect IN ('allow', 'deny')),
    subjects        TEXT[] NOT NULL DEFAULT '{}',
    scopes          TEXT[] NOT NULL DEFAULT '{}',
    audiences       TEXT[] NOT NULL DEFAULT '{}',
    conditions      JSONB NOT NULL DEFAULT '{}'::jsonb,
    priority        INTEGER NOT NULL DEFAULT 0,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE delegation_grants (
    id              UUID PRIMARY KEY,
    principal       TEXT NOT NULL,
    actor           TEXT NOT NULL,
    scopes          TEXT[] NOT NULL DEFAULT '{}',
    audiences       TEXT[] NOT NULL DEFAULT '{}',
    max_depth       INTEGER NOT NULL DEFAULT 1 CHECK (max_depth >= 1),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at      TIMESTAMPTZ,
    revoked_at      TIMESTAMPTZ,
    created_by      TEXT
);
CREATE INDEX delegation_grants_principal_actor ON delegation_grants (principal, actor);

CREATE TABLE agent_credentials (
    id              UUID PRIMARY KEY,
    agent_id        TEXT NOT NULL,
    owner           TEXT NOT NULL,
    client_id       TEXT,
    public_jwk      JSONB,
    status          TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked', 'expired')),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at      TIMESTAMPTZ
);

-- ---------------------------------------------------------------- cert
CREATE TABLE certificates (
    serial_number   TEXT PRIMARY KEY,
    subject_dn      TEXT NOT NULL,
    sans            TEXT[] NOT NULL DEFAULT '{}',
    issuer_kind     TEXT NOT NULL CHECK (issuer_kind IN ('AWS_PCA', 'LOCAL')),
    ca_arn          TEXT,
    certificate_arn TEXT,
    certificate_pem TEXT NOT NULL,
    not_before      TIMESTAMPTZ NOT NULL,
    not_after       TIMESTAMPTZ NOT NULL,
    status          TEXT NOT NULL DEFAULT 'issued' CHECK (status IN ('issued', 'revoked')),
    requested_by    TEXT NOT NULL,
    revoked_at      TIMESTAMPTZ,
    revoke_reason   TEXT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX certificates_requested_by ON certificates (requested_by);

CREATE TABLE build_sessions (
    id              UUID PRIMARY KEY,
    repository      TEXT NOT NULL,
    workflow        TEXT,
    run_id          TEXT,
    subject         TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'expired')),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at      TIMESTAMPTZ NOT NULL
);

CREATE TABLE issuance_quota (
    subject         TEXT NOT NULL,
    window_start    TIMESTAMPTZ NOT NULL,
    issued          INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (subject, window_start)
);

-- ---------------------------------------------------------------- admin
CREATE TABLE users (
    id              UUID PRIMARY KEY,
    email           TEXT NOT NULL,
    display_name    TEXT,
    status          TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('invited', 'active', 'disabled')),
    roles           TEXT[] NOT NULL DEFAULT '{}',
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_login_at   TIMESTAMPTZ
);
CREATE UNIQUE INDEX users_email_lower ON users (lower(email));

CREATE TABLE invites (
    id              UUID PRIMARY KEY,
    email           TEXT NOT NULL,
    token_hash      BYTEA NOT NULL UNIQUE,
    hash_version    INTEGER NOT NULL,
    roles           TEXT[] NOT NULL DEFAULT '{}',
    invited_by      TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'revoked', 'expired')),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at      TIMESTAMPTZ NOT NULL,
    accepted_at     TIMESTAMPTZ
);

CREATE TABLE service_accounts (
    id                          UUID PRIMARY KEY,
    client_id                   TEXT NOT NULL UNIQUE,
    name                        TEXT NOT NULL,
    description                 TEXT,
    secret_hash                 BYTEA,
    secret_hash_version         INTEGER,
    previous_secret_hash        BYTEA,
    previous_secret_hash_version INTEGER,
    previous_secret_expires_at  TIMESTAMPTZ,
    token_endpoint_auth_method  TEXT NOT NULL DEFAULT 'client_secret_basic'
        CHECK (token_endpoint_auth_method IN ('client_secret_basic', 'client_secret_post', 'private_key_jwt')),
    jwks                        JSONB,
    scopes                      TEXT[] NOT NULL DEFAULT '{}',
    roles                       TEXT[] NOT NULL DEFAULT '{}',
    allowed_audiences           TEXT[] NOT NULL DEFAULT '{}',
    ip_allow_list               TEXT[] NOT NULL DEFAULT '{}',
    rate_limit_per_minute       INTEGER,
    team                        TEXT,
    status                      TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    expires_at                  TIMESTAMPTZ,
    token_exchange_enabled      BOOLEAN NOT NULL DEFAULT false,
    refresh_enabled             BOOLEAN NOT NULL DEFAULT false,
    usage_count                 BIGINT NOT NULL DEFAULT 0,
    last_used_at                TIMESTAMPTZ,
    last_used_ip                TEXT,
    created_at                  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                  TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_by                  TEXT,
    version                     BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE incidents (
    id                  UUID PRIMARY KEY,
    type                TEXT NOT NULL,
    severity            TEXT NOT NULL DEFAULT 'high' CHECK (severity IN ('low', 'medium', 'high', 'critical')),
    status              TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'resolved')),
    subject             TEXT,
    client_id           TEXT,
    details             JSONB NOT NULL DEFAULT '{}'::jsonb,
    source_event_id     UUID UNIQUE,
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    acknowledged_at     TIMESTAMPTZ,
    acknowledged_by     TEXT,
    resolved_at         TIMESTAMPTZ,
    resolved_by         TEXT,
    resolution_note     TEXT
);
CREATE INDEX incidents_status ON incidents (status, created_at);

CREATE TABLE audit_events (
    seq             BIGSERIAL UNIQUE,
    id              UUID PRIMARY KEY,
    type            TEXT NOT NULL,
    service         TEXT NOT NULL,
    actor           TEXT,
    subject         TEXT,
    target          TEXT,
    outcome         TEXT NOT NULL,
    attributes      JSONB NOT NULL DEFAULT '{}'::jsonb,
    trace_id        TEXT,
    occurred_at     TIMESTAMPTZ NOT NULL,
    received_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX audit_events_type ON audit_events (type, seq);
CREATE INDEX audit_events_actor ON audit_events (actor, seq);
CREATE INDEX audit_events_subject ON audit_events (subject, seq);
CREATE INDEX audit_events_occurred ON audit_events (occurred_at);

-- ---------------------------------------------------------------- every service
-- Each service writes only rows with its own service name and dispatches only those.
CREATE TABLE outbox (
    seq             BIGSERIAL PRIMARY KEY,
    event_id        UUID NOT NULL UNIQUE,
    service         TEXT NOT NULL,
    event_type      TEXT NOT NULL,
    payload         JSONB NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_error      TEXT,
    sent_at         TIMESTAMPTZ
);
CREATE INDEX outbox_pending ON outbox (service, seq) WHERE sent_at IS NULL;
