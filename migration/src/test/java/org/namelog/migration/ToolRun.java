package org.namelog.migration;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.namelog.testing.TestDatabase;

/** Runs namelog-migrate in this JVM against a test database and keeps what it printed. */
record ToolRun(int exitCode, String out, String err) {

    static ToolRun on(TestDatabase db, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--jdbc-url");
        all.add(db.jdbcUrl());
        all.add("--user");
        all.add(db.user());
        Map<String, String> env = new HashMap<>();
        if (db.password() != null) {
            env.put("NAMELOG_PASSWORD", db.password());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = NameLogMigrate.run(env, o, e, all.toArray(new String[0]));
        }
        ToolRun run = new ToolRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        System.out.println("$ namelog-migrate " + String.join(" ", args) + "  -> exit " + code + "\n" + run.out + run.err);
        return run;
    }

    /** Sets the fleet phase as the phase tool would (creating the state tables first if needed). */
    static void setPhase(TestDatabase db, String phase) {
        try (var in = ToolRun.class.getClassLoader().getResourceAsStream("db/state/namelog_state.sql")) {
            db.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        db.execute("UPDATE namelog_migration_phase SET phase = '" + phase + "'");
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
}
