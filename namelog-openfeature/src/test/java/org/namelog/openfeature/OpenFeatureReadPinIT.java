package org.namelog.openfeature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.Value;
import dev.openfeature.sdk.providers.memory.Flag;
import dev.openfeature.sdk.providers.memory.InMemoryProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.namelog.dao.DaoConfig;
import org.namelog.dao.NameLogDao;
import org.namelog.dao.NameLogEntry;
import org.namelog.dao.flag.Phase;
import org.namelog.dao.fleet.DatabaseFlagSource;
import org.namelog.dao.fleet.FlagSourceConfig;
import org.namelog.dao.fleet.GateConfig;
import org.namelog.dao.fleet.Heartbeat;
import org.namelog.dao.fleet.InstanceIdentity;
import org.namelog.dao.fleet.PhaseGate;
import org.namelog.dao.fleet.Prerequisites;
import org.namelog.dao.fleet.ReadPin;
import org.namelog.dao.fleet.StateTables;
import org.namelog.migration.NameLogMigrate;
import org.namelog.testing.PostgresTest;
import org.namelog.testing.TestDatabase;

/**
 * A team pins one service's reads in its own flag system (here OpenFeature's in-memory provider)
 * while traffic runs: the pin takes effect within a poll, never moves reads ahead of the fleet,
 * shows in the heartbeat table, and holds the gate until it is released.
 */
@PostgresTest
class OpenFeatureReadPinIT {

    private static final Duration POLL = Duration.ofMillis(50);

    /** One service instance: pool, phase follower with its pin from OpenFeature, heartbeat, DAO. */
    private record Instance(HikariDataSource pool, HikariDataSource fleetPool, DatabaseFlagSource flags,
            Heartbeat heartbeat, NameLogDao dao, SimpleMeterRegistry registry, AtomicLong pinReads)
            implements AutoCloseable {

        static Instance start(TestDatabase db, String id, String service, Client client) {
            HikariDataSource pool = db.newPool(id, 6);
            HikariDataSource fleetPool = db.newPool(id + "-fleet", 3);
            InstanceIdentity identity = new InstanceIdentity(id, service, "host-1");
            OpenFeatureReadPin pin = OpenFeatureReadPin.forInstance(client, identity);
            AtomicLong pinReads = new AtomicLong();
            DatabaseFlagSource flags = DatabaseFlagSource.start(fleetPool, new FlagSourceConfig(POLL, ReadPin.NONE)
                    .withReadPinSource(() -> {
                        pinReads.incrementAndGet();
                        return pin.get();
                    }));
            Heartbeat heartbeat = Heartbeat.start(fleetPool, flags, identity);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            return new Instance(pool, fleetPool, flags, heartbeat, NameLogDao.create(pool, flags, registry, DaoConfig.defaults()),
                    registry, pinReads);
        }

        /** Waits until the flag source asked for the pin at least twice more (two full reads of the phase). */
        void awaitPinReadTwice() {
            long seen = pinReads.get();
            await().atMost(Duration.ofSeconds(10)).until(() -> pinReads.get() >= seen + 2);
        }

        @Override
        public void close() {
            heartbeat.close();
            flags.close();
            fleetPool.close();
            pool.close();
        }
    }

    /** A per-service pin, as a flag system targets it: {@code pin} for service-b, NONE for every other. */
    private static Flag<String> pinForServiceB(ReadPin pin) {
        return Flag.<String>builder()
                .variant("NONE", "NONE").variant("LEGACY", "LEGACY").variant("SHADOW", "SHADOW")
                .defaultVariant("NONE")
                .contextEvaluator((flag, context) -> {
                    Value service = context.getValue("service");
                    return service != null && "service-b".equals(service.asString()) ? pin.name() : "NONE";
                })
                .build();
    }

