-- admin-api: people. A user is never hard-deleted (the audit trail names them); deleted_at marks
-- a soft delete and frees the address for a new invite. user_ver goes up on every change that
-- must end what the user holds (disable, delete, role change, an explicit revoke): tokens carry
-- the user_ver they were issued under, and admin-api also has token-service record a subject
-- cutoff, so tokens already out fail introspection at once.
ALTER TABLE users
    ADD COLUMN seq               BIGSERIAL,
    ADD COLUMN email_verified_at TIMESTAMPTZ,
    ADD COLUMN user_ver          BIGINT NOT NULL DEFAULT 1 CHECK (user_ver >= 1),
    ADD COLUMN deleted_at        TIMESTAMPTZ,
    ADD COLUMN created_by        TEXT NOT NULL DEFAULT 'system',
    ADD COLUMN version           BIGINT NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX users_seq ON users (seq);

ALTER TABLE users DROP CONSTRAINT users_status_check;
ALTER TABLE users ADD CONSTRAINT users_status_check
    CHECK (status IN ('invited', 'active', 'disabled', 'deleted'));
ALTER TABLE users ADD CONSTRAINT users_deleted_consistent
    CHECK ((status = 'deleted') = (deleted_at IS NOT NULL));

DROP INDEX users_email_lower;
CREATE UNIQUE INDEX users_email_lower ON users (lower(email)) WHERE deleted_at IS NULL;
