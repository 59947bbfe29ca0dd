package org.namelog.migration.backfill;

import java.time.Duration;

/** Sleeps in short steps, so that a stop request (Ctrl-C) is seen soon. */
final class Pause {

    private Pause() {
    }

    static void sleep(Duration duration, StopSignal stop) {
        long end = System.nanoTime() + duration.toNanos();
        try {
            while (!stop.requested()) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                Thread.sleep(Math.max(1, Math.min(100, left / 1_000_000)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop.request();
        }
    }
}
