package org.namelog.migration.backfill;

import java.io.PrintStream;
import java.time.Duration;

/**
 * Shows how far the backfill is. On a terminal: one redrawn line with a bar, rows/s and ETA.
 * Otherwise (a log, a pipe): a plain line every few seconds.
 */
final class Progress {

    private static final long PLAIN_EVERY_NANOS = Duration.ofSeconds(5).toNanos();
    private static final int BAR = 30;

    private final PrintStream out;
    private final boolean bar;
    private final BackfillObserver observer;
    private final long startNanos = System.nanoTime();
    private final long startId;
    private long endId;
    private long lastPrint;
    private boolean drawn;

    Progress(PrintStream out, boolean bar, long startId, long endId) {
        this(out, bar, startId, endId, BackfillObserver.NONE);
    }

    Progress(PrintStream out, boolean bar, long startId, long endId, BackfillObserver observer) {
        this.out = out;
        this.bar = bar;
        this.observer = observer;
        this.startId = startId;
        this.endId = Math.max(endId, startId);
    }

    void endId(long endId) {
        this.endId = Math.max(endId, startId);
    }

    synchronized void update(String stage, long lastId, long rowsThisRun, int batchSize) {
        long now = System.nanoTime();
        double seconds = Math.max(1e-3, (now - startNanos) / 1e9);
        double fraction = endId == startId ? 1.0
                : Math.max(0.0, Math.min(1.0, (double) (lastId - startId) / (endId - startId)));
        long rowsPerSecond = Math.round(rowsThisRun / seconds);
        double idsPerSecond = Math.max(0, lastId - startId) / seconds;
        String eta = idsPerSecond <= 0 ? "?" : formatSeconds(Math.max(0, (endId - lastId) / idsPerSecond));
        observer.progress(rowsThisRun, Math.max(0, endId - lastId), rowsThisRun / seconds, idsPerSecond <= 0 ? null
                : Duration.ofMillis(Math.round(Math.max(0, (endId - lastId) / idsPerSecond) * 1000)));
        if (bar) {
            int filled = (int) Math.round(fraction * BAR);
            out.print("\r" + stage + " [" + "#".repeat(filled) + ".".repeat(BAR - filled) + "] "
                    + String.format("%5.1f%%", fraction * 100) + "  id " + lastId + "/" + endId + "  "
                    + rowsPerSecond + " rows/s  ETA " + eta + "  batch " + batchSize + "   ");
            out.flush();
            drawn = true;
        } else if (now - lastPrint >= PLAIN_EVERY_NANOS) {
            lastPrint = now;
            out.println(stage + ": id " + lastId + " of " + endId + String.format(" (%.1f%%)", fraction * 100) + ", "
                    + rowsThisRun + " rows updated, " + rowsPerSecond + " rows/s, ETA " + eta + ", batch size " + batchSize);
        }
    }

    /** Ends the redrawn line before anything else is printed. */
    synchronized void breakLine() {
        if (drawn) {
            out.println();
            drawn = false;
        }
    }

    static String formatSeconds(double seconds) {
        long s = Math.round(seconds);
        if (s >= 3600) {
            return s / 3600 + "h" + String.format("%02dm", (s % 3600) / 60);
        }
        if (s >= 60) {
            return s / 60 + "m" + String.format("%02ds", s % 60);
        }
        return s + "s";
    }
}