    @Test
    void aPinFlippedInTheFlagSystemHoldsOneServiceBackWhileLoadRunsAndTheGateSeesIt(TestDatabase db) throws Exception {
        StateTables.create(db.dataSource());
        db.expand();
        PhaseGate gate = PhaseGate.create(db.dataSource(), GateConfig.defaults(), Prerequisites.NONE);
        InMemoryProvider teamFlags = new InMemoryProvider(Map.of(OpenFeatureReadPin.FLAG, pinForServiceB(ReadPin.NONE)));
        String domain = "team-flags-" + System.nanoTime();
        OpenFeatureAPI.getInstance().setProviderAndWait(domain, teamFlags);
        Client client = OpenFeatureAPI.getInstance().getClient(domain);

        try (Instance a = Instance.start(db, "a-1", "service-a", client);
                Instance b = Instance.start(db, "b-1", "service-b", client);
                Load load = Load.start(a.dao(), b.dao())) {
            gate.advance(Phase.DUAL_WRITE, Duration.ofSeconds(10));
            load.awaitProgress();
            // the entries written on LEGACY get their name_id before anyone reads through it
            assertThat(tool(db, "backfill", "--no-progress")).isZero();

            teamFlags.updateFlag(OpenFeatureReadPin.FLAG, pinForServiceB(ReadPin.SHADOW));
            awaitHeartbeat(db, "b-1", "DUAL_WRITE", "SHADOW");
            assertThat(heartbeat(db, "a-1")).containsExactly("DUAL_WRITE", "LEGACY");
            load.awaitProgress();

            gate.advance(Phase.READ_NEW, Duration.ofSeconds(10));
            // pinned on DUAL_WRITE, so held back through READ_NEW; the other service reads name_id
            awaitHeartbeat(db, "b-1", "READ_NEW", "SHADOW");
            awaitHeartbeat(db, "a-1", "READ_NEW", "NEW");
            teamFlags.updateFlag(OpenFeatureReadPin.FLAG, pinForServiceB(ReadPin.LEGACY));
            awaitHeartbeat(db, "b-1", "READ_NEW", "LEGACY");
            load.awaitProgress();

            // the operator's advance (the tool's transition table) refuses, naming the pinned instance
            ByteArrayOutputStream refusal = new ByteArrayOutputStream();
            int exit;
            try (PrintStream err = new PrintStream(refusal, true, StandardCharsets.UTF_8)) {
                exit = NameLogMigrate.run(db.password() == null ? Map.of() : Map.of("NAMELOG_PASSWORD", db.password()),
                        new PrintStream(OutputStream.nullOutputStream()), err, "advance", "--to", "NEW_ONLY",
                        "--timeout", "2s", "--jdbc-url", db.jdbcUrl(), "--user", db.user());
            }
            assertThat(exit).as("advance's exit; it said %s", refusal).isEqualTo(4);
            assertThat(refusal.toString(StandardCharsets.UTF_8)).contains("b-1");

            teamFlags.updateFlag(OpenFeatureReadPin.FLAG, pinForServiceB(ReadPin.NONE));
            awaitHeartbeat(db, "b-1", "READ_NEW", "NEW");
            load.awaitProgress();

            // pinning again on READ_NEW would race the gate: the pin is not engaged
            teamFlags.updateFlag(OpenFeatureReadPin.FLAG, pinForServiceB(ReadPin.LEGACY));
            b.awaitPinReadTwice();
            assertThat(heartbeat(db, "b-1")).containsExactly("READ_NEW", "NEW");
            assertThat(b.flags().current()).isEqualTo(Phase.READ_NEW.paths());

            teamFlags.updateFlag(OpenFeatureReadPin.FLAG, pinForServiceB(ReadPin.NONE));
            gate.advance(Phase.NEW_ONLY, Duration.ofSeconds(10));
            load.awaitProgress();

            // from NEW_ONLY on, a pin from the flag system is released for good
            teamFlags.updateFlag(OpenFeatureReadPin.FLAG, pinForServiceB(ReadPin.LEGACY));
            b.awaitPinReadTwice();
            assertThat(b.flags().current()).isEqualTo(Phase.NEW_ONLY.paths());
            load.awaitProgress();
            // the SHADOW reads compared the text with name_id on one snapshot: no false alarm
            assertThat(b.registry().get("namelog.dao.shadow.mismatches").counter().count()).isZero();
        }
    }

