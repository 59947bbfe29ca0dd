package org.namelog.migration.state;

import java.time.OffsetDateTime;

/** One backfill checkpoint ({@code namelog_backfill_checkpoint}). */
public record CheckpointRow(String direction, long lastId, long rowsUpdated, long batches, boolean keysetDone,
        OffsetDateTime startedAt, OffsetDateTime updatedAt, OffsetDateTime finishedAt) {
}
