package io.salesflow.cli.command;

import io.salesflow.cli.CliContext;
import io.salesflow.cli.CliException;
import io.salesflow.cli.ExitCode;
import io.salesflow.cli.Output;
import io.salesflow.cli.SalesflowCli;
import io.salesflow.cli.connection.ConnectionOptions;
import io.salesflow.cli.connection.Target;
import io.salesflow.cli.query.QueryPhase;
import io.salesflow.cli.query.QueryPhaseRequest;
import io.salesflow.cli.query.QueryPhaseResult;
import io.salesflow.cli.query.QueryPhases;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Runs the query library and writes reports. */
@Command(
    name = "query",
    mixinStandardHelpOptions = true,
    description = {
      "Run the sql/ query library against the tables (Trino locally: --trino-url or a local"
          + " Trino; Athena in AWS) and write CSV/JSON reports and a summary.",
      "Exits with 3 while the query library is not wired into the CLI."
    })
public final class QueryCommand implements Callable<Integer> {

  @ParentCommand SalesflowCli parent;

  @Mixin ConnectionOptions connection;

  @Option(
      names = "--reports-dir",
      paramLabel = "DIR",
      defaultValue = "reports",
      description = "Where reports go (default: ${DEFAULT-VALUE}).")
  Path reportsDir;

  @Option(
      names = "--query-phase",
      paramLabel = "CLASS",
      defaultValue = QueryPhases.DEFAULT_CLASS,
      description = "QueryPhase implementation (default: ${DEFAULT-VALUE}).")
  String queryPhase;

  @Override
  public Integer call() {
    CliContext context = parent.context();
    QueryPhase phase =
        QueryPhases.load(queryPhase)
            .orElseThrow(
                () ->
                    new CliException(
                        ExitCode.NOT_BUILT,
                        "Cannot run queries: " + QueryPhases.explainMissing(queryPhase) + "."));
    try (Target target = context.resolver().resolve(connection)) {
      QueryPhaseResult result = run(phase, target, reportsDir.toAbsolutePath());
      print(context.output(), phase, result);
      return result.queriesFailed() == 0 ? ExitCode.OK : ExitCode.FAILURE;
    }
  }

  static QueryPhaseResult run(QueryPhase phase, Target target, Path reportsDir) {
    try {
      java.nio.file.Files.createDirectories(reportsDir);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("Cannot create " + reportsDir, e);
    }
    return phase.run(
        new QueryPhaseRequest(
            target.config(),
            target.config().catalog().properties(),
            target.environment(),
            target.trinoUrl(),
            reportsDir));
  }

  static void print(Output output, QueryPhase phase, QueryPhaseResult result) {
    output.printf(
        "Queries (%s): %d run, %d failed",
        phase.describe(), result.queriesRun(), result.queriesFailed());
    result.files().forEach(f -> output.println("  " + f));
    if (result.summary() != null) {
      output.println("  summary: " + result.summary());
    }
  }
}
