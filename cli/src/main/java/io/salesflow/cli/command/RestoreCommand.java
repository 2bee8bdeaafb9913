package io.salesflow.cli.command;

import io.salesflow.cli.CliContext;
import io.salesflow.cli.CliException;
import io.salesflow.cli.ExitCode;
import io.salesflow.cli.SalesflowCli;
import io.salesflow.cli.connection.ConnectionOptions;
import io.salesflow.cli.connection.Target;
import io.salesflow.maintenance.ArchiveManifest;
import io.salesflow.maintenance.MaintenanceException;
import io.salesflow.maintenance.MonthPartition;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Brings an archived month back into sales_history. */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    description = {
      "Restore an archived month of sales_history: copy its archived files back into the table"
          + " and add them in one commit. In AWS, restore the month's archive objects from Glacier"
          + " first (see functions/table-maintenance/README.md)."
    })
public final class RestoreCommand implements Callable<Integer> {

  @ParentCommand SalesflowCli parent;

  @Mixin ConnectionOptions connection;

  @Option(names = "--year", required = true, description = "Year of the month, e.g. 2024.")
  int year;

  @Option(names = "--month", required = true, description = "Month 1-12.")
  int month;

  @Override
  public Integer call() {
    if (year < 2000 || year > 2100) {
      throw CliException.usage("Invalid --year " + year + ": must be between 2000 and 2100");
    }
    if (month < 1 || month > 12) {
      throw CliException.usage("Invalid --month " + month + ": must be between 1 and 12");
    }
    CliContext context = parent.context();
    try (Target target = context.resolver().resolve(connection)) {
      List<ArchiveManifest> restored;
      try {
        restored =
            MaintenanceFlags.service(target, MaintenanceFlags.config(target))
                .restore(new MonthPartition(year, month));
      } catch (MaintenanceException e) {
        throw CliException.failure(e.getMessage(), e);
      }
      for (ArchiveManifest archive : restored) {
        context
            .output()
            .printf(
                "Restored %s from archive %s: %d files, %d rows",
                archive.partition(),
                archive.archiveId(),
                archive.files().size(),
                archive.records());
      }
      return ExitCode.OK;
    }
  }
}
