-- The local CA of cert-service (issuer LOCAL): one row per CA purpose, generated once by the first
-- replica that needs it. The private key is PKCS#8 sealed with the versioned master keys
-- (common/keys/MasterKeys, AES-256-GCM, the CA name as associated data), like signing_keys.
CREATE TABLE cert_local_cas (
    name               TEXT PRIMARY KEY CHECK (name IN ('client', 'server')),
    certificate_pem    TEXT NOT NULL,
    private_key        BYTEA NOT NULL,
    master_key_version TEXT NOT NULL,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);
