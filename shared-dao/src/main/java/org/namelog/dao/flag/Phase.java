package org.namelog.dao.flag;

/**
 * The rollout, one step at a time. The fleet is never more than one phase apart: any two
 * neighbouring phases can run side by side and still return the name that was written.
 */
public enum Phase {
    /** Before the migration: text only. */
    LEGACY(Paths.of(ReadPath.LEGACY, WritePath.LEGACY)),
    /** After expand: every write also fills name_id; reads stay on the text. */
    DUAL_WRITE(Paths.of(ReadPath.LEGACY, WritePath.DUAL)),
    /** After backfill, verify and validate: reads go through name_id; writes still fill both. */
    READ_NEW(Paths.of(ReadPath.NEW, WritePath.DUAL)),
    /** The legacy text is no longer written (it may be NULL from now on). */
    NEW_ONLY(Paths.of(ReadPath.NEW, WritePath.NEW)),
    /** The legacy column is dropped. No way back. */
    CONTRACTED(new Paths(ReadPath.NEW, WritePath.NEW, NameColumn.DROPPED));

    private final Paths paths;

    Phase(Paths paths) {
        this.paths = paths;
    }

    /** The paths every instance uses in this phase, unless a service pins its reads. */
    public Paths paths() {
        return paths;
    }

    /** The phase after this one, or this one if it is the last. */
    public Phase next() {
        return this == CONTRACTED ? this : values()[ordinal() + 1];
    }

    /** The phase before this one, or this one if it is the first. */
    public Phase previous() {
        return this == LEGACY ? this : values()[ordinal() - 1];
    }
}
