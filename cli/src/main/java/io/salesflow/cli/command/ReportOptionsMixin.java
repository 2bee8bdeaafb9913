package io.salesflow.cli.command;

import io.salesflow.cli.query.QueryPhases;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the query library's reports go and which query phase writes them; demo and query. */
public final class ReportOptionsMixin {

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

  /** The reports directory as an absolute path. */
  Path reportsDir() {
    return reportsDir.toAbsolutePath();
  }
}
