package io.salesflow.cli.command;

import io.salesflow.cli.CliContext;
import io.salesflow.cli.ExitCode;
import io.salesflow.cli.Output;
import io.salesflow.cli.SalesflowCli;
import io.salesflow.cli.connection.ConnectionOptions;
import io.salesflow.cli.connection.Target;
import io.salesflow.cli.status.StatusReader;
import io.salesflow.cli.status.TableStatus;
import io.salesflow.core.table.SalesTables;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** Shows the tables as the Iceberg catalog sees them. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description =
        "Show sales_history and sales_history_errors through the Iceberg catalog: commits, files,"
            + " rows as readers see them, rejected records by reason, the ETL's lineage.")
public final class StatusCommand implements Callable<Integer> {

  @ParentCommand SalesflowCli parent;

  @Mixin ConnectionOptions connection;

  @Override
  public Integer call() {
    CliContext context = parent.context();
    try (Target target = context.resolver().resolve(connection)) {
      target.describe().stream().skip(1).forEach(context.output()::note);
      SalesTables tables = target.config().tables();
      StatusReader reader = new StatusReader(target.catalog());
      print(context.output(), reader.salesHistory(tables.salesHistory()));
      print(context.output(), reader.errors(tables.errors()));
      return ExitCode.OK;
    }
  }

  static void print(Output output, TableStatus status) {
    if (!status.exists()) {
      output.println(status.name() + ": does not exist (run `salesflow bootstrap`)");
      return;
    }
    output.println(status.name() + "  " + status.location());
    if (status.lastCommit() == null) {
      output.println("  no commits yet");
      return;
    }
    output.printf(
        "  %d commits, last %s at %s",
        status.commits(), status.lastOperation(), status.lastCommit());
    output.printf(
        "  %d rows (deletes applied) in %d data files, %d delete files",
        status.liveRows(), status.dataFiles(), status.deleteFiles());
    if (status.priceTotal() != null) {
      output.println("  sold_price total " + status.priceTotal().toPlainString());
    }
    status.byReason().forEach((reason, count) -> output.printf("  %-24s %d", reason, count));
    if (!status.summary().isEmpty()) {
      output.println("  last commit: " + status.summary());
    }
  }
}
