package org.namelog.migration.step;

import java.util.function.Predicate;
import org.namelog.schema.SchemaScript;
import org.namelog.schema.SchemaScripts;

/** Builds actions from the versioned schema files and the tool's own files. */
final class Actions {

    static final SchemaScripts SCRIPTS = SchemaScripts.load();

    private Actions() {
    }

    static Action forward(int version, String id, String description, String lock, Predicate<SchemaState> done) {
        return of(SCRIPTS.forward(version), id, description, lock, done);
    }

    static Action undo(int version, String id, String description, String lock, Predicate<SchemaState> done) {
        SchemaScript script = SCRIPTS.undo(version).orElseThrow(
                () -> new IllegalStateException("no undo file U" + version + "__*.sql in shared-dao"));
        return of(script, id, description, lock, done);
    }

    static Action tool(String fileName, String id, String description, String lock, Predicate<SchemaState> done) {
        String sql = ToolScripts.read(fileName);
        return new Action(id, description, lock, fileName, sql, false, done, null);
    }

    private static Action of(SchemaScript script, String id, String description, String lock,
            Predicate<SchemaState> done) {
        return new Action(id, description + " (" + script.fileName() + ")", lock, script.fileName(), script.sql(),
                script.runsOutsideTransaction(), done, null);
    }
}
