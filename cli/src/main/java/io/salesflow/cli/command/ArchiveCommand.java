package io.salesflow.cli.command;

import io.salesflow.cli.CliContext;
import io.salesflow.cli.ExitCode;
import io.salesflow.cli.SalesflowCli;
import io.salesflow.cli.connection.ConnectionOptions;
import io.salesflow.cli.connection.Target;
import io.salesflow.maintenance.MaintenanceConfig;
import io.salesflow.maintenance.MaintenanceReport;
import io.salesflow.maintenance.MaintenanceRequest;
import io.salesflow.maintenance.MaintenanceTask;
import io.salesflow.maintenance.PinnedMonths;
import io.salesflow.maintenance.RunBudget;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Archives partitions older than the active window. */
@Command(
    name = "archive",
    mixinStandardHelpOptions = true,
    description = {
      "Archive sales_history months that ended more than --older-than ago: apply their deletes,"
          + " copy the files to the archive prefix (Glacier by the bucket's lifecycle rule) with an"
          + " archive-manifest.json, and remove them from the live table in one commit per month.",
      "Bring a month back with `salesflow restore`; a restored month stays live until its"
          + " --keep-days pin expires (listed as skipped, with the expiry), unless"
          + " --include-pinned."
    })
public final class ArchiveCommand implements Callable<Integer> {

  @ParentCommand SalesflowCli parent;

  @Mixin ConnectionOptions connection;

  @Option(
      names = "--older-than",
      paramLabel = "<age>",
      defaultValue = "2y",
      description = "Active window: <n>y or <n>m (months); default ${DEFAULT-VALUE}.")
  String olderThan;

  @Option(
      names = "--include-pinned",
      description = "Also archive months a restore pinned, removing their pins.")
  boolean includePinned;

  @Option(
      names = "--time-budget",
      paramLabel = "<duration>",
      description = "Stop starting new months after this long, e.g. 10m (default: no limit).")
  String timeBudget;

  @Override
  public Integer call() {
    CliContext context = parent.context();
    int months = MaintenanceFlags.months("--older-than", olderThan);
    RunBudget budget =
        timeBudget == null
            ? RunBudget.unlimited()
            : RunBudget.of(MaintenanceFlags.duration("--time-budget", timeBudget), 0);
    try (Target target = context.resolver().resolve(connection)) {
      MaintenanceConfig config = MaintenanceFlags.config(target).withActiveMonths(months);
      context.output().note("Archive location: " + config.archiveLocation());
      MaintenanceReport report =
          MaintenanceFlags.service(target, config)
              .run(
                  new MaintenanceRequest(
                      Set.of(MaintenanceTask.ARCHIVE),
                      Optional.empty(),
                      includePinned ? PinnedMonths.ARCHIVE : PinnedMonths.SKIP),
                  budget);
      MaintenanceFlags.print(context.output(), report);
      return ExitCode.OK;
    }
  }
}
