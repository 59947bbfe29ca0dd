package org.namelog.testbed;

import java.util.Map;

/**
 * How an embedded server writes to disk. The choice is always explicit, because it changes every
 * figure that involves a commit: a benchmark must never measure {@link #FAST} by accident, and a
 * test suite has no reason to wait for fsync.
 */
public enum Durability {

    /**
     * PostgreSQL's shipped settings: {@code fsync}, {@code synchronous_commit} and
     * {@code full_page_writes} on, as production runs. zonky starts the server with {@code -F}
     * (fsync off); these settings come after it on the command line and win.
     */
    SHIPPED(Map.of("fsync", "on", "synchronous_commit", "on", "full_page_writes", "on")),

    /** No durability at all (a crash loses the data): for test suites, never for figures. */
    FAST(Map.of("fsync", "off", "synchronous_commit", "off", "full_page_writes", "off"));

    private final Map<String, String> settings;

    Durability(Map<String, String> settings) {
        this.settings = settings;
    }

    /** The server settings this durability stands for. */
    public Map<String, String> settings() {
        return settings;
    }
}
