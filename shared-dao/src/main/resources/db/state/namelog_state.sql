-- The coordination state shared by the migration tool and every DAO instance.
-- Owned by the migration tool: it creates these tables (idempotently) before its first step.
-- DAO instances only read the phase and write their own heartbeat row.
-- None of these tables is touched by the services' traffic on namelog.

-- The one source of truth for the fleet's phase (org.namelog.dao.flag.Phase names).
-- epoch: the phase history's sequence number; the gate adds one on every phase change, so anything
-- taken "under" a phase (a verification, a backfill checkpoint) can tell that the fleet moved since.
-- text_authoritative: whether namelog.name holds every entry's name. It stops being so when the
-- fleet enters a phase that does not write the text (NEW_ONLY), and becomes so again only when a
-- reverse backfill completes at READ_NEW with every live instance writing both columns.
CREATE TABLE IF NOT EXISTS namelog_migration_phase (
    singleton          boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    phase              text NOT NULL DEFAULT 'LEGACY',
    epoch              bigint NOT NULL DEFAULT 0,
    text_authoritative boolean NOT NULL DEFAULT true,
    changed_at         timestamptz NOT NULL DEFAULT now(),
    changed_by         text NOT NULL DEFAULT current_user
);
INSERT INTO namelog_migration_phase (singleton) VALUES (true) ON CONFLICT DO NOTHING;
-- Tables of an earlier version get the columns. Only then: ALTER TABLE takes ACCESS EXCLUSIVE even
-- when the column exists (IF NOT EXISTS is checked under the lock), and every instance polls this
-- table, so an unconditional ALTER in every run would queue behind (and hold up) their reads.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'namelog_migration_phase'::regclass
                   AND attname = 'epoch' AND NOT attisdropped) THEN
        ALTER TABLE namelog_migration_phase ADD COLUMN epoch bigint NOT NULL DEFAULT 0,
            ADD COLUMN text_authoritative boolean NOT NULL DEFAULT true;
    END IF;
END
$$;

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
-- How long after last_seen the instance may still serve with the paths it reported: it refuses
-- every call once its last confirmed phase read (and heartbeat) is older than this. NULL: an
-- instance of a version before leases; the gate then counts only its TTL. Added only where it is
-- missing: an ALTER takes ACCESS EXCLUSIVE even when the column exists, and every instance
-- heartbeats into this table.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'namelog_instances'::regclass
                   AND attname = 'lease_ms' AND NOT attisdropped) THEN
        ALTER TABLE namelog_instances ADD COLUMN lease_ms bigint CHECK (lease_ms > 0);
    END IF;
END
$$;

-- ---------------------------------------------------------------------------
-- The migration tool's own state. Only namelog-migrate reads and writes these.

-- The schema step the tool reached last (LEGACY, EXPANDED, VALIDATED, CONTRACTED), and what it
-- found about the legacy column before it changed anything (to restore it on rollback).
CREATE TABLE IF NOT EXISTS namelog_migration_step (
    singleton              boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    step                   text NOT NULL DEFAULT 'LEGACY',
    legacy_name_not_null   boolean,        -- NULL until the tool has looked
    verified_at            timestamptz,    -- the last verify that found no mismatch
    verified_by            text,
    verified_epoch         bigint,         -- ... taken under this epoch
    verified_name_oid      bigint,         -- ... on this name table (to_regclass('name')::oid)
    changed_at             timestamptz NOT NULL DEFAULT now(),
    changed_by             text NOT NULL DEFAULT current_user
);
INSERT INTO namelog_migration_step (singleton) VALUES (true) ON CONFLICT DO NOTHING;
-- A verification is trusted only while the fleet's epoch and the name table are both unchanged.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'namelog_migration_step'::regclass
                   AND attname = 'verified_epoch' AND NOT attisdropped) THEN
        ALTER TABLE namelog_migration_step ADD COLUMN verified_epoch bigint, ADD COLUMN verified_name_oid bigint;
    END IF;
END
$$;

-- Backfill checkpoints: one row per direction ('forward': name_id from name; 'reverse': name from
-- name_id) and slice, a range of ids (first_id, end_id] that one worker walks. Each batch writes its
-- slice's row in the batch's own statement, so a killed run resumes exactly. A checkpoint belongs
-- to one fleet epoch and one name table: a run resumes it only when both still match.
CREATE TABLE IF NOT EXISTS namelog_backfill_checkpoint (
    direction    text NOT NULL CHECK (direction IN ('forward', 'reverse')),
    slice        integer NOT NULL DEFAULT 0,
    first_id     bigint NOT NULL DEFAULT 0,      -- the slice starts after this id
    end_id       bigint,                         -- ... and ends at this one (NULL: not planned yet)
    last_id      bigint NOT NULL DEFAULT 0,      -- every row of the slice with id <= last_id was handled
    rows_updated bigint NOT NULL DEFAULT 0,
    batches      bigint NOT NULL DEFAULT 0,
    keyset_done  boolean NOT NULL DEFAULT false, -- the slice's keyset pass reached end_id
    epoch        bigint NOT NULL DEFAULT 0,      -- namelog_migration_phase.epoch when it began
    name_table   bigint,                         -- to_regclass('name')::oid when it began
    started_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz,                    -- keyset pass and final sweep both done
    PRIMARY KEY (direction, slice)
);
-- The shape before slices (one row per direction): add the columns, then widen the key.
ALTER TABLE namelog_backfill_checkpoint ADD COLUMN IF NOT EXISTS slice integer NOT NULL DEFAULT 0;
ALTER TABLE namelog_backfill_checkpoint ADD COLUMN IF NOT EXISTS first_id bigint NOT NULL DEFAULT 0;
ALTER TABLE namelog_backfill_checkpoint ADD COLUMN IF NOT EXISTS end_id bigint;
ALTER TABLE namelog_backfill_checkpoint ADD COLUMN IF NOT EXISTS epoch bigint NOT NULL DEFAULT 0;
ALTER TABLE namelog_backfill_checkpoint ADD COLUMN IF NOT EXISTS name_table bigint;
DO $$
BEGIN
    IF (SELECT array_length(conkey, 1) FROM pg_constraint
        WHERE conrelid = 'namelog_backfill_checkpoint'::regclass AND contype = 'p') = 1 THEN
        ALTER TABLE namelog_backfill_checkpoint DROP CONSTRAINT namelog_backfill_checkpoint_pkey,
            ADD PRIMARY KEY (direction, slice);
    END IF;
END
$$;

-- pause/resume from another terminal: the backfill reads this at every batch boundary.
CREATE TABLE IF NOT EXISTS namelog_backfill_control (
    singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    paused     boolean NOT NULL DEFAULT false,
    changed_at timestamptz NOT NULL DEFAULT now(),
    changed_by text NOT NULL DEFAULT current_user
);
INSERT INTO namelog_backfill_control (singleton) VALUES (true) ON CONFLICT DO NOTHING;

-- What ran, when, and by whom: one row per command run and per schema action.
CREATE TABLE IF NOT EXISTS namelog_migration_history (
    id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    command     text NOT NULL,
    action      text,                -- a step action id, or NULL for the command itself
    outcome     text NOT NULL,       -- started, done, skipped, lock-timeout, failed, stopped
    detail      text,
    db_user     text NOT NULL DEFAULT current_user,
    operator    text,                -- OS user at host
    at          timestamptz NOT NULL DEFAULT now()
);
