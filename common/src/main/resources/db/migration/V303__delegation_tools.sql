-- delegation-service: the tool registry (what a tool server in front of an agent may run) and
-- which agents may call which tool. Parameter schemas are JSON Schema 2020-12, checked on write.
CREATE TABLE tools (
    id              UUID PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE,
    category        TEXT,
    description     TEXT,
    parameters      JSONB NOT NULL DEFAULT '{}'::jsonb,
    required_scopes TEXT[] NOT NULL DEFAULT '{}',
    active          BOOLEAN NOT NULL DEFAULT true,
    created_by      TEXT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE tool_grants (
    agent_id        UUID NOT NULL REFERENCES agent_credentials (id) ON DELETE CASCADE,
    tool_id         UUID NOT NULL REFERENCES tools (id) ON DELETE CASCADE,
    created_by      TEXT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (agent_id, tool_id)
);
