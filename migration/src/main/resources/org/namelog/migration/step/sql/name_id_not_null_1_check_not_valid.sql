-- validate (only where the legacy name was NOT NULL): step 1 of 4 to make name_id NOT NULL
-- without a long lock. NOT VALID: new rows are checked at once, existing ones are not scanned.
-- squawk-ignore-file require-lock-timeout, require-statement-timeout, prefer-robust-stmts
-- (namelog-migrate runs each statement under its own lock_timeout, retries on a timeout, and
-- skips a statement whose effect the catalogs already show, so re-runs are safe)
ALTER TABLE namelog ADD CONSTRAINT namelog_name_id_not_null CHECK (name_id IS NOT NULL) NOT VALID;
