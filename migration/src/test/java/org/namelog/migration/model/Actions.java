package org.namelog.migration.model;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.ActionChainArbitrary;
import net.jqwik.api.state.Transformer;
import org.namelog.dao.InvalidNameException;
import org.namelog.dao.NameLogDao;
import org.namelog.dao.NameLogDaoException;
import org.namelog.dao.flag.Phase;
import org.namelog.migration.ExitCode;

/**
 * What may happen to a rollout, one step at a time: writes through the real DAO, the operator's
 * next step forward, any other command the operator might type, and fleet events.
 */
final class Actions {

    /**
     * What to leave out, to look past a failure that one kind of step finds first:
     * {@code -Dnamelog.model.without=stale,cutoff,idle,restart} (fleet events), {@code contracted}
     * (the fleet never goes on to CONTRACTED: NEW_ONLY goes back instead).
     */
    static final List<String> WITHOUT = List.of(System.getProperty("namelog.model.without", "").split(","));

    private Actions() {
    }

    /** Sequences of {@code steps} actions, each on a fresh rollout. */
    static ActionChainArbitrary<Rollout> sequences(int steps) {
        return ActionChain.startWith(Rollout::start)
                .withAction(5, new Write())
                .withAction(5, new Progress())
                .withAction(2, new Detour())
                .withAction(2, new Runbook())
                .withAction(2, new FleetEvent())
                .withMaxTransformations(steps);
    }

    // ------------------------------------------------------------------ writes

    /** Insert, status change, rename (to NULL and hostile names included) through one A instance. */
    static final class Write implements Action.Dependent<Rollout> {

        @Override
        public boolean precondition(Rollout rollout) {
            return rollout.fleet.writers().anyMatch(Instance::getsCalls);
        }

        @Override
        public Arbitrary<Transformer<Rollout>> transformer(Rollout rollout) {
            Arbitrary<Instance> writer = Arbitraries.of(rollout.fleet.writers().filter(Instance::getsCalls).toList());
            Arbitrary<Long> entry = Arbitraries.of(rollout.model.ids());
            Arbitrary<Integer> status = Arbitraries.integers().between(1, 4);
            return Combinators.combine(writer, Arbitraries.integers().between(0, 9), entry, Names.any(), status)
                    .as((w, kind, id, name, s) -> kind < 3 ? insert(w, name, s)
                            : kind < 5 ? setStatus(w, id, s) : rename(w, id, name));
        }

        private static Transformer<Rollout> insert(Instance w, String name, int status) {
            return write(w.id + ": insert " + Names.describe(name) + " status " + status, w, (r, dao) -> {
                long id = dao.insert(name, status);
                r.model.inserted(id, name, status);
                r.log("  -> entry " + id);
            }, r -> { /* no id came back: the model cannot follow this entry */ });
        }

        private static Transformer<Rollout> setStatus(Instance w, long id, int status) {
            return write(w.id + ": status of " + id + " to " + status, w, (r, dao) -> {
                if (!dao.updateStatus(id, status)) {
                    throw new AssertionError("entry " + id + " vanished: updateStatus found no such entry\n  "
                            + r.history());
                }
                r.model.statusSet(id, status);
            }, r -> r.model.statusMayHaveBeenSet(id, status));
        }

        private static Transformer<Rollout> rename(Instance w, long id, String name) {
            return write(w.id + ": rename " + id + " to " + Names.describe(name), w, (r, dao) -> {
                if (!dao.rename(id, name)) {
                    throw new AssertionError("entry " + id + " vanished: rename found no such entry\n  " + r.history());
                }
                r.model.renamed(id, name);
            }, r -> r.model.renameMayHaveHappened(id, name));
        }

        private interface Call {
            void run(Rollout rollout, NameLogDao dao);
        }

        /** A write that threw may or may not have happened; a refused name is a bug (all names here are storable). */
        private static Transformer<Rollout> write(String description, Instance w, Call call, Consumer<Rollout> uncertain) {
            return Transformer.mutate(description, r -> {
                r.log(description + "  [" + w + ", " + w.paths() + "]");
                try {
                    call.run(r, w.dao());
                } catch (InvalidNameException e) {
                    throw new AssertionError("a storable name was refused: " + e.getMessage() + "\n  " + r.history(), e);
                } catch (NameLogDaoException e) {
                    r.log("  -> failed (may or may not have happened): " + e.getMessage());
                    uncertain.accept(r);
                }
            });
        }
    }

