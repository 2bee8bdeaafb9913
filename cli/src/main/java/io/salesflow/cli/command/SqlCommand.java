package io.salesflow.cli.command;

import io.salesflow.cli.CliContext;
import io.salesflow.cli.CliException;
import io.salesflow.cli.ExitCode;
import io.salesflow.cli.Output;
import io.salesflow.cli.SalesflowCli;
import io.salesflow.cli.connection.ConnectionOptions;
import io.salesflow.cli.connection.Target;
import io.salesflow.cli.query.SqlEngine;
import io.salesflow.query.engine.QueryExecutionException;
import io.salesflow.query.engine.QueryRequest;
import io.salesflow.query.engine.QueryResult;
import io.salesflow.query.report.ResultText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Runs one ad-hoc query on the target and prints its rows. */
@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    description = {
      "Run one SQL query on the tables and print its rows: on the local stack through Trino (the"
          + " one `salesflow stack --with-trino` keeps, --trino-url, else a local Trino 476 started"
          + " for the query), in AWS through Athena in the stage's workgroup. Tables are"
          + " unqualified (sales_history, sales_history_errors, \"sales_history$snapshots\"); the"
          + " database is the stage's.",
      "Example: salesflow sql \"SELECT year, month, count(*) AS sales FROM sales_history GROUP BY"
          + " 1, 2 ORDER BY 1, 2\""
    })
public final class SqlCommand implements Callable<Integer> {

  private static final List<String> FORMATS = List.of("table", "csv", "json");

  @ParentCommand SalesflowCli parent;

  @Mixin ConnectionOptions connection;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "SQL",
      description = "The query (or give --file).")
  String sql;

  @Option(names = "--file", paramLabel = "FILE", description = "Read the query from this file.")
  Path file;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "table",
      description = "table (aligned), csv or json (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = "--max-rows",
      paramLabel = "N",
      defaultValue = "10000",
      description = "Fetch at most this many rows (default: ${DEFAULT-VALUE}).")
  int maxRows;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "600",
      description = "Stop the query after this long (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Option(
      names = "--workgroup",
      paramLabel = "NAME",
      description =
          "Athena workgroup, in AWS only (default: salesflow-<stage>, the one the stage's stack"
              + " creates).")
  String workgroup;

  @Override
  public Integer call() {
    CliContext context = parent.context();
    Output output = context.output();
    String query = query();
    if (!FORMATS.contains(format)) {
      throw CliException.usage("Invalid --format: " + format + ", must be one of " + FORMATS);
    }
    if (maxRows < 1) {
      throw CliException.usage("Invalid --max-rows: " + maxRows + ", must be 1 or more");
    }
    if (timeoutSeconds < 1) {
      throw CliException.usage("Invalid --timeout: " + timeoutSeconds + ", must be 1 or more");
    }
    try (Target target = context.resolver().resolve(connection);
        SqlEngine engine =
            SqlEngine.open(
                target, workgroup != null ? workgroup : "salesflow-" + target.config().stage())) {
      output.note(
          "Running on " + engine.description() + ", database " + target.config().database());
      QueryResult result;
      try {
        result =
            engine
                .engine()
                .execute(
                    new QueryRequest(
                        "sql", query, List.of(), Duration.ofSeconds(timeoutSeconds), maxRows));
      } catch (QueryExecutionException e) {
        throw new CliException(ExitCode.FAILURE, e.getMessage(), e);
      }
      output.out().print(render(result));
      output.out().flush();
      output.note(footer(result));
      return ExitCode.OK;
    }
  }

  /** The query text: the argument or the file's, without a trailing ';'. */
  private String query() {
    if ((sql == null) == (file == null)) {
      throw CliException.usage(
          "Give the query either as an argument or with --file, e.g. salesflow sql \"SELECT"
              + " count(*) FROM sales_history\"");
    }
    String text;
    if (file != null) {
      try {
        text = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw CliException.usage("Cannot read --file " + file + ": " + e.getMessage());
      }
    } else {
      text = sql;
    }
    text = text.strip();
    while (text.endsWith(";")) {
      text = text.substring(0, text.length() - 1).stripTrailing();
    }
    if (text.isEmpty()) {
      throw CliException.usage(
          "The query is empty" + (file != null ? " (--file " + file + ")" : ""));
    }
    return text;
  }

  private String render(QueryResult result) {
    return switch (format) {
      case "csv" -> ResultText.csv(result);
      case "json" -> ResultText.json(result);
      default -> ResultText.table(result);
    };
  }

  private static String footer(QueryResult result) {
    StringBuilder line =
        new StringBuilder()
            .append(result.rows().size())
            .append(result.rows().size() == 1 ? " row" : " rows");
    if (result.truncated()) {
      line.append(" (more were left out: raise --max-rows)");
    }
    line.append(" in ").append(result.statistics().wallTimeMillis()).append(" ms");
    if (result.statistics().bytesScanned() != null) {
      line.append(", ").append(result.statistics().bytesScanned()).append(" bytes scanned");
    }
    return line.toString();
  }
}
