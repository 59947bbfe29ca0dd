package org.namelog.bench;

import org.namelog.bench.backfill.BackfillBenchmark;
import org.namelog.bench.dao.DaoBenchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar benchmarks/target/benchmarks.jar backfill|dao [options]}. */
@Command(name = "benchmarks.jar", mixinStandardHelpOptions = true,
        description = "NameLog benchmarks: the backfill against today's recipes, and the cost of each DAO path.")
public final class Benchmarks implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new Benchmarks())
                .addSubcommand(BackfillBenchmark.commandLine())
                .addSubcommand(DaoBenchmark.commandLine())
                .setExecutionExceptionHandler(Benchmarks::report);
        System.exit(cli.execute(args));
    }

    /** Prints a failure as one line saying what to do; exit code 2 for the benchmarks' own failures. */
    public static int report(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        cmd.getErr().println(cmd.getCommandName() + " failed: " + e.getMessage());
        if (!(e instanceof BenchmarkException)) {
            e.printStackTrace(cmd.getErr());
            return 1;
        }
        return 2;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a benchmark: backfill or dao");
    }
}
