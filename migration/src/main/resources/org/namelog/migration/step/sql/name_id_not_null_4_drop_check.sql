-- validate: step 4 of 4. The CHECK is redundant now that the column is NOT NULL.
-- squawk-ignore-file require-lock-timeout, require-statement-timeout, prefer-robust-stmts
-- (namelog-migrate runs each statement under its own lock_timeout, retries on a timeout, and
-- skips a statement whose effect the catalogs already show, so re-runs are safe)
ALTER TABLE namelog DROP CONSTRAINT IF EXISTS namelog_name_id_not_null;
