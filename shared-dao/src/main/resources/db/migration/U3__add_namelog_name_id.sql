-- squawk-ignore-file require-lock-timeout, require-statement-timeout, ban-drop-column
-- (namelog-migrate runs each statement under its own lock_timeout and retries on a timeout;
-- dropping is the undo of V3, run only while the fleet is at LEGACY, when no service uses the column)
ALTER TABLE namelog DROP COLUMN IF EXISTS name_id;
