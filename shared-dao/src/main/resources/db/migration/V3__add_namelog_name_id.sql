-- expand: a nullable column with no default is a catalog-only change (no rewrite).
-- squawk-ignore-file require-lock-timeout, require-statement-timeout
-- (namelog-migrate runs each statement under its own lock_timeout and retries on a timeout;
-- statement_timeout stays off: adding a nullable column is catalog-only)
ALTER TABLE namelog ADD COLUMN IF NOT EXISTS name_id bigint;
