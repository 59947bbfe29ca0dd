package org.namelog.migration;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import org.namelog.migration.backfill.BackfillSettings;
import org.namelog.migration.backfill.TimeWindow;
import org.namelog.migration.backfill.Bytes;
import org.namelog.migration.backfill.TriggerMode;
import picocli.CommandLine.Option;

/** The backfill's pacing options (backfill, estimate, and the reverse backfill of rollback). */
final class BackfillOptions {

    @Option(names = "--batch-size", defaultValue = "1000", paramLabel = "IDS",
            description = "ids in the first batch (default: ${DEFAULT-VALUE}); adapts to --target-batch-duration")
    int batchSize;

    @Option(names = "--min-batch-size", defaultValue = "100", paramLabel = "IDS", description = "default: ${DEFAULT-VALUE}")
    int minBatchSize;

    @Option(names = "--max-batch-size", defaultValue = "200000", paramLabel = "IDS", description = "default: ${DEFAULT-VALUE}")
    int maxBatchSize;

    @Option(names = "--target-batch-duration", defaultValue = "500ms", converter = Durations.class, paramLabel = "DURATION",
            description = "the batch size steers towards this duration per batch (default: ${DEFAULT-VALUE})")
    Duration targetBatchDuration;

    @Option(names = "--max-writer-wait", defaultValue = "100ms", converter = Durations.class, paramLabel = "DURATION",
            description = "while others write namelog (looked at five times a second), and for the first 3s, batches"
                    + " are sized to half of this: a row a batch changed stays locked until it commits, so its writer"
                    + " waits up to a batch's duration; --target-batch-duration after 3s without another writer"
                    + " (default: ${DEFAULT-VALUE})")
    Duration maxWriterWait;

    @Option(names = "--statement-timeout", defaultValue = "30s", converter = Durations.class, paramLabel = "DURATION",
            description = "statement_timeout of the backfill's sessions: one batch is one statement (default: ${DEFAULT-VALUE})")
    Duration statementTimeout;

    @Option(names = "--max-rows-per-second", defaultValue = "0", paramLabel = "N",
            description = "average rate limit of all workers together (default: 0 = none)")
    long maxRowsPerSecond;

    @Option(names = "--pause-between-batches", defaultValue = "0", converter = Durations.class, paramLabel = "DURATION",
            description = "pause after every batch (default: 0 = none)")
    Duration pauseBetweenBatches;

    @Option(names = "--max-replica-lag", defaultValue = "256MB", paramLabel = "SIZE",
            description = "hold while a standby or replication slot is more WAL than this behind (default: ${DEFAULT-VALUE};"
                    + " 0 = do not look)")
    String maxReplicaLag;

    @Option(names = "--window", paramLabel = "HH:MM-HH:MM",
            description = "run only inside this daily window (e.g. 01:00-05:00; may run over midnight)")
    String window;

    @Option(names = "--time-zone", paramLabel = "ZONE", description = "time zone of --window (default: the system's)")
    String timeZone;

    @Option(names = "--stop-outside-window", description = "outside the window, stop resumably (exit 8) instead of waiting")
    boolean stopOutsideWindow;

    @Option(names = "--vacuum-every", defaultValue = "10", paramLabel = "PERCENT",
            description = "VACUUM namelog (in the background) each time this share of the table's rows has been rewritten,"
                    + " so new row versions reuse the pages freed behind them (default: ${DEFAULT-VALUE}; 0 = never)")
    int vacuumEvery;

    @Option(names = "--trigger-mode", defaultValue = "auto", paramLabel = "MODE",
            description = "how \"timestamp\" is kept: replica (no trigger fires in the backfill's sessions, foreign-key"
                    + " checks included, which the run re-makes after; refused while namelog has other triggers), guc (a"
                    + " trigger of the tool's own puts it back, in its sessions only; every other trigger and check still"
                    + " fires, slower), or auto: replica where it is allowed, guc otherwise (default: ${DEFAULT-VALUE})")
    String triggerMode;

    @Option(names = "--max-batch-retries", defaultValue = "10", paramLabel = "N",
            description = "retries of one batch after a lock or statement timeout, each with half the size (default: ${DEFAULT-VALUE})")
    int maxBatchRetries;

    @Option(names = "--workers", defaultValue = "1", paramLabel = "N",
            description = "parallel workers, each on its own id range and connection (default: ${DEFAULT-VALUE})")
    int workers;

    @Option(names = "--no-progress", description = "plain progress lines even on a terminal")
    boolean noProgress;

    /** With the default DDL retries for the trigger guard (10, as --max-ddl-retries). */
    BackfillSettings settings(Duration lockTimeout, boolean terminal) {
        return settings(lockTimeout, 10, terminal);
    }

    BackfillSettings settings(Duration lockTimeout, int maxDdlRetries, boolean terminal) {
        try {
            ZoneId zone = timeZone == null ? ZoneId.systemDefault() : ZoneId.of(timeZone);
            TimeWindow parsed = window == null ? null : TimeWindow.parse(window, zone);
            if (stopOutsideWindow && parsed == null) {
                throw new IllegalArgumentException("--stop-outside-window needs --window");
            }
            long lagBytes;
            try {
                lagBytes = Bytes.parse(maxReplicaLag);
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw new IllegalArgumentException("--max-replica-lag: " + e.getMessage());
            }
            return new BackfillSettings(batchSize, minBatchSize, maxBatchSize, targetBatchDuration, maxWriterWait,
                    lockTimeout,
                    statementTimeout, maxRowsPerSecond, pauseBetweenBatches, lagBytes, parsed, stopOutsideWindow,
                    vacuumEvery, TriggerMode.parse(triggerMode), maxBatchRetries, maxDdlRetries, workers,
                    terminal && !noProgress);
        } catch (DateTimeException e) {
            throw new MigrationException(ExitCode.USAGE, "--time-zone " + timeZone + " is not a time zone (e.g. Europe/Berlin, UTC)");
        } catch (IllegalArgumentException e) {
            throw new MigrationException(ExitCode.USAGE, e.getMessage());
        }
    }
}
