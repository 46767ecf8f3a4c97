-- cert-service: which service accounts may obtain server certificates, and for which names.
-- dns_patterns hold A-labels (UTS #46 applied on write): exact names or '*.' + a base covering
-- exactly one more label; allow_wildcards also grants the '*.' name itself. ip_cidrs are CIDRs.
CREATE TABLE cert_server_policies (
    account         TEXT PRIMARY KEY,
    dns_patterns    TEXT[] NOT NULL DEFAULT '{}',
    ip_cidrs        TEXT[] NOT NULL DEFAULT '{}',
    allow_wildcards BOOLEAN NOT NULL DEFAULT false,
    updated_by      TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Records: which kind of certificate a row is, the PCA template it was issued with, and the
-- build session a CI certificate belongs to.
ALTER TABLE certificates
    ADD COLUMN kind TEXT NOT NULL DEFAULT 'client' CHECK (kind IN ('client', 'server')),
    ADD COLUMN template_arn TEXT,
    ADD COLUMN build_session_id UUID;
CREATE INDEX certificates_created_at ON certificates (created_at DESC, serial_number DESC);
