package org.namelog.migration.backfill;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongBinaryOperator;

/**
 * A worker's names, one batch ahead: while the worker's batch updates its rows, a connection of
 * this worker's own inserts the names of the next range (in their own short transaction, as
 * always), so that on two cores the names cost no time of the batch loop's own. The next range is
 * a guess (the sizer may choose another size): whatever it did not cover, the worker inserts
 * itself before its batch. A failed guess is dropped; the worker's own insert reports any error.
 */
final class NamesAhead implements AutoCloseable {

    private final LongBinaryOperator insertNames;
    private final Runnable closeConnection;
    private final ExecutorService thread;
    private CompletableFuture<Long> pending;
    private long pendingFrom;
    private long pendingUpTo;
    /** Names are committed for every row of (doneFrom, doneUpTo]. */
    private long doneFrom;
    private long doneUpTo;

    NamesAhead(BatchSession session) {
        this((after, upper) -> session.call(m -> m.insertNamesInRange(after, upper)), session::close);
    }

    /** With {@code insertNames(after, upper)} standing for the second connection's statement (tests). */
    NamesAhead(LongBinaryOperator insertNames, Runnable closeConnection) {
        this.insertNames = insertNames;
        this.closeConnection = closeConnection;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "namelog-backfill-names");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The id up to which the names of every row after {@code after} are committed ({@code after}
     * itself when none are), once the guess under way has ended.
     */
    long doneUpTo(long after) {
        settle();
        return doneFrom <= after && after < doneUpTo ? doneUpTo : after;
    }

    /** The worker committed the names of (after, upper] itself. */
    void done(long after, long upper) {
        settle();
        extend(after, upper);
    }

    /** Starts inserting the names of (after, upper] on this worker's second connection. */
    void start(long after, long upper) {
        settle();
        if (upper <= after) {
            return;
        }
        pendingFrom = after;
        pendingUpTo = upper;
        pending = CompletableFuture.supplyAsync(() -> insertNames.applyAsLong(after, upper), thread);
    }

    private void settle() {
        if (pending != null) {
            try {
                pending.join();
                extend(pendingFrom, pendingUpTo);
            } catch (RuntimeException e) {
                // the worker inserts these names itself, and sees the error if there is one
            }
            pending = null;
        }
    }

    /** Adds (after, upper] to the covered run when it continues it; otherwise starts a new run. */
    private void extend(long after, long upper) {
        if (doneFrom <= after && after <= doneUpTo) {
            doneUpTo = Math.max(doneUpTo, upper);
        } else {
            doneFrom = after;
            doneUpTo = upper;
        }
    }

    @Override
    public void close() {
        settle();
        thread.shutdown();
        closeConnection.run();
    }
}
