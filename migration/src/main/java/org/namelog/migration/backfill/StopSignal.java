package org.namelog.migration.backfill;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Asks a running backfill to stop at the next batch boundary (Ctrl-C). The asker may wait until
 * the current batch has committed its checkpoint.
 */
public final class StopSignal {

    private final AtomicBoolean requested = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);

    public void request() {
        requested.set(true);
    }

    public boolean requested() {
        return requested.get();
    }

    /** Called by the backfill when it has left its loop. */
    public void finished() {
        finished.countDown();
    }

    /** Waits until the backfill has left its loop. */
    public boolean awaitFinished(long timeout, TimeUnit unit) throws InterruptedException {
        return finished.await(timeout, unit);
    }
}
