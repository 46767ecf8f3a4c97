-- Configured accounts (the bootstrap admin, one internal account per service) are read-only
-- through the API: configured_by names the setting that manages the row (NULL: managed through
-- the API), internal_service the Signet service whose internal account it is. admin-api's audit
-- intake takes an event's service from its caller's internal_service, never from the body.
ALTER TABLE service_accounts
    ADD COLUMN configured_by    TEXT,
    ADD COLUMN internal_service TEXT,
    ADD CONSTRAINT service_accounts_internal_is_configured
        CHECK (internal_service IS NULL OR configured_by IS NOT NULL);

CREATE UNIQUE INDEX service_accounts_internal_service ON service_accounts (internal_service)
    WHERE internal_service IS NOT NULL;

-- Rows seeded before this migration: still managed by configuration. Start-up names their
-- setting again, or retires (disables) them when configuration no longer names them.
UPDATE service_accounts SET configured_by = 'configuration'
    WHERE created_by = 'system:configuration';
