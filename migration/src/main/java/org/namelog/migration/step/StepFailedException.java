package org.namelog.migration.step;

import org.namelog.migration.MigrationException;

/** A schema action ran but the catalogs do not show its effect: the schema needs a look by hand. */
public final class StepFailedException extends MigrationException {

    StepFailedException(String message) {
        super(message, null);
    }
}
