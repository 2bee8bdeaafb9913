package io.salesflow.cli.command;

import io.salesflow.cli.CliContext;
import io.salesflow.cli.CliException;
import io.salesflow.cli.ExitCode;
import io.salesflow.cli.SalesflowCli;
import io.salesflow.cli.connection.ConnectionOptions;
import io.salesflow.cli.connection.Target;
import io.salesflow.maintenance.ArchiveManifest;
import io.salesflow.maintenance.ArchivePins;
import io.salesflow.maintenance.MaintenanceException;
import io.salesflow.maintenance.MonthPartition;
import io.salesflow.maintenance.RestoredMonth;
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
          + " first (see functions/table-maintenance/README.md).",
      "The same commit pins the month for --keep-days (table property"
          + " salesflow.archive.pinned.<yyyy-MM>): nightly archival leaves it live until then;"
          + " `salesflow archive --include-pinned` archives it sooner."
    })
public final class RestoreCommand implements Callable<Integer> {

  @ParentCommand SalesflowCli parent;

  @Mixin ConnectionOptions connection;

  @Option(names = "--year", required = true, description = "Year of the month, e.g. 2024.")
  int year;

  @Option(names = "--month", required = true, description = "Month 1-12.")
  int month;

  @Option(
      names = "--keep-days",
      paramLabel = "<days>",
      defaultValue = "" + ArchivePins.DEFAULT_KEEP_DAYS,
      description =
          "Days the month stays live before archival may move it back, 1-"
              + ArchivePins.MAX_KEEP_DAYS
              + "; default ${DEFAULT-VALUE}.")
  int keepDays;

  @Override
  public Integer call() {
    if (year < 2000 || year > 2100) {
      throw CliException.usage("Invalid --year " + year + ": must be between 2000 and 2100");
    }
    if (month < 1 || month > 12) {
      throw CliException.usage("Invalid --month " + month + ": must be between 1 and 12");
    }
    try {
      ArchivePins.keep(keepDays);
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage().replace("keep days", "--keep-days"));
    }
    CliContext context = parent.context();
    try (Target target = context.resolver().resolve(connection)) {
      MonthPartition partition = new MonthPartition(year, month);
      RestoredMonth restored;
      try {
        restored =
            MaintenanceFlags.service(target, MaintenanceFlags.config(target))
                .restore(partition, keepDays);
      } catch (MaintenanceException e) {
        throw CliException.failure(e.getMessage(), e);
      }
      for (ArchiveManifest archive : restored.archives()) {
        context
            .output()
            .printf(
                "Restored %s from archive %s: %d files, %d rows",
                archive.partition(),
                archive.archiveId(),
                archive.files().size(),
                archive.records());
      }
      if (restored.superseded() > 0) {
        context
            .output()
            .printf(
                "Left out %d archived rows that later changes replaced or removed (deleted by"
                    + " position in the restore's commit)",
                restored.superseded());
      }
      context
          .output()
          .printf(
              "Pinned %s live until %s (table property %s); `salesflow archive --include-pinned`"
                  + " archives it sooner",
              partition, restored.pinnedUntil(), ArchivePins.property(partition));
      return ExitCode.OK;
    }
  }
}
