-- rollback of validate: step 2 of 4 (scan under SHARE UPDATE EXCLUSIVE).
-- squawk-ignore-file require-lock-timeout, require-statement-timeout, prefer-robust-stmts
-- (namelog-migrate runs each statement under its own lock_timeout, retries on a timeout, and
-- skips a statement whose effect the catalogs already show, so re-runs are safe)
ALTER TABLE namelog VALIDATE CONSTRAINT namelog_name_not_null;
