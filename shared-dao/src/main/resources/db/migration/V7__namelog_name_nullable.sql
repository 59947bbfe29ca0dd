-- before NEW_ONLY: rows written from then on carry no text.
-- squawk-ignore-file require-lock-timeout, require-statement-timeout, prefer-robust-stmts, ban-drop-not-null
-- (namelog-migrate runs each statement under its own lock_timeout and retries on a timeout;
-- it skips the file when the column is nullable; dropping NOT NULL is what NEW_ONLY needs:
-- the DAO in NEW_ONLY writes no text, and every reader then reads through name_id)
ALTER TABLE namelog ALTER COLUMN name DROP NOT NULL;
