-- undo V2: only valid while no NameLog row references a Name (V5 undone first).
-- squawk-ignore-file require-lock-timeout, require-statement-timeout, ban-drop-table
-- (namelog-migrate runs each statement under its own lock_timeout and retries on a timeout;
-- dropping is the undo of V2, run only while the fleet is at LEGACY, when no service uses the table)
DROP TABLE IF EXISTS name;
DROP FUNCTION IF EXISTS name_value_digest(text);
