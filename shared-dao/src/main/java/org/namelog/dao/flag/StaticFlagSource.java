package org.namelog.dao.flag;

import java.util.Objects;

/** A flag source that answers what it was last told. Thread-safe. */
public final class StaticFlagSource implements FlagSource {

    private volatile Paths paths;

    public StaticFlagSource(Paths paths) {
        this.paths = Objects.requireNonNull(paths, "paths");
    }

    public static StaticFlagSource of(Phase phase) {
        return new StaticFlagSource(phase.paths());
    }

    @Override
    public Paths current() {
        return paths;
    }

    /** Switches the paths; the DAO uses them from its next call. */
    public void set(Paths paths) {
        this.paths = Objects.requireNonNull(paths, "paths");
    }

    public void set(Phase phase) {
        set(phase.paths());
    }
}
