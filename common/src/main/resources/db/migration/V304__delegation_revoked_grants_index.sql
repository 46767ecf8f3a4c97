-- delegation-service: token-service reconciles revoked grants it may have missed (NOTIFY lost while
-- no replica listened) by paging through them in revocation order; only revoked rows are indexed.
CREATE INDEX delegation_grants_revoked ON delegation_grants (revoked_at, id) WHERE revoked_at IS NOT NULL;
