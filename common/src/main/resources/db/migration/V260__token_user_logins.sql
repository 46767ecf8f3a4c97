-- token-service: people's logins (issue 17 items 4, 5).
-- A refresh family started by a key login or the device flow remembers whose it is: the user, the
-- user_ver it was issued under and the key (akid) that logged in, so a refresh re-checks all three.
CREATE TABLE user_token_families (
    family_id   UUID PRIMARY KEY,
    user_id     UUID NOT NULL,
    user_ver    BIGINT NOT NULL,
    akid        TEXT,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX user_token_families_user ON user_token_families (user_id);

-- The device flow (RFC 8628): user_code is stored normalised (8 letters, no dash); what the person
-- sees before approving (requesting address and agent); who decided, with which key, and when.
ALTER TABLE device_codes
    ADD COLUMN requested_ip     TEXT,
    ADD COLUMN user_agent       TEXT,
    ADD COLUMN akid             TEXT,
    ADD COLUMN decided_at       TIMESTAMPTZ;
CREATE INDEX device_codes_expires ON device_codes (expires_at);

-- Fixed-window budgets shared by every token-service replica (device authorization, polling,
-- user-code guessing), as admin-api's admin_request_budgets are for its endpoints.
CREATE TABLE token_request_budgets (
    bucket        TEXT NOT NULL,
    subject       TEXT NOT NULL,
    window_start  TIMESTAMPTZ NOT NULL,
    used          INTEGER NOT NULL,
    PRIMARY KEY (bucket, subject, window_start)
);
CREATE INDEX token_request_budgets_window ON token_request_budgets (window_start);

-- Minimal: service accounts had no list of allowed grants (only refresh_enabled and
-- token_exchange_enabled flags), so the device grant gets a flag of the same kind.
ALTER TABLE service_accounts
    ADD COLUMN device_grant_enabled BOOLEAN NOT NULL DEFAULT false;
