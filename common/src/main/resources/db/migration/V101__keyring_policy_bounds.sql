-- keyring, issue 13: every rotation policy setting is bounded, with the same bounds as
-- dev.signet.keyring.rotation.PolicyBounds, so no stored policy can stop rotation or a revoke.

-- A policy stored before the bounds is brought into range, then kept there.
UPDATE rotation_policy SET
    algorithm = CASE WHEN algorithm IN ('RS256', 'ES256', 'EdDSA') THEN algorithm ELSE 'RS256' END,
    rsa_key_size = CASE
        WHEN rsa_key_size IN (2048, 3072, 4096) THEN rsa_key_size
        WHEN rsa_key_size > 3072 THEN 4096
        WHEN rsa_key_size > 2048 THEN 3072
        ELSE 2048 END,
    rotation_interval_seconds = LEAST(GREATEST(rotation_interval_seconds, 3600), 63072000),
    pre_publish_seconds = LEAST(GREATEST(pre_publish_seconds, 0), 2592000),
    grace_period_seconds = LEAST(GREATEST(grace_period_seconds, 0), 7776000),
    jwks_cache_max_age_seconds = LEAST(GREATEST(jwks_cache_max_age_seconds, 0), 86400),
    jwks_cache_margin_seconds = LEAST(GREATEST(jwks_cache_margin_seconds, 0), 86400);

ALTER TABLE rotation_policy
    ADD CONSTRAINT rotation_policy_algorithm CHECK (algorithm IN ('RS256', 'ES256', 'EdDSA')),
    ADD CONSTRAINT rotation_policy_rsa_key_size CHECK (rsa_key_size IN (2048, 3072, 4096)),
    ADD CONSTRAINT rotation_policy_rotation_interval
        CHECK (rotation_interval_seconds BETWEEN 3600 AND 63072000),
    ADD CONSTRAINT rotation_policy_pre_publish CHECK (pre_publish_seconds BETWEEN 0 AND 2592000),
    ADD CONSTRAINT rotation_policy_grace_period CHECK (grace_period_seconds BETWEEN 0 AND 7776000),
    ADD CONSTRAINT rotation_policy_jwks_cache_max_age
        CHECK (jwks_cache_max_age_seconds BETWEEN 0 AND 86400),
    ADD CONSTRAINT rotation_policy_jwks_cache_margin
        CHECK (jwks_cache_margin_seconds BETWEEN 0 AND 86400);
