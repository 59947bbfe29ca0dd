-- validate: scans the table under SHARE UPDATE EXCLUSIVE, which lets reads and
-- writes go on.
ALTER TABLE namelog VALIDATE CONSTRAINT namelog_name_id_fkey;
