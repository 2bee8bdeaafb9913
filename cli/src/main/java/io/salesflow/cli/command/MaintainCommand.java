package io.salesflow.cli.command;

import io.salesflow.cli.CliContext;
import io.salesflow.cli.CliException;
import io.salesflow.cli.ExitCode;
import io.salesflow.cli.SalesflowCli;
import io.salesflow.cli.connection.ConnectionOptions;
import io.salesflow.cli.connection.Target;
import io.salesflow.maintenance.MaintenanceConfig;
import io.salesflow.maintenance.MaintenanceReport;
import io.salesflow.maintenance.MaintenanceRequest;
import io.salesflow.maintenance.MaintenanceTask;
import io.salesflow.maintenance.RunBudget;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Runs table maintenance on sales_history, as the nightly function does. */
@Command(
    name = "maintain",
    mixinStandardHelpOptions = true,
    description = {
      "Maintain sales_history: compact small files with their deletes, rewrite small manifests,"
          + " expire snapshots (table properties), remove orphan files (safety window).",
      "Without task flags all four run; archival is the `archive` command. A run stopped by"
          + " --time-budget resumes where it stopped on the next run with the same tasks."
    })
public final class MaintainCommand implements Callable<Integer> {

  @ParentCommand SalesflowCli parent;

  @Mixin ConnectionOptions connection;

  @Option(names = "--compact", description = "Compact partitions with small or delete files.")
  boolean compact;

  @Option(names = "--manifests", description = "Rewrite data manifests when many and small.")
  boolean manifests;

  @Option(names = "--expire", description = "Expire snapshots by the table's history properties.")
  boolean expire;

  @Option(names = "--orphans", description = "Remove unreferenced files older than the window.")
  boolean orphans;

  @Option(
      names = "--time-budget",
      paramLabel = "<duration>",
      description = "Stop starting new work after this long, e.g. 10m (default: no limit).")
  String timeBudget;

  @Option(
      names = "--orphan-min-age",
      paramLabel = "<duration>",
      description = "Orphan safety window, at least 24h (default 72h or the variable).")
  String orphanMinAge;

  @Override
  public Integer call() {
    CliContext context = parent.context();
    Set<MaintenanceTask> tasks = EnumSet.noneOf(MaintenanceTask.class);
    if (compact) {
      tasks.add(MaintenanceTask.COMPACT);
    }
    if (manifests) {
      tasks.add(MaintenanceTask.REWRITE_MANIFESTS);
    }
    if (expire) {
      tasks.add(MaintenanceTask.EXPIRE_SNAPSHOTS);
    }
    if (orphans) {
      tasks.add(MaintenanceTask.REMOVE_ORPHANS);
    }
    if (tasks.isEmpty()) {
      tasks.addAll(EnumSet.complementOf(EnumSet.of(MaintenanceTask.ARCHIVE)));
    }
    RunBudget budget =
        timeBudget == null
            ? RunBudget.unlimited()
            : RunBudget.of(MaintenanceFlags.duration("--time-budget", timeBudget), 0);
    try (Target target = context.resolver().resolve(connection)) {
      MaintenanceConfig config = MaintenanceFlags.config(target);
      if (orphanMinAge != null) {
        try {
          config =
              config.withOrphanMinAge(MaintenanceFlags.duration("--orphan-min-age", orphanMinAge));
        } catch (IllegalArgumentException e) {
          throw CliException.usage(
              e.getMessage().replace("orphan safety window", "--orphan-min-age"));
        }
      }
      MaintenanceReport report =
          MaintenanceFlags.service(target, config)
              .run(new MaintenanceRequest(tasks, Optional.empty()), budget);
      MaintenanceFlags.print(context.output(), report);
      return ExitCode.OK;
    }
  }
}
