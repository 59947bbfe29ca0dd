-- expand: a nullable column with no default is a catalog-only change (no rewrite).
ALTER TABLE namelog ADD COLUMN IF NOT EXISTS name_id bigint;
