-- token-service: what a person let a client of the authorization code grant have (issue 18 item 3).
-- One row per person and client; scopes only grow (a later consent adds to it), and a request for
-- the same or fewer scopes is answered without asking again. prompt=consent asks regardless.
CREATE TABLE user_consents (
    user_id     UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    client_id   TEXT NOT NULL,
    scopes      TEXT[] NOT NULL,
    granted_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, client_id)
);
