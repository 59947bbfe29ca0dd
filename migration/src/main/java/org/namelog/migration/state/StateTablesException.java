package org.namelog.migration.state;

import org.namelog.migration.MigrationException;

/** The coordination and tool tables could not be created. */
public final class StateTablesException extends MigrationException {

    StateTablesException(String message, Throwable cause) {
        super(message, cause);
    }
}
