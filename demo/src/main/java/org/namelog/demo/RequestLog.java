package org.namelog.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/** Every request the load generator made, with its outcome, for the report and the chart. */
public final class RequestLog {

    /** One request: when it started (ms since the run began), how long it took, in which phase. */
    public record Request(long startMillis, double latencyMillis, String phase, String kind, Outcome outcome) {}

    public enum Outcome {
        OK,
        /** An HTTP error, a timeout, or a refused connection. */
        ERROR,
        /** 503 while the database was down on purpose (the fault tests). */
        UNAVAILABLE,
        /** A read that answered, but not with what was written. */
        WRONG_READ
    }

    private final long startNanos = System.nanoTime();
    private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    private final AtomicLong problemCount = new AtomicLong();
    private volatile String phase = "LEGACY";

    /** The phase the fleet is in now (set by the rollout as it moves). */
    public void phase(String phase) {
        this.phase = phase;
    }

    public String phase() {
        return phase;
    }

    public long nowMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    public long startNanos() {
        return startNanos;
    }

    public void record(long startNanos, String kind, Outcome outcome, String problem) {
        long end = System.nanoTime();
        requests.add(new Request((startNanos - this.startNanos) / 1_000_000, (end - startNanos) / 1e6, phase, kind, outcome));
        if (problem != null && problemCount.incrementAndGet() <= 50) {
            problems.add("[" + phase + "] " + problem);
        }
    }

    public List<Request> requests() {
        return new ArrayList<>(requests);
    }

    /** The first problems seen (at most 50), for the report. */
    public List<String> problems() {
        return new ArrayList<>(problems);
    }

    public long count(Outcome outcome) {
        return requests.stream().filter(r -> r.outcome() == outcome).count();
    }
}
