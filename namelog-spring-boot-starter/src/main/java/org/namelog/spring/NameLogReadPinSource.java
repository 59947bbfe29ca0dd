package org.namelog.spring;

import java.util.function.Supplier;
import org.namelog.dao.fleet.ReadPin;

/**
 * Where the read pin comes from while the application runs (for example a team's flag system,
 * see {@code namelog-openfeature}). Declare one as a bean and it replaces {@code namelog.read-pin};
 * the pin it answers obeys the same rules. Asked at every read of the phase: answer from memory.
 */
@FunctionalInterface
public interface NameLogReadPinSource extends Supplier<ReadPin> {}
