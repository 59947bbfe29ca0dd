-- The coordination state shared by the migration tool and every DAO instance.
-- Owned by the migration tool: it creates these tables (idempotently) before its first step.
-- DAO instances only read the phase and write their own heartbeat row.
-- None of these tables is touched by the services' traffic on namelog.

-- The one source of truth for the fleet's phase (org.namelog.dao.flag.Phase names).
CREATE TABLE IF NOT EXISTS namelog_migration_phase (
    singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    phase      text NOT NULL DEFAULT 'LEGACY',
    changed_at timestamptz NOT NULL DEFAULT now(),
    changed_by text NOT NULL DEFAULT current_user
);
INSERT INTO namelog_migration_phase (singleton) VALUES (true) ON CONFLICT DO NOTHING;

-- One row per live DAO instance, refreshed by its heartbeat.
CREATE TABLE IF NOT EXISTS namelog_instances (
    instance_id text PRIMARY KEY,
    service     text NOT NULL,
    host        text NOT NULL,
    phase       text NOT NULL,          -- the phase whose paths it uses now
    read_path   text NOT NULL,
    write_path  text NOT NULL,
    stale       boolean NOT NULL DEFAULT false,  -- it could not read the phase lately
    started_at  timestamptz NOT NULL DEFAULT now(),
    last_seen   timestamptz NOT NULL DEFAULT now()
);
