package org.namelog.migration;

/**
 * The root of every failure the tool reports. Its message is one line saying what happened and
 * what to do next.
 *
 * <p>The migration core (rollout rules, state, steps, verification) raises subtypes of its own
 * kind and leaves the exit code to the command line, which maps them in one place
 * ({@link ExitCode#of(MigrationException)}). The command line's own failures carry their exit code.
 */
public class MigrationException extends RuntimeException {

    /** The exit code of a core failure: decided by its kind, on the command line. */
    static final int BY_KIND = -1;

    private final int exitCode;

    public MigrationException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public MigrationException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** A core failure of its own kind; the command line picks the exit code. */
    protected MigrationException(String message, Throwable cause) {
        super(message, cause);
        this.exitCode = BY_KIND;
    }

    /** The exit code the command line gave it, or {@code -1} for a core failure (see {@link ExitCode#of}). */
    public int exitCode() {
        return exitCode;
    }

    public static MigrationException prerequisite(String message) {
        return new MigrationException(ExitCode.PREREQUISITES_NOT_MET, message);
    }

    public static MigrationException unreachable(String message, Throwable cause) {
        return new MigrationException(ExitCode.DATABASE_UNREACHABLE, message, cause);
    }
}
