package org.namelog.migration.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's runbook states the transition table exactly as the tool holds it. */
class ReadmeStatesTheTableTest {

    /** The table as the README shows it: one row per move, in runbook order. */
    static String markdown(TransitionTable table) {
        StringBuilder b = new StringBuilder("| move | before (each refused with its own message) | does | invalidates |\n"
                + "|---|---|---|---|\n");
        for (Transition t : table.transitions()) {
            b.append("| `").append(t.move().command()).append("` | ")
                    .append(cell(t.preconditions().stream().map(Precondition::rule).toList())).append(" | ")
                    .append(cell(t.actions())).append(" | ")
                    .append(cell(t.invalidates())).append(" |\n");
        }
        return b.toString();
    }

    private static String cell(List<String> lines) {
        return lines.isEmpty() ? "–" : String.join("<br>", lines.stream().map(l -> "• " + l).toList());
    }

    @Test
    void theReadmeStatesTheTransitionTableExactly() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        String expected = markdown(TransitionTable.standard());

        assertThat(readme).as("the README's transition table; paste this block into it:%n%s", expected)
                .contains(expected);
    }
}
