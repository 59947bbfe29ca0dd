-- contract: no way back after this. Dropping a column is catalog-only; its
-- hash index goes with it.
-- squawk-ignore-file require-lock-timeout, require-statement-timeout, ban-drop-column
-- (namelog-migrate runs each statement under its own lock_timeout and retries on a timeout;
-- dropping is the contract, run only when the fleet is at NEW_ONLY and no instance reads the column;
-- the tool refuses it otherwise and needs --yes)
ALTER TABLE namelog DROP COLUMN IF EXISTS name;
