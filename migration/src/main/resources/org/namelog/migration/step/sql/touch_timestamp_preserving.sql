-- The backfill's narrower way to keep "timestamp" where session_replication_role = replica is
-- not allowed: the trigger keeps the old value when the backfill's own transaction says so
-- (SET LOCAL namelog.preserve_timestamp = 'on'). Every other session sees no change: the setting
-- is unset there, so the trigger refreshes "timestamp" as before.
-- squawk-ignore-file require-lock-timeout, require-statement-timeout
-- (replacing a function body locks no table; namelog-migrate still sets both timeouts)
CREATE OR REPLACE FUNCTION namelog_touch_timestamp() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('namelog.preserve_timestamp', true) = 'on' THEN
        NEW."timestamp" := OLD."timestamp";
    ELSE
        NEW."timestamp" := now();
    END IF;
    RETURN NEW;
END
$$;
