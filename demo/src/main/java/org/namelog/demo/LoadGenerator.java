package org.namelog.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.namelog.testbed.Dataset;

/**
 * Drives services A and B over HTTP like their real clients, and checks every answer against what
 * was written.
 *
 * <p>Each worker owns a disjoint set of entries (the preloaded ids congruent to its number, and
 * the ones it inserts), so it knows what every one of them must read back as without any locking
 * between workers: a wrong read is a real one, never a race between two workers.
 */
public final class LoadGenerator implements AutoCloseable {

    /** Where the services listen. */
    public record Targets(List<URI> serviceA, List<URI> serviceB) {
        public Targets {
            if (serviceA.isEmpty() || serviceB.isEmpty()) {
                throw new IllegalArgumentException("at least one instance of each service is needed");
            }
        }
    }

    /**
     * What an entry must read back as. After a write that failed, the write may or may not have
     * happened (a connection that broke mid-commit): both outcomes are accepted until a read
     * settles which one it was.
     */
    private record Expected(String name, int status, boolean uncertain, String otherName, int otherStatus) {
        Expected(String name, int status) {
            this(name, status, false, null, 0);
        }

        boolean matches(String readName, int readStatus) {
            return (Objects.equals(readName, name) && readStatus == status)
                    || (uncertain && Objects.equals(readName, otherName) && readStatus == otherStatus);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Targets targets;
    private final long preloadedRows;
    private final Dataset dataset;
    private final int workers;
    private final double requestsPerSecond;
    private final RequestLog log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean outageExpected = new AtomicBoolean();
    private final AtomicLong uniqueNames = new AtomicLong();
    private final ExecutorService pool;
    private final List<Map<Long, Expected>> owned = new ArrayList<>();

    public LoadGenerator(Targets targets, long preloadedRows, int workers, double requestsPerSecond, RequestLog log) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1 but was " + workers);
        }
        if (requestsPerSecond <= 0) {
            throw new IllegalArgumentException("requestsPerSecond must be > 0 but was " + requestsPerSecond);
        }
        this.targets = targets;
        this.preloadedRows = preloadedRows;
        this.dataset = DemoDatabase.dataset(preloadedRows);
        this.workers = workers;
        this.requestsPerSecond = requestsPerSecond;
        this.log = log;
        this.pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "load");
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        running.set(true);
        for (int w = 0; w < workers; w++) {
            owned.add(new HashMap<>());
        }
        for (int w = 0; w < workers; w++) {
            int worker = w;
            pool.submit(() -> work(worker));
        }
    }

    /** While set, 503 answers are expected (the database is down on purpose) and counted apart. */
    public void expectOutage(boolean expected) {
        outageExpected.set(expected);
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        pool.shutdown();
        if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
            pool.shutdownNow();
        }
    }

    private void work(int worker) {
        SplittableRandom random = new SplittableRandom(worker * 7919L + 1);
        Map<Long, Expected> mine = owned.get(worker);   // entries this worker changed or inserted
        List<Long> inserted = new ArrayList<>();
        long periodNanos = (long) (1e9 * workers / requestsPerSecond);
        long next = System.nanoTime();
        while (running.get()) {
            next += periodNanos;
            try {
                step(worker, random, mine, inserted);
            } catch (RuntimeException unexpected) {
                log.record(System.nanoTime(), "bug", RequestLog.Outcome.ERROR, "load generator: " + unexpected);
            }
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else {
                next = System.nanoTime();
            }
        }
    }

    private void step(int worker, SplittableRandom random, Map<Long, Expected> mine, List<Long> inserted) {
        int dice = random.nextInt(100);
        if (dice < 25) {
            String name = newEntryName(random, uniqueNames.incrementAndGet());
            int status = random.nextInt(5);
            ObjectNode body = JSON.createObjectNode().put("name", name).put("status", status);
            JsonNode created = call("insert", "POST", pick(targets.serviceA(), random), "/entries", body, 201);
            if (created != null && created.hasNonNull("id")) {
                long id = created.get("id").asLong();
                mine.put(id, new Expected(name, status));
                inserted.add(id);
            }
        } else if (dice < 35) {
            long id = ownedId(worker, random, inserted);
            int status = random.nextInt(5);
            Expected before = expected(id, mine);
            if (call("status", "PUT", pick(targets.serviceA(), random), "/entries/" + id + "/status",
                    JSON.createObjectNode().put("status", status), 200, 204) != null) {
                mine.put(id, new Expected(before.name(), status));
            } else if (!before.uncertain()) {
                mine.put(id, new Expected(before.name(), before.status(), true, before.name(), status));
            }
        } else if (dice < 45) {
            long id = ownedId(worker, random, inserted);
            String name = newEntryName(random, uniqueNames.incrementAndGet());
            Expected before = expected(id, mine);
            if (call("rename", "PUT", pick(targets.serviceA(), random), "/entries/" + id + "/name",
                    JSON.createObjectNode().put("name", name), 200, 204) != null) {
                mine.put(id, new Expected(name, before.status()));
            } else if (!before.uncertain()) {
                mine.put(id, new Expected(before.name(), before.status(), true, name, before.status()));
            }
        } else if (dice < 80) {
            long id = ownedId(worker, random, inserted);
            List<URI> readers = random.nextBoolean() ? targets.serviceA() : targets.serviceB();
            long start = System.nanoTime();
            JsonNode entry = fetch("read by id", pick(readers, random), "/entries/" + id, start);
            if (entry != null) {
                Expected want = expected(id, mine);
                String got = entry.get("name") == null || entry.get("name").isNull() ? null : entry.get("name").asText();
                int status = entry.path("status").asInt(-1);
                if (!want.matches(got, status)) {
                    log.record(start, "read by id", RequestLog.Outcome.WRONG_READ, "entry " + id + " read as ("
                            + abbreviate(got) + ", " + status + "), written as (" + abbreviate(want.name()) + ", "
                            + want.status() + ")");
                } else {
                    log.record(start, "read by id", RequestLog.Outcome.OK, null);
                    if (want.uncertain()) {
                        mine.put(id, new Expected(got, status));
                    }
                }
            }
        } else {
            String name = dataset.drawName(random);
            long start = System.nanoTime();
            JsonNode page = fetch("read by name", pick(targets.serviceB(), random),
                    "/entries?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "&after=0&limit=20", start);
            if (page != null) {
                JsonNode entries = page.isArray() ? page : page.path("entries");
                boolean allMatch = true;
                for (JsonNode e : entries) {
                    allMatch &= name.equals(e.path("name").asText(null));
                }
                log.record(start, "read by name", allMatch ? RequestLog.Outcome.OK : RequestLog.Outcome.WRONG_READ,
                        allMatch ? null : "by name " + name + " returned another name");
            }
        }
    }

    /**
     * After {@link #close()}: reads back every entry the workers changed or inserted and counts
     * those that do not read back as acknowledged.
     *
     * @return {checked, lost or wrong}
     */
    public long[] checkEveryOwnedEntry() {
        if (running.get()) {
            throw new IllegalStateException("stop the load first");
        }
        long checked = 0;
        long bad = 0;
        SplittableRandom random = new SplittableRandom(1);
        for (Map<Long, Expected> mine : owned) {
            for (Map.Entry<Long, Expected> e : mine.entrySet()) {
                checked++;
                long start = System.nanoTime();
                JsonNode entry = fetch("final check", pick(targets.serviceB(), random), "/entries/" + e.getKey(), start);
                String got = entry == null || entry.path("name").isNull() || entry.path("name").isMissingNode()
                        ? null : entry.get("name").asText();
                if (entry == null || !e.getValue().matches(got, entry.path("status").asInt(-1))) {
                    bad++;
                    log.record(start, "final check", RequestLog.Outcome.WRONG_READ,
                            "entry " + e.getKey() + " does not read back as acknowledged");
                }
            }
        }
        return new long[] {checked, bad};
    }

    private long ownedId(int worker, SplittableRandom random, List<Long> inserted) {
        if (!inserted.isEmpty() && random.nextInt(4) == 0) {
            return inserted.get(random.nextInt(inserted.size()));
        }
        // preloaded ids congruent to this worker: no other worker ever writes them
        long slots = Math.max(1, preloadedRows / workers);
        return random.nextLong(slots) * workers + worker + 1;
    }

    /** A name for a new entry: mostly existing ones (skewed like the preloaded rows), sometimes one never seen before. */
    private String newEntryName(SplittableRandom random, long unique) {
        return random.nextInt(10) == 0 ? "new-customer-" + unique : dataset.drawName(random);
    }

    private Expected expected(long id, Map<Long, Expected> mine) {
        Expected known = mine.get(id);
        return known != null ? known : new Expected(dataset.nameFor(id), Dataset.statusFor(id));
    }

    private static URI pick(List<URI> uris, SplittableRandom random) {
        return uris.get(random.nextInt(uris.size()));
    }

    /** A write; returns its JSON body (or an empty object), or null if it failed (logged). */
    private JsonNode call(String kind, String method, URI base, String path, JsonNode body, int... okStatuses) {
        long start = System.nanoTime();
        try {
            HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            for (int ok : okStatuses) {
                if (response.statusCode() == ok) {
                    log.record(start, kind, RequestLog.Outcome.OK, null);
                    return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
                }
            }
            failed(start, kind, method + " " + path, response);
        } catch (Exception e) {
            log.record(start, kind, RequestLog.Outcome.ERROR, method + " " + path + ": " + e);
        }
        return null;
    }

    private JsonNode fetch(String kind, URI base, String path, long start) {
        try {
            HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).GET().build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                return JSON.readTree(response.body());
            }
            failed(start, kind, "GET " + path, response);
        } catch (Exception e) {
            log.record(start, kind, RequestLog.Outcome.ERROR, "GET " + path + ": " + e);
        }
        return null;
    }

    private void failed(long start, String kind, String what, HttpResponse<String> response) {
        boolean planned = response.statusCode() == 503 && outageExpected.get()
                && response.headers().firstValue("Retry-After").isPresent();
        log.record(start, kind, planned ? RequestLog.Outcome.UNAVAILABLE : RequestLog.Outcome.ERROR,
                planned ? null : what + " answered " + response.statusCode() + ": " + abbreviate(response.body()));
    }

    private static String abbreviate(String s) {
        return s == null ? "null" : s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
