package org.namelog.migration.model;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.namelog.testing.TestDatabase;

/** The service instances: two of service A (they write and read), one of service B (it reads). */
final class Fleet implements AutoCloseable {

    private final List<Instance> instances;

    private Fleet(List<Instance> instances) {
        this.instances = instances;
    }

    static Fleet start(TestDatabase db) {
        return new Fleet(List.of(
                Instance.start("a-1", "service-a", true, db),
                Instance.start("a-2", "service-a", true, db),
                Instance.start("b-1", "service-b", false, db)));
    }

    List<Instance> all() {
        return instances;
    }

    Stream<Instance> writers() {
        return instances.stream().filter(i -> i.writes);
    }

    /** The instances the test sends calls to now. */
    Stream<Instance> gettingCalls() {
        return instances.stream().filter(Instance::getsCalls);
    }

    Optional<Instance> byId(String id) {
        return instances.stream().filter(i -> i.id.equals(id)).findFirst();
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (Instance instance : instances) {
            try {
                instance.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public String toString() {
        return instances.toString();
    }
}
