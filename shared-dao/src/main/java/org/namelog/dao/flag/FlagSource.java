package org.namelog.dao.flag;

/**
 * Tells the DAO which paths to use. The DAO asks on every call, so a change takes effect from the
 * next call with no restart; implementations must therefore answer fast (from memory) and be safe
 * to call from many threads.
 *
 * <p>A source whose paths can go back to {@code LEGACY} and forward again must also override
 * {@link #forCall()} and {@link #onNameTableChange(Runnable)}, so that no cached name id outlives
 * the {@code name} table it was read from; the defaults suit a source whose {@code name} table
 * never changes while it runs.
 */
@FunctionalInterface
public interface FlagSource {

    /** The paths this source follows now (what the next call would use, if it may run at all). */
    Paths current();

    /**
     * The paths and the {@code name} table generation for the call about to be made.
     *
     * @throws org.namelog.dao.DatabaseUnavailableException if no call may run now, because the source
     *     cannot vouch for any paths (for example, it could not confirm the phase for longer than its
     *     lease); nothing is read or written then
     */
    default CallFlags forCall() {
        return new CallFlags(current(), 0);
    }

    /**
     * Runs {@code listener} each time the {@linkplain CallFlags#nameTableGeneration() generation} moves
     * on, on the thread that moved it, so that caches of name ids are dropped at once rather than at
     * their next use. The default never runs it: its generation never moves.
     */
    default void onNameTableChange(Runnable listener) {
    }
}
