package org.namelog.migration.backfill;

/** Ends the backfill at a batch boundary, resumably: Ctrl-C, outside the window, a changed epoch. */
final class StopRequested extends RuntimeException {

    StopRequested(String reason) {
        super(reason, null, false, false);
    }
}
