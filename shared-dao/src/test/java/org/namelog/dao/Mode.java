package org.namelog.dao;

import org.namelog.dao.flag.NameColumn;
import org.namelog.dao.flag.Paths;
import org.namelog.dao.flag.Phase;
import org.namelog.dao.flag.ReadPath;
import org.namelog.dao.flag.WritePath;

/** Every DAO mode the tests run through: the five phases, plus shadow reads beside dual writes. */
enum Mode {
    LEGACY(Phase.LEGACY.paths()),
    DUAL_WRITE(Phase.DUAL_WRITE.paths()),
    SHADOW(Paths.of(ReadPath.SHADOW, WritePath.DUAL)),
    READ_NEW(Phase.READ_NEW.paths()),
    NEW_ONLY(Phase.NEW_ONLY.paths()),
    CONTRACTED(Phase.CONTRACTED.paths());

    final Paths paths;

    Mode(Paths paths) {
        this.paths = paths;
    }

    boolean contracted() {
        return paths.nameColumn() == NameColumn.DROPPED;
    }
}
