package org.namelog.spring;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.namelog.migration.NameLogMigrate;
import org.namelog.testing.TestDatabase;

/** Runs namelog-migrate in this JVM against a test database, as the operator would from a terminal. */
record Tool(int exitCode, String out, String err) {

    static Tool run(TestDatabase db, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--jdbc-url", db.jdbcUrl(), "--user", db.user()));
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
        Tool run = new Tool(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        System.out.println("$ namelog-migrate " + String.join(" ", args) + "  -> exit " + code + "\n" + run.out + run.err);
        return run;
    }

    /** Runs and requires success. */
    static Tool ok(TestDatabase db, String... args) {
        Tool run = run(db, args);
        if (run.exitCode != 0) {
            throw new AssertionError("namelog-migrate " + String.join(" ", args) + " failed: " + run);
        }
        return run;
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
}
