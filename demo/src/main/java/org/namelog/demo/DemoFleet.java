package org.namelog.demo;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.namelog.service.RunningService;
import org.namelog.service.ServiceConfig;
import org.namelog.service.a.ServiceA;
import org.namelog.service.b.ServiceB;

/** Instances of services A and B, each on a free port, as the real fleet would run them. */
public final class DemoFleet implements AutoCloseable {

    private final List<RunningService> instances = new ArrayList<>();
    private final LoadGenerator.Targets targets;

    private DemoFleet(DemoDatabase db, int a, int b) {
        List<URI> serviceA = new ArrayList<>();
        List<URI> serviceB = new ArrayList<>();
        try {
            for (int i = 1; i <= a; i++) {
                RunningService s = ServiceA.start(config(db, ServiceA.SERVICE, "a" + i));
                instances.add(s);
                serviceA.add(URI.create("http://127.0.0.1:" + s.port()));
            }
            for (int i = 1; i <= b; i++) {
                RunningService s = ServiceB.start(config(db, ServiceB.SERVICE, "b" + i));
                instances.add(s);
                serviceB.add(URI.create("http://127.0.0.1:" + s.port()));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        this.targets = new LoadGenerator.Targets(serviceA, serviceB);
    }

    public static DemoFleet start(DemoDatabase db, int a, int b) {
        return new DemoFleet(db, a, b);
    }

    private static ServiceConfig config(DemoDatabase db, String service, String instance) {
        return ServiceConfig.of(service, db.jdbcUrl(), db.user(), db.password())
                .withInstanceId("demo-" + instance + "-" + ProcessHandle.current().pid());
    }

    public LoadGenerator.Targets targets() {
        return targets;
    }

    public List<RunningService> instances() {
        return List.copyOf(instances);
    }

    @Override
    public void close() {
        instances.forEach(RunningService::stop);
    }
}
