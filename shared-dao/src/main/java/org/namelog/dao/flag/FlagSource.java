package org.namelog.dao.flag;

/**
 * Tells the DAO which paths to use. The DAO asks on every call, so a change takes effect from the
 * next call with no restart; implementations must therefore answer fast (from memory) and be safe
 * to call from many threads.
 */
@FunctionalInterface
public interface FlagSource {

    /** The paths to use for the call about to be made. */
    Paths current();
}
