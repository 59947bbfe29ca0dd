package org.namelog.migration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.namelog.testing.PostgresTest;
import org.namelog.testing.TestDatabase;

/**
 * {@code --output json}: standard output is exactly one JSON document of the documented shape,
 * whatever the command prints for a person along the way (that goes to standard error).
 */
@PostgresTest
class OutputJsonIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void planPrintsTheTransitionTableAsOneDocumentWithoutADatabase() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = NameLogMigrate.run(Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), "plan", "--output", "json");

        assertThat(exit).isZero();
        JsonNode plan = JSON.readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(plan.get("format").asInt()).isEqualTo(1);
        assertThat(plan.get("transitions")).isNotEmpty();
        JsonNode backfill = find(plan.get("transitions"), "BACKFILL");
        assertThat(backfill.get("command").asText()).isEqualTo("backfill");
        assertThat(backfill.get("preconditions").get(0).has("id")).isTrue();
        JsonNode expand = find(plan.get("transitions"), "EXPAND");
        assertThat(expand.get("statements")).anySatisfy(s -> assertThat(s.get("outsideTransaction").asBoolean()).isTrue());
    }

    @Test
    void statusInstancesVerifyAndEstimateEachPrintOneDocument(TestDatabase db) throws Exception {
        db.execute("INSERT INTO namelog (name, status) SELECT CASE WHEN i % 10 = 0 THEN NULL ELSE 'n' || (i % 37) END,"
                + " 1 FROM generate_series(1, 300) i");
        db.expand();
        ToolRun.setPhase(db, "DUAL_WRITE");
        JsonNode estimate = document(ToolRun.on(db, "estimate", "--samples", "2", "--output", "json"));
        assertThat(estimate.get("samples").asInt()).isPositive();
        assertThat(estimate.get("remainingIds").asLong()).isPositive();
        assertThat(estimate.get("projectedSeconds").isNumber()).isTrue();
        assertThat(ToolRun.on(db, "backfill", "--no-progress").exitCode()).isZero();

        JsonNode verify = document(ToolRun.on(db, "verify", "--output", "json"));
        assertThat(verify.get("ok").asBoolean()).isTrue();
        assertThat(verify.get("mismatches").asLong()).isZero();
        assertThat(verify.get("lastId").asLong()).isEqualTo(300);

        JsonNode status = document(ToolRun.on(db, "status", "--output", "json"));
        assertThat(status.get("phase").asText()).isEqualTo("DUAL_WRITE");
        assertThat(status.get("schema").get("stage").asText()).isEqualTo("EXPANDED");
        assertThat(status.get("rowsMissingNameId").asLong()).isZero();
        assertThat(status.get("verification").get("trusted").asBoolean()).isTrue();
        assertThat(status.get("backfill").get("forward").get("finishedAt").isNull()).isFalse();
        assertThat(status.get("backfill").get("reverse").isNull()).isTrue();

        JsonNode instances = document(ToolRun.on(db, "instances", "--output", "json"));
        assertThat(instances.get("phase").asText()).isEqualTo("DUAL_WRITE");
        assertThat(instances.get("instances").isArray()).isTrue();

    }

    @Test
    void anUnknownFormatIsBadUsage(TestDatabase db) {
        ToolRun run = ToolRun.on(db, "status", "--output", "yaml");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--output takes text or json");
    }

    private static JsonNode document(ToolRun run) throws Exception {
        assertThat(run.exitCode()).as(run.toString()).isZero();
        // exactly one document: anything else on standard output would make the parse fail
        JsonNode doc = JSON.readTree(run.out());
        assertThat(doc.get("format").asInt()).as(run.toString()).isEqualTo(1);
        return doc;
    }

    private static JsonNode find(JsonNode transitions, String move) {
        for (JsonNode t : transitions) {
            if (t.get("move").asText().equals(move)) {
                return t;
            }
        }
        throw new AssertionError("no transition " + move);
    }
}
