-- admin-api: fixed-window request budgets for the endpoints people reach without an admin token
-- (invite redemption, key bootstrap and registration) and for sending invitations. Counted in
-- the database so every replica draws on the same budget; old windows are swept.
CREATE TABLE admin_request_budgets (
    bucket        TEXT NOT NULL,
    subject       TEXT NOT NULL,
    window_start  TIMESTAMPTZ NOT NULL,
    used          INTEGER NOT NULL,
    PRIMARY KEY (bucket, subject, window_start)
);
CREATE INDEX admin_request_budgets_window ON admin_request_budgets (window_start);
