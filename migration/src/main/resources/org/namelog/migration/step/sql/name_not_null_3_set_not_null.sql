-- rollback of validate: step 3 of 4 (the validated CHECK spares the scan).
-- squawk-ignore-file require-lock-timeout, require-statement-timeout, prefer-robust-stmts
-- (namelog-migrate runs each statement under its own lock_timeout, retries on a timeout, and
-- skips a statement whose effect the catalogs already show, so re-runs are safe)
-- squawk-ignore adding-not-nullable-field
ALTER TABLE namelog ALTER COLUMN name SET NOT NULL;
