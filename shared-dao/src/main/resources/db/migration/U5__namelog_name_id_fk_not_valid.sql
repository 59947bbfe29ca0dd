ALTER TABLE namelog DROP CONSTRAINT IF EXISTS namelog_name_id_fkey;
