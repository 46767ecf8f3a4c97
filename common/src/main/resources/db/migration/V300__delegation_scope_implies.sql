-- delegation-service: a scope may imply other scopes (repo:write implies repo:read). The service
-- refuses a write that would close a cycle; the array holds direct implications only.
ALTER TABLE scopes ADD COLUMN implies TEXT[] NOT NULL DEFAULT '{}';
ALTER TABLE scopes ADD COLUMN updated_at TIMESTAMPTZ NOT NULL DEFAULT now();
