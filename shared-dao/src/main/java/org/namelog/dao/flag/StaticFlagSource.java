package org.namelog.dao.flag;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A flag source that answers what it was last told. Thread-safe.
 *
 * <p>It keeps the rule the fleet's source keeps: setting paths that write {@code LEGACY} starts a
 * new {@code name} table generation (a rollback may replace the table while writes are on the
 * text), so name ids cached before are not used after.
 */
public final class StaticFlagSource implements FlagSource {

    private final List<Runnable> nameTableListeners = new CopyOnWriteArrayList<>();
    private volatile CallFlags flags;

    public StaticFlagSource(Paths paths) {
        this.flags = new CallFlags(Objects.requireNonNull(paths, "paths"), 1);
    }

    public static StaticFlagSource of(Phase phase) {
        return new StaticFlagSource(phase.paths());
    }

    @Override
    public Paths current() {
        return flags.paths();
    }

    @Override
    public CallFlags forCall() {
        return flags;
    }

    @Override
    public void onNameTableChange(Runnable listener) {
        nameTableListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Switches the paths; the DAO uses them from its next call. */
    public synchronized void set(Paths paths) {
        Objects.requireNonNull(paths, "paths");
        CallFlags before = flags;
        boolean newGeneration = paths.write() == WritePath.LEGACY && before.paths().write() != WritePath.LEGACY;
        flags = new CallFlags(paths, before.nameTableGeneration() + (newGeneration ? 1 : 0));
        if (newGeneration) {
            nameTableListeners.forEach(Runnable::run);
        }
    }

    public void set(Phase phase) {
        set(phase.paths());
    }

    /**
     * Starts a new {@code name} table generation, as a source that saw the table replaced would
     * (tests: a table dropped and created again behind the DAO).
     */
    public synchronized void nameTableReplaced() {
        flags = new CallFlags(flags.paths(), flags.nameTableGeneration() + 1);
        nameTableListeners.forEach(Runnable::run);
    }
}
