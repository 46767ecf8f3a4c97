-- Dead letters: an event admin-api refuses on its own (malformed, too large) is set aside with the
-- reason instead of being retried at the head of the queue forever; everything behind it goes on.
-- An admin lists and retries them (GET/POST /v1/outbox/dead-letters on each service).
ALTER TABLE outbox ADD COLUMN dead_at TIMESTAMPTZ, ADD COLUMN dead_reason TEXT;
CREATE INDEX outbox_due ON outbox (service, seq) WHERE sent_at IS NULL AND dead_at IS NULL;
DROP INDEX outbox_pending;
CREATE INDEX outbox_dead ON outbox (service, seq) WHERE dead_at IS NOT NULL;
