-- admin-api: invites name the person they were made for (users.id, status invited until the
-- invite is redeemed). "accepted" becomes "redeemed"; an invite past expires_at is shown as
-- expired without a sweep. version guards two redemptions racing on one invite.
ALTER TABLE invites DROP CONSTRAINT invites_status_check;
UPDATE invites SET status = 'redeemed' WHERE status = 'accepted';
ALTER TABLE invites ADD CONSTRAINT invites_status_check
    CHECK (status IN ('pending', 'redeemed', 'revoked', 'expired'));
ALTER TABLE invites RENAME COLUMN accepted_at TO redeemed_at;
ALTER TABLE invites
    ADD COLUMN seq         BIGSERIAL,
    ADD COLUMN user_id     UUID REFERENCES users (id),
    ADD COLUMN revoked_at  TIMESTAMPTZ,
    ADD COLUMN revoked_by  TEXT,
    ADD COLUMN revoke_reason TEXT,
    ADD COLUMN version     BIGINT NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX invites_seq ON invites (seq);
CREATE INDEX invites_user_pending ON invites (user_id) WHERE status = 'pending';

-- Key enrollment tokens: what a redeemed invite hands the person so they can enroll a key (issue
-- 17, item 3). Single use and short-lived; stored only as versioned HMAC like every secret.
CREATE TABLE key_enrollment_tokens (
    id            UUID PRIMARY KEY,
    user_id       UUID NOT NULL REFERENCES users (id),
    invite_id     UUID REFERENCES invites (id),
    token_hash    BYTEA NOT NULL UNIQUE,
    hash_version  INTEGER NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at    TIMESTAMPTZ NOT NULL,
    used_at       TIMESTAMPTZ
);
CREATE INDEX key_enrollment_tokens_user ON key_enrollment_tokens (user_id);
