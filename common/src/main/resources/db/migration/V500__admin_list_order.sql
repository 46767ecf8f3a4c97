-- admin-api lists service accounts and incidents with cursor pagination. A cursor needs a key
-- that only grows, so rows inserted while an admin pages through never shift a page boundary.
ALTER TABLE service_accounts ADD COLUMN seq BIGSERIAL;
CREATE UNIQUE INDEX service_accounts_seq ON service_accounts (seq);

ALTER TABLE incidents ADD COLUMN seq BIGSERIAL;
CREATE UNIQUE INDEX incidents_seq ON incidents (seq);
CREATE INDEX incidents_open ON incidents (seq) WHERE status <> 'resolved';
