-- Outbox retention (dev.signet.common.audit.OutboxRetention) deletes rows delivered before a
-- cutoff; without this index every run would scan the whole outbox.
CREATE INDEX outbox_sent ON outbox (sent_at) WHERE sent_at IS NOT NULL;
