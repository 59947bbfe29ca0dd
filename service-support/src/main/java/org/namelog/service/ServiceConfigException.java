package org.namelog.service;

import java.util.List;

/** The configuration is invalid; every problem found is listed, each saying what to set. */
public final class ServiceConfigException extends ServiceException {

    private final List<String> problems;

    public ServiceConfigException(List<String> problems) {
        super("invalid configuration:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
