-- token-service: "revoke everything of a client or subject". Access tokens are not stored one by
-- one, so introspection refuses any access token of the client/subject issued at or before the
-- cutoff (iat <= revoked_before).
CREATE TABLE token_revocation_cutoffs (
    kind            TEXT NOT NULL CHECK (kind IN ('client', 'subject')),
    value           TEXT NOT NULL,
    revoked_before  TIMESTAMPTZ NOT NULL,
    reason          TEXT,
    actor           TEXT,
    PRIMARY KEY (kind, value)
);

-- Token lookup by jti: token-service's own token.issued audit rows carry the jti in their target
-- ("jti/<jti>"). The outbox payload may be stored as a JSON string, hence the #>> '{}' unwrap.
CREATE INDEX outbox_token_issued_target
    ON outbox ((((payload #>> '{}')::jsonb) ->> 'target'))
    WHERE event_type = 'token.issued';
