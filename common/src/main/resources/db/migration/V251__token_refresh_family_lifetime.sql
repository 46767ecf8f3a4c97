-- token-service: a refresh family has an absolute lifetime besides the sliding one. The policy says
-- how long (default 90 days); each token row remembers when its family started, so a successor
-- never outlives family start + max lifetime.
ALTER TABLE token_policy
    ADD COLUMN refresh_token_max_lifetime_seconds BIGINT NOT NULL DEFAULT 7776000;

ALTER TABLE refresh_tokens ADD COLUMN family_started_at TIMESTAMPTZ;
UPDATE refresh_tokens t SET family_started_at = f.started
    FROM (SELECT family_id, min(issued_at) AS started FROM refresh_tokens GROUP BY family_id) f
    WHERE t.family_id = f.family_id;
-- Access tokens carry their family as sid; introspection asks whether that family was revoked.
CREATE INDEX refresh_tokens_family_revoked ON refresh_tokens (family_id) WHERE status = 'revoked';
