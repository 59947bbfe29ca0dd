-- contract: no way back after this. Dropping a column is catalog-only; its
-- hash index goes with it.
ALTER TABLE namelog DROP COLUMN IF EXISTS name;
