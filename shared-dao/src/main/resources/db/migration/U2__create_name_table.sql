-- undo V2: only valid while no NameLog row references a Name (V5 undone first).
DROP TABLE IF EXISTS name;
DROP FUNCTION IF EXISTS name_value_digest(text);
