-- expand: built CONCURRENTLY, so writes go on while it builds. Runs outside a
-- transaction; a failed build leaves an INVALID index that the tool drops and
-- builds again.
CREATE INDEX CONCURRENTLY IF NOT EXISTS namelog_name_id_idx ON namelog (name_id);
