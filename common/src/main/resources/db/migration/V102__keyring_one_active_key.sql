-- keyring, issue 13: one key signs at a time, whatever its algorithm; the rotation policy says
-- which algorithm the next key has, and an algorithm change is a rotation like any other.

-- Until now each algorithm could have its own active key. The newest active key of the policy's
-- algorithm (else the newest active key) keeps signing; any other becomes previous: still
-- published for the grace period (at least a week, the longest token lifetime token-service
-- allows), so what it signed keeps verifying.
WITH keep AS (
    SELECT kid FROM signing_keys WHERE state = 'active'
    ORDER BY (alg = (SELECT algorithm FROM rotation_policy WHERE id = 'default')) DESC,
             activated_at DESC NULLS LAST, created_at DESC, kid
    LIMIT 1)
UPDATE signing_keys SET
    state = 'previous',
    deactivated_at = now(),
    retire_after = now() + make_interval(secs => GREATEST(
        COALESCE((SELECT grace_period_seconds FROM rotation_policy WHERE id = 'default'), 691200),
        608400)),
    version = version + 1
WHERE state = 'active' AND kid NOT IN (SELECT kid FROM keep);

DROP INDEX signing_keys_one_active_per_alg;
-- Exactly one active key in the ring.
CREATE UNIQUE INDEX signing_keys_one_active ON signing_keys (state) WHERE state = 'active';
