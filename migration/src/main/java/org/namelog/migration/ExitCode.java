package org.namelog.migration;

/** The exit codes of {@code namelog-migrate}. Scripts may rely on them; they never change meaning. */
public final class ExitCode {

    /** Done (or already done: nothing to change). */
    public static final int OK = 0;
    /** A failure the tool did not expect: read the message, it names the cause. */
    public static final int UNEXPECTED = 1;
    /** Bad command line or option value. */
    public static final int USAGE = 2;
    /** Another run of the tool holds the migration's advisory lock. */
    public static final int LOCK_HELD = 3;
    /** A prerequisite of the command does not hold (wrong phase, step not done, rows missing name_id). */
    public static final int PREREQUISITES_NOT_MET = 4;
    /** {@code verify} found mismatches. */
    public static final int VERIFICATION_FAILED = 5;
    /** A DDL statement kept timing out on its lock; every retry was used. */
    public static final int LOCK_TIMEOUT_RETRIES_EXHAUSTED = 6;
    /** The database cannot be reached (or refused the login). */
    public static final int DATABASE_UNREACHABLE = 7;
    /** The run stopped before it was done (Ctrl-C, or outside its window): run it again to resume. */
    public static final int STOPPED_RESUMABLE = 8;
    /** The phase was set, but live instances did not switch in time: the message names them. */
    public static final int FLEET_NOT_SWITCHED = 9;

    private ExitCode() {
    }

    /**
     * The exit code of a failure: the one the command line gave it, else by the core failure's
     * kind. The only place that maps the core's failures to exit codes.
     */
    public static int of(MigrationException failure) {
        if (failure.exitCode() != MigrationException.BY_KIND) {
            return failure.exitCode();
        }
        if (failure instanceof org.namelog.migration.rollout.RulesNotMetException) {
            return PREREQUISITES_NOT_MET;
        }
        if (failure instanceof org.namelog.migration.state.MigrationLockHeldException) {
            return LOCK_HELD;
        }
        return UNEXPECTED;
    }
}