    private static int tool(TestDatabase db, String... command) {
        String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(command),
                java.util.stream.Stream.of("--jdbc-url", db.jdbcUrl(), "--user", db.user())).toArray(String[]::new);
        return NameLogMigrate.run(db.password() == null ? Map.of() : Map.of("NAMELOG_PASSWORD", db.password()),
                new PrintStream(OutputStream.nullOutputStream()), new PrintStream(OutputStream.nullOutputStream()), args);
    }

    private static void awaitHeartbeat(TestDatabase db, String instanceId, String phase, String readPath) {
        await().atMost(Duration.ofSeconds(10)).until(() -> heartbeat(db, instanceId), List.of(phase, readPath)::equals);
    }

    private static List<Object> heartbeat(TestDatabase db, String instanceId) {
        List<List<Object>> rows = db.queryRows("SELECT phase, read_path FROM namelog_instances WHERE instance_id = '"
                + instanceId + "'");
        return rows.isEmpty() ? List.of() : rows.get(0);
    }

    /**
     * Writes through service A and reads back through service B, all the time: every read must
     * return exactly the name last written.
     */
    private static final class Load implements AutoCloseable {

        private final NameLogDao writer;
        private final NameLogDao reader;
        private final Map<Long, String> written = new ConcurrentHashMap<>();
        private final Map<Long, String> renaming = new ConcurrentHashMap<>();
        private final List<String> wrong = new CopyOnWriteArrayList<>();
        private final AtomicLong reads = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new CopyOnWriteArrayList<>();

        private Load(NameLogDao writer, NameLogDao reader) {
            this.writer = writer;
            this.reader = reader;
        }

        static Load start(NameLogDao writer, NameLogDao reader) {
            Load load = new Load(writer, reader);
            load.run("writer", load::write);
            load.run("reader", load::read);
            return load;
        }

        private void run(String name, Runnable step) {
            Thread thread = new Thread(() -> {
                while (running.get()) {
                    try {
                        step.run();
                    } catch (RuntimeException e) {
                        wrong.add(name + " failed: " + e);
                    }
                }
            }, "load-" + name);
            threads.add(thread);
            thread.start();
        }

        private void write() {
            int n = ThreadLocalRandom.current().nextInt(50);
            String name = n == 0 ? null : n == 1 ? "" : "name-" + n + (n % 3 == 0 ? " É" : "");
            long id = writer.insert(name, 1);
            written.put(id, name == null ? "\0null" : name);
            if (n % 5 == 0 && !written.isEmpty()) {
                String renamed = "renamed-" + n;
                // a reader may see the rename committed before the map says so: it is pending till then
                renaming.put(id, renamed);
                if (writer.rename(id, renamed)) {
                    written.put(id, renamed);
                }
                renaming.remove(id);
            }
        }

        private void read() {
            Long[] ids = written.keySet().toArray(new Long[0]);
            if (ids.length == 0) {
                Thread.onSpinWait();
                return;
            }
            long id = ids[ThreadLocalRandom.current().nextInt(ids.length)];
            String expected = written.get(id);
            NameLogEntry entry = reader.findById(id).orElse(null);
            String actual = entry == null ? "<missing>" : entry.name() == null ? "\0null" : entry.name();
            if (!actual.equals(expected) && !actual.equals(written.get(id)) && !actual.equals(renaming.get(id))) {
                wrong.add("entry " + id + ": expected " + expected + " but read " + actual);
            }
            reads.incrementAndGet();
        }

        /** Waits for a few more reads and writes, then checks that all were exact. */
        void awaitProgress() {
            long readsBefore = reads.get();
            int writtenBefore = written.size();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> reads.get() >= readsBefore + 50 && written.size() >= writtenBefore + 20);
            assertThat(wrong).isEmpty();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            for (Thread thread : threads) {
                thread.join(10_000);
            }
            assertThat(wrong).isEmpty();
        }
    }
}
