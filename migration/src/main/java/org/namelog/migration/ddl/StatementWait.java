package org.namelog.migration.ddl;

/**
 * What a watched session is doing.
 *
 * @param waitingOnLock whether it waits for a heavyweight lock (a table, or another transaction's end)
 * @param waitEvent the wait event ({@code relation}, {@code virtualxid}, ...), or null
 * @param phase the index build's phase in {@code pg_stat_progress_create_index}, or null
 */
public record StatementWait(boolean waitingOnLock, String waitEvent, String phase) {

    String describe() {
        return phase != null ? phase : waitEvent != null ? "waiting for a lock (" + waitEvent + ")" : "waiting for a lock";
    }
}
