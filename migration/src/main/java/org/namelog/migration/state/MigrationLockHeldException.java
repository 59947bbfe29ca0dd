package org.namelog.migration.state;

import java.util.Optional;
import org.namelog.migration.MigrationException;

/** Another run holds the migration's advisory lock; nothing was changed. */
public final class MigrationLockHeldException extends MigrationException {

    private final transient LockHolder holder;

    MigrationLockHeldException(LockHolder holder) {
        super("another namelog-migrate run holds the migration lock: "
                + (holder == null ? "a session that has just ended (try again)" : holder.toString())
                + "; wait for it to finish (or end that session) and run again", null);
        this.holder = holder;
    }

    /** Who holds it, if the session was still there when asked. */
    public Optional<LockHolder> holder() {
        return Optional.ofNullable(holder);
    }
}
