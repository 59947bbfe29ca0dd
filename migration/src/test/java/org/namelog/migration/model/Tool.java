package org.namelog.migration.model;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.namelog.migration.ExitCode;
import org.namelog.migration.NameLogMigrate;
import org.namelog.testing.TestDatabase;

/** namelog-migrate, run in this JVM exactly as the operator types it, with short fleet waits. */
final class Tool {

    /**
     * What the fleet commands wait: instances beat every 50 ms, so a second without a beat says
     * "gone" (unless the instance's own lease is longer: then the gate waits for that); the timeout
     * outlasts both.
     */
    static final String INSTANCE_TTL = "1s";
    static final String TIMEOUT = "5s";

    /** A refusal the README documents: usage, lock held, prerequisite, verify mismatch, fleet not switched. */
    static final Set<Integer> REFUSALS = Set.of(ExitCode.USAGE, ExitCode.LOCK_HELD,
            ExitCode.PREREQUISITES_NOT_MET, ExitCode.VERIFICATION_FAILED, ExitCode.FLEET_NOT_SWITCHED);

    record Run(String command, int exitCode, String out, String err) {

        /** The one line a refusal must print: {@code namelog-migrate: <what happened>; <what to do>}. */
        Optional<String> reason() {
            return err.lines().filter(line -> line.startsWith("namelog-migrate: ")).findFirst();
        }

        @Override
        public String toString() {
            return "$ namelog-migrate " + command + "  -> exit " + exitCode + "\n" + out + err;
        }
    }

    private final TestDatabase db;

    Tool(TestDatabase db) {
        this.db = db;
    }

    Run run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--jdbc-url", db.jdbcUrl(), "--user", db.user()));
        Map<String, String> env = db.password() == null || db.password().isEmpty()
                ? Map.of() : Map.of("NAMELOG_PASSWORD", db.password());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = NameLogMigrate.run(env, o, e, all.toArray(new String[0]));
        }
        return new Run(String.join(" ", args), code, out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8));
    }

    /** The commands the operator may type at any moment, each as the README writes it. */
    static List<List<String>> commands() {
        return List.of(
                List.of("expand"),
                List.of("backfill", "--no-progress"),
                List.of("backfill", "--no-progress", "--from-start"),
                List.of("verify"),
                List.of("validate"),
                List.of("rollback", "--no-progress"),
                List.of("contract", "--yes"));
    }

    static List<String> move(String direction, String phase) {
        return List.of(direction, "--to", phase, "--timeout", TIMEOUT, "--instance-ttl", INSTANCE_TTL);
    }
}
