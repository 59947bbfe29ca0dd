-- rollback of validate, where the legacy name was NOT NULL: step 1 of 4 to make it NOT NULL
-- again without a long lock (after the reverse backfill has filled every name).
-- squawk-ignore-file require-lock-timeout, require-statement-timeout, prefer-robust-stmts
-- (namelog-migrate runs each statement under its own lock_timeout, retries on a timeout, and
-- skips a statement whose effect the catalogs already show, so re-runs are safe)
ALTER TABLE namelog ADD CONSTRAINT namelog_name_not_null CHECK (name IS NOT NULL) NOT VALID;
