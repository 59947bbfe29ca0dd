-- rollback of validate: step 4 of 4.
-- squawk-ignore-file require-lock-timeout, require-statement-timeout, prefer-robust-stmts
-- (namelog-migrate runs each statement under its own lock_timeout, retries on a timeout, and
-- skips a statement whose effect the catalogs already show, so re-runs are safe)
ALTER TABLE namelog DROP CONSTRAINT IF EXISTS namelog_name_not_null;
