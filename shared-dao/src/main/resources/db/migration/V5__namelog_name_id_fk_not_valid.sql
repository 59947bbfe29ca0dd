-- expand: NOT VALID checks new and changed rows at once but skips the scan of
-- existing ones, so it needs its lock only for a moment. VALIDATE comes after
-- the backfill (V6).
-- squawk-ignore-file require-lock-timeout, require-statement-timeout, prefer-robust-stmts
-- (namelog-migrate runs each statement under its own lock_timeout and retries on a timeout;
-- it skips the file when the constraint exists; NOT VALID makes it catalog-only)
ALTER TABLE namelog
    ADD CONSTRAINT namelog_name_id_fkey FOREIGN KEY (name_id) REFERENCES name (id) NOT VALID;
