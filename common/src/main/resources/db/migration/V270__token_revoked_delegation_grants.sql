-- token-service: delegation grants delegation-service revoked (NOTIFY signet_delegation_grants_revoked,
-- issue 15). Every token issued under a listed grant (its grant_id claim) is inactive; the rows
-- outlive a restart. A grant lives at most 30 days, so rows older than that are purged.
CREATE TABLE revoked_delegation_grants (
    grant_id    UUID PRIMARY KEY,
    root_id     UUID,
    revoked_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX revoked_delegation_grants_revoked_at ON revoked_delegation_grants (revoked_at);
