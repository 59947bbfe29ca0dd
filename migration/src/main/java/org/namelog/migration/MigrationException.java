package org.namelog.migration;

/**
 * The root of every failure the tool reports. Its message is one line saying what happened and
 * what to do next; {@link #exitCode()} is what the process returns.
 */
public class MigrationException extends RuntimeException {

    private final int exitCode;

    public MigrationException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public MigrationException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

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
