-- squawk-ignore-file require-lock-timeout, require-statement-timeout
-- (namelog-migrate runs each statement under its own lock_timeout and retries on a timeout;
-- statement_timeout stays off: dropping a constraint is catalog-only)
ALTER TABLE namelog DROP CONSTRAINT IF EXISTS namelog_name_id_fkey;
