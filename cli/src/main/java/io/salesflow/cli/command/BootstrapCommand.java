package io.salesflow.cli.command;

import io.salesflow.bootstrap.BootstrapResult;
import io.salesflow.bootstrap.SchemaBootstrapService;
import io.salesflow.bootstrap.TableResult;
import io.salesflow.cli.CliContext;
import io.salesflow.cli.ExitCode;
import io.salesflow.cli.Output;
import io.salesflow.cli.SalesflowCli;
import io.salesflow.cli.connection.ConnectionOptions;
import io.salesflow.cli.connection.Target;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Creates or evolves the database and tables, through the schema-bootstrap function's service. */
@Command(
    name = "bootstrap",
    mixinStandardHelpOptions = true,
    description = {
      "Create or evolve the database and the sales_history / sales_history_errors tables.",
      "Uses the schema-bootstrap function's code; idempotent (a run with nothing to do commits"
          + " nothing)."
    })
public final class BootstrapCommand implements Callable<Integer> {

  @ParentCommand SalesflowCli parent;

  @Mixin ConnectionOptions connection;

  @Option(names = "--dry-run", description = "Report what would change; change nothing.")
  boolean dryRun;

  @Override
  public Integer call() {
    CliContext context = parent.context();
    try (Target target = context.resolver().resolve(connection)) {
      target.describe().forEach(context.output()::note);
      print(context.output(), bootstrap(target, dryRun));
      return ExitCode.OK;
    }
  }

  /** Bootstraps both tables of the target's stage. */
  static BootstrapResult bootstrap(Target target, boolean dryRun) {
    return new SchemaBootstrapService(target.catalog())
        .bootstrap(target.config().tables().all(), dryRun);
  }

  static void print(Output output, BootstrapResult result) {
    output.println(
        "Database " + result.database() + (result.databaseCreated() ? " (created)" : " (exists)"));
    for (TableResult table : result.tables()) {
      output.println("  " + table.table() + ": " + table.action());
      table.changes().forEach(change -> output.println("    - " + change));
    }
  }
}
