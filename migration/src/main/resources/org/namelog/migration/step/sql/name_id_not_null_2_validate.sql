-- validate: step 2 of 4. Scans under SHARE UPDATE EXCLUSIVE: reads and writes go on.
-- squawk-ignore-file require-lock-timeout, require-statement-timeout, prefer-robust-stmts
-- (namelog-migrate runs each statement under its own lock_timeout, retries on a timeout, and
-- skips a statement whose effect the catalogs already show, so re-runs are safe)
ALTER TABLE namelog VALIDATE CONSTRAINT namelog_name_id_not_null;
