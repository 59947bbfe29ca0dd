-- validate: scans the table under SHARE UPDATE EXCLUSIVE, which lets reads and
-- writes go on.
-- squawk-ignore-file require-lock-timeout, require-statement-timeout, prefer-robust-stmts
-- (namelog-migrate runs each statement under its own lock_timeout and retries on a timeout;
-- statement_timeout stays off on purpose: the validating scan may take long but blocks no reads or writes;
-- it skips the file when the constraint is already validated)
ALTER TABLE namelog VALIDATE CONSTRAINT namelog_name_id_fkey;
