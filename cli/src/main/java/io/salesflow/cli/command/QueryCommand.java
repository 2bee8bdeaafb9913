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
import io.salesflow.cli.query.QueryPhaseText;
import io.salesflow.cli.query.QueryPhases;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** Runs the query library and writes reports. */
@Command(
    name = "query",
    mixinStandardHelpOptions = true,
    description = {
      "Run every query of the sql/ library on Trino (--trino-url, else a local Trino 476 started"
          + " on the tables' REST catalog and S3 server, which needs a JDK 24+) and write per"
          + " query result.csv, result.json and summary.html under --reports-dir/queries/, plus"
          + " the index query-summary.md.",
      "Exits with 1 if a query failed, 3 if local Trino cannot run here (no JDK 24+)."
    })
public final class QueryCommand implements Callable<Integer> {

  @ParentCommand SalesflowCli parent;

  @Mixin ConnectionOptions connection;

  @Mixin ReportOptionsMixin reports;

  @Override
  public Integer call() {
    CliContext context = parent.context();
    QueryPhase phase =
        QueryPhases.load(reports.queryPhase)
            .orElseThrow(
                () ->
                    new CliException(
                        ExitCode.NOT_BUILT,
                        "Cannot run queries: "
                            + QueryPhases.explainMissing(reports.queryPhase)
                            + "."));
    try (Target target = context.resolver().resolve(connection)) {
      context.output().note("Running the query library (" + phase.describe() + ") ...");
      QueryPhaseResult result = run(phase, target, reports.reportsDir());
      print(context.output(), phase, result, reports.reportsDir());
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

  static void print(Output output, QueryPhase phase, QueryPhaseResult result, Path reportsDir) {
    output.printf(
        "Queries (%s): %d run, %d failed%s",
        phase.describe(),
        result.queriesRun(),
        result.queriesFailed(),
        result.queriesSkipped() > 0 ? ", " + result.queriesSkipped() + " skipped" : "");
    List<String> table = QueryPhaseText.table(result, reportsDir);
    if (table.isEmpty()) {
      result.files().forEach(f -> output.println("  " + f));
    } else {
      table.forEach(line -> output.println("  " + line));
      output.println(
          "  each report directory (under "
              + reportsDir
              + "): result.csv, result.json, summary.html (with a chart for the trend queries)");
    }
    if (result.summary() != null) {
      output.println("  summary: " + result.summary());
    }
  }
}
