-- delegation-service: agent credentials get an owner kind, their capabilities and limits, a parent
-- agent and outcome counters; delegation grants become a tree (parent_id, depth) bound to the agent
-- they delegate to, with resource constraints. No rows existed before this issue.
ALTER TABLE agent_credentials DROP CONSTRAINT agent_credentials_status_check;
ALTER TABLE agent_credentials ADD CONSTRAINT agent_credentials_status_check
    CHECK (status IN ('active', 'suspended', 'revoked'));
ALTER TABLE agent_credentials ADD CONSTRAINT agent_credentials_agent_id_key UNIQUE (agent_id);
ALTER TABLE agent_credentials ADD CONSTRAINT agent_credentials_client_id_key UNIQUE (client_id);
ALTER TABLE agent_credentials ADD COLUMN owner_type TEXT NOT NULL DEFAULT 'user'
    CHECK (owner_type IN ('user', 'service_account'));
ALTER TABLE agent_credentials ADD COLUMN capabilities TEXT[] NOT NULL DEFAULT '{}';
ALTER TABLE agent_credentials ADD COLUMN allowed_scopes TEXT[] NOT NULL DEFAULT '{}';
ALTER TABLE agent_credentials ADD COLUMN allowed_resources TEXT[] NOT NULL DEFAULT '{}';
ALTER TABLE agent_credentials ADD COLUMN parent_id UUID REFERENCES agent_credentials (id);
ALTER TABLE agent_credentials ADD COLUMN issued_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE agent_credentials ADD COLUMN succeeded_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE agent_credentials ADD COLUMN failed_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE agent_credentials ADD COLUMN created_by TEXT;
ALTER TABLE agent_credentials ADD COLUMN updated_at TIMESTAMPTZ NOT NULL DEFAULT now();

ALTER TABLE delegation_grants DROP CONSTRAINT delegation_grants_max_depth_check;
ALTER TABLE delegation_grants ADD CONSTRAINT delegation_grants_max_depth_check
    CHECK (max_depth BETWEEN 1 AND 5);
ALTER TABLE delegation_grants ADD COLUMN parent_id UUID REFERENCES delegation_grants (id);
ALTER TABLE delegation_grants ADD COLUMN agent_id UUID REFERENCES agent_credentials (id);
ALTER TABLE delegation_grants ADD COLUMN depth INTEGER NOT NULL DEFAULT 1 CHECK (depth >= 1);
ALTER TABLE delegation_grants ADD COLUMN resources TEXT[] NOT NULL DEFAULT '{}';
ALTER TABLE delegation_grants ADD COLUMN revoked_by TEXT;
CREATE INDEX delegation_grants_parent ON delegation_grants (parent_id);
