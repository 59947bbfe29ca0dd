-- expand: built CONCURRENTLY, so writes go on while it builds. Runs outside a
-- transaction; a failed build leaves an INVALID index that the tool drops and
-- builds again.
-- squawk-ignore-file require-lock-timeout, require-statement-timeout
-- (namelog-migrate runs each statement under its own lock_timeout and retries on a timeout;
-- statement_timeout stays off on purpose: the build may take long but blocks no reads or writes)
CREATE INDEX CONCURRENTLY IF NOT EXISTS namelog_name_id_idx ON namelog (name_id);
