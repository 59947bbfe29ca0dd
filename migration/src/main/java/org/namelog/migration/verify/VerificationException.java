package org.namelog.migration.verify;

import org.namelog.migration.MigrationException;

/** The verification could not read the table (not a mismatch: those are in its {@link Verification.Report}). */
public final class VerificationException extends MigrationException {

    VerificationException(String message, Throwable cause) {
        super(message, cause);
    }
}