    // ------------------------------------------------------------------ the tool

    /**
     * The operator's next step forward from where the fleet is: the runbook's order, one command
     * per action, so that sequences get far enough to meet the hard parts.
     */
    static final class Progress implements Action.Dependent<Rollout> {

        @Override
        public Arbitrary<Transformer<Rollout>> transformer(Rollout rollout) {
            Phase phase = rollout.phase();
            List<List<String>> walk = forward(phase);
            int index = phase == rollout.progressPhase ? rollout.progressInPhase % walk.size() : 0;
            // mostly the runbook's next step; sometimes one out of order (a verify too early, a skipped backfill)
            return Arbitraries.frequency(Tuple.of(4, walk.get(index)), Tuple.of(1, walk.get(0)),
                    Tuple.of(1, walk.get(walk.size() - 1))).map(args -> command(args, true));
        }

        static List<List<String>> forward(Phase phase) {
            return switch (phase) {
                case LEGACY -> List.of(List.of("expand"), Tool.move("advance", "DUAL_WRITE"));
                case DUAL_WRITE -> List.of(List.of("backfill", "--no-progress"), List.of("verify"),
                        List.of("validate"), Tool.move("advance", "READ_NEW"));
                case READ_NEW -> List.of(Tool.move("advance", "NEW_ONLY"));
                case NEW_ONLY -> List.of(Tool.move("advance", "CONTRACTED"));
                case CONTRACTED -> List.of(List.of("contract", "--yes"));
            };
        }
    }

    /** Any command the operator might type now: steps back, rollbacks, early or repeated steps, wrong targets. */
    static final class Detour implements Action.Dependent<Rollout> {

        @Override
        public Arbitrary<Transformer<Rollout>> transformer(Rollout rollout) {
            Phase phase = rollout.phase();
            List<Tuple2<Integer, List<String>>> commands = new ArrayList<>();
            Tool.commands().forEach(command -> commands.add(Tuple.of(1, command)));
            // the steps back are where the rules are subtle: each back move and rollback weighs more
            commands.add(Tuple.of(4, Tool.move("back", phase.previous().name())));
            commands.add(Tuple.of(2, List.of("rollback", "--no-progress")));
            commands.add(Tuple.of(1, Tool.move("advance", phase.next().name())));
            commands.add(Tuple.of(1, Tool.move("back", Phase.LEGACY.name())));
            return Arbitraries.frequency(commands).map(args -> command(args, false));
        }
    }

    /**
     * A stretch of the runbook typed in one go (stopping at the first command that does not exit
     * 0, as an operator would): a second expand after a rollback, the walk to READ_NEW, a round
     * trip back. Single commands rarely chain this far within one sequence.
     */
    static final class Runbook implements Action.Dependent<Rollout> {

        @Override
        public Arbitrary<Transformer<Rollout>> transformer(Rollout rollout) {
            List<List<List<String>>> runbooks = switch (rollout.phase()) {
                case LEGACY -> List.of(
                        List.of(List.of("expand"), Tool.move("advance", "DUAL_WRITE")),
                        List.of(List.of("rollback", "--no-progress"), List.of("expand"), Tool.move("advance", "DUAL_WRITE")));
                case DUAL_WRITE -> List.of(
                        List.of(List.of("backfill", "--no-progress"), List.of("verify"), List.of("validate"),
                                Tool.move("advance", "READ_NEW")),
                        List.of(Tool.move("back", "LEGACY"), List.of("rollback", "--no-progress"), List.of("expand"),
                                Tool.move("advance", "DUAL_WRITE")));
                case READ_NEW -> List.of(
                        List.of(Tool.move("advance", "NEW_ONLY"), Tool.move("advance", "CONTRACTED")),
                        List.of(Tool.move("back", "DUAL_WRITE"), Tool.move("back", "LEGACY")));
                case NEW_ONLY -> List.of(
                        List.of(Tool.move("back", "READ_NEW"), List.of("rollback", "--no-progress"),
                                Tool.move("back", "DUAL_WRITE")));
                case CONTRACTED -> List.of(List.of(Tool.move("back", "NEW_ONLY")));
            };
            return Arbitraries.of(runbooks).map(Runbook::typed);
        }

