-- token-service: jti of every accepted private_key_jwt client assertion (RFC 7523 section 3,
-- item 7), kept until the assertion expires, so an assertion is accepted once across replicas.
CREATE TABLE client_assertion_jtis (
    client_id   TEXT NOT NULL,
    jti         TEXT NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (client_id, jti)
);
CREATE INDEX client_assertion_jtis_expires ON client_assertion_jtis (expires_at);
