-- squawk-ignore-file require-lock-timeout, require-statement-timeout
-- (namelog-migrate runs each statement under its own lock_timeout and retries on a timeout;
-- statement_timeout stays off: a drop that waits only on its lock is bounded by lock_timeout)
DROP INDEX CONCURRENTLY IF EXISTS namelog_name_id_idx;