        private static Transformer<Rollout> typed(List<List<String>> commands) {
            List<Transformer<Rollout>> steps = commands.stream().map(args -> command(args, false)).toList();
            String description = "runbook: " + String.join(" && ", steps.stream().map(Transformer::transformation).toList());
            return Transformer.mutate(description, r -> {
                r.log(description);
                for (Transformer<Rollout> step : steps) {
                    step.apply(r);
                    if (r.lastRun.exitCode() != ExitCode.OK) {
                        return;
                    }
                }
            });
        }
    }

    /** Runs one command; exit 0 or a documented refusal with its one-line reason, nothing else. */
    static Transformer<Rollout> command(List<String> wanted, boolean forward) {
        List<String> args = WITHOUT.contains("contracted") && wanted.contains("CONTRACTED")
                ? Tool.move("back", "READ_NEW") : wanted;
        String description = "$ namelog-migrate " + String.join(" ", args);
        return Transformer.mutate(description, r -> {
            Phase before = r.phase();
            Tool.Run run = r.tool.run(args.toArray(new String[0]));
            r.lastRun = run;
            Phase after = r.phase();
            r.log(description + "  -> exit " + run.exitCode() + (run.exitCode() == 0 ? "" : ": "
                    + run.reason().orElse("(no reason printed)")) + (before == after ? "" : "  [" + before + " -> " + after + "]"));
            if (after != r.progressPhase) {
                r.progressPhase = after;
                r.progressInPhase = 0;
            } else if (forward) {
                r.progressInPhase++;
            }
            if (run.exitCode() == ExitCode.OK) {
                if (args.get(0).equals("verify")) {
                    Invariants.verifiedRowsReadRightThroughNameId(r);
                }
            } else if (Tool.REFUSALS.contains(run.exitCode())) {
                if (run.reason().isEmpty()) {
                    throw new AssertionError("refused without its one-line reason:\n" + run + "\n  " + r.history());
                }
            } else {
                throw new AssertionError("exit " + run.exitCode() + " is neither done nor a documented refusal:\n"
                        + run + "\n  " + r.history());
            }
        });
    }

    // ------------------------------------------------------------------ the fleet

    /** One instance goes idle or wakes, is cut off or reconnected, goes stale, or restarts. */
    static final class FleetEvent implements Action.Dependent<Rollout> {

        @Override
        public Arbitrary<Transformer<Rollout>> transformer(Rollout rollout) {
            boolean someoneImpaired = rollout.fleet.all().stream().anyMatch(i -> i.cutOff() || i.stale);
            // one instance at least keeps serving, so that the checks after each step read something
            boolean othersServe = rollout.fleet.gettingCalls().count() > 1;
            List<Tuple2<Integer, Transformer<Rollout>>> events = new ArrayList<>();
            for (Instance i : rollout.fleet.all()) {
                // idle is sticky (an instance idle for a whole phase or longer is the case that matters)
                if (i.idle) {
                    events.add(Tuple.of(1, event(i, "wakes: serves calls again", () -> i.idle = false)));
                } else if (othersServe) {
                    offer(events, "idle", 3, event(i, "goes idle: serves no calls", () -> i.idle = true));
                }
                if (i.cutOff()) {
                    events.add(Tuple.of(2, event(i, "is reconnected to the database", i::reconnect)));
                } else {
                    offer(events, "restart", 1, event(i, "restarts", () -> {
                        i.restart();
                        i.idle = false;
                    }));
                    if (!someoneImpaired) {
                        offer(events, "cutoff", 2, event(i, "is cut off from the database", i::cutOffFromDatabase));
                        offer(events, "stale", 2, event(i, "goes stale: its phase follower and heartbeat hang", i::goStale));
                    }
                }
            }
            return events.isEmpty() ? Arbitraries.just(Transformer.noop()) : Arbitraries.frequency(events);
        }

        private static void offer(List<Tuple2<Integer, Transformer<Rollout>>> events, String kind, int weight,
                Transformer<Rollout> event) {
            if (!WITHOUT.contains(kind)) {
                events.add(Tuple.of(weight, event));
            }
        }

        private static Transformer<Rollout> event(Instance i, String what, Runnable change) {
            String description = "fleet: " + i.id + " " + what;
            return Transformer.mutate(description, r -> {
                change.run();
                r.log(description + "  [" + r.fleet + "]");
            });
        }
    }
}
