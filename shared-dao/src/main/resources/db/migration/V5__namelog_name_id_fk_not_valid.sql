-- expand: NOT VALID checks new and changed rows at once but skips the scan of
-- existing ones, so it needs its lock only for a moment. VALIDATE comes after
-- the backfill (V6).
ALTER TABLE namelog
    ADD CONSTRAINT namelog_name_id_fkey FOREIGN KEY (name_id) REFERENCES name (id) NOT VALID;
