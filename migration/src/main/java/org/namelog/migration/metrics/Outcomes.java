package org.namelog.migration.metrics;

import org.namelog.migration.ExitCode;

/** The outcome label of a finished command: its exit code's name, so dashboards need no lookup table. */
final class Outcomes {

    private Outcomes() {
    }

    static String of(int exitCode) {
        return switch (exitCode) {
            case ExitCode.OK -> "ok";
            case ExitCode.UNEXPECTED -> "unexpected";
            case ExitCode.USAGE -> "usage";
            case ExitCode.LOCK_HELD -> "lock_held";
            case ExitCode.PREREQUISITES_NOT_MET -> "prerequisites_not_met";
            case ExitCode.VERIFICATION_FAILED -> "verification_failed";
            case ExitCode.LOCK_TIMEOUT_RETRIES_EXHAUSTED -> "lock_timeout_retries_exhausted";
            case ExitCode.DATABASE_UNREACHABLE -> "database_unreachable";
            case ExitCode.STOPPED_RESUMABLE -> "stopped_resumable";
            case ExitCode.FLEET_NOT_SWITCHED -> "fleet_not_switched";
            default -> "exit_" + exitCode;
        };
    }
}
