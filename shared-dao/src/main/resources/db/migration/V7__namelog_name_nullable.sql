-- before NEW_ONLY: rows written from then on carry no text.
ALTER TABLE namelog ALTER COLUMN name DROP NOT NULL;
