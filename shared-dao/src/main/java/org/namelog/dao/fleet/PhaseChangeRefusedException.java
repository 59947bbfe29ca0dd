package org.namelog.dao.fleet;

import java.util.List;
import org.namelog.dao.NameLogDaoException;

/** The phase was not changed: a rule or prerequisite forbids the move now. Nothing was written. */
public final class PhaseChangeRefusedException extends NameLogDaoException {

    private final List<String> reasons;

    public PhaseChangeRefusedException(String summary, List<String> reasons) {
        super(summary + ":\n  - " + String.join("\n  - ", reasons));
        this.reasons = List.copyOf(reasons);
    }

    /** Each unmet rule or prerequisite, as a sentence saying what to do. */
    public List<String> reasons() {
        return reasons;
    }
}
