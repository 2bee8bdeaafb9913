package io.salesflow.maintenance;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs table maintenance on sales_history, task by task in {@link MaintenanceTask} order, within a
 * {@link RunBudget}: between partitions and steps it checks the time left and, when it runs out,
 * saves a {@link MaintenanceCheckpoint} the next run with the same tasks resumes from. A partition
 * that keeps conflicting with ingestion is skipped (and listed in the report), never half-done.
 * Archival leaves months a restore pinned live until the pin expires ({@link ArchivePins}).
 */
public final class MaintenanceService {

  private static final Logger LOG = LoggerFactory.getLogger(MaintenanceService.class);

  private final MaintenanceConfig config;
  private final Catalog catalog;
  private final Clock clock;
  private final MaintenanceMetrics metrics;
  private final TableIdentifier identifier;
  private final PartitionCompactor compactor;
  private final ArchiveLayout archive;

  public MaintenanceService(
      MaintenanceConfig config, Catalog catalog, Clock clock, MaintenanceMetrics metrics) {
    this.config = config;
    this.catalog = catalog;
    this.clock = clock;
    this.metrics = metrics;
    this.identifier = config.tables().tables().salesHistory().identifier();
    this.compactor =
        new PartitionCompactor(
            config.minInputFiles(), config.maxGroupBytes(), config.commitAttempts());
    this.archive = new ArchiveLayout(config.archiveLocation());
  }

  /** The maintained table, loaded fresh. */
  public Table table() {
    return catalog.loadTable(identifier);
  }

  /** Runs the requested tasks (the configured ones if none) within {@code budget}. */
  public MaintenanceReport run(MaintenanceRequest request, RunBudget budget) {
    long start = System.nanoTime();
    Set<MaintenanceTask> tasks = request.tasks().isEmpty() ? config.tasks() : request.tasks();
    RunBudget limit = request.timeBudget().map(budget::limitedTo).orElse(budget);
    Table table = table();
    Optional<MaintenanceCheckpoint> checkpoint =
        MaintenanceCheckpoint.load(table).filter(c -> c.resumes(tasks));
    checkpoint.ifPresent(c -> LOG.info("Resuming maintenance of {} at {}", table.name(), c));
    MaintenanceReport report = new MaintenanceReport();
    for (MaintenanceTask task : MaintenanceTask.values()) {
      if (!tasks.contains(task)
          || checkpoint.isPresent() && task.compareTo(checkpoint.get().next()) < 0) {
        continue;
      }
      Optional<Optional<MonthPartition>> stoppedAfter =
          runTask(task, table, checkpoint, limit, report, request.pinnedMonths());
      if (stoppedAfter.isPresent()) {
        MaintenanceCheckpoint saved =
            new MaintenanceCheckpoint(tasks, task, stoppedAfter.get(), clock.instant());
        saved.save(table);
        String resumeAt = task.id() + stoppedAfter.get().map(p -> " after " + p).orElse("");
        return finish(report, false, resumeAt, start);
      }
    }
    MaintenanceCheckpoint.clear(table);
    return finish(report, true, "", start);
  }

  /** Restores an archived month, pinned for {@value ArchivePins#DEFAULT_KEEP_DAYS} days. */
  public RestoredMonth restore(MonthPartition partition) {
    return restore(partition, ArchivePins.DEFAULT_KEEP_DAYS);
  }

  /**
   * Restores an archived month (after its Glacier restore in AWS) and pins it in the live table for
   * {@code keepDays} days, in one commit: archival runs leave it live until then.
   *
   * @throws IllegalArgumentException beginning "Invalid keep days", before anything is read
   */
  public RestoredMonth restore(MonthPartition partition, int keepDays) {
    Instant until = clock.instant().plus(ArchivePins.keep(keepDays));
    TableIdentifier tombstonesId = config.tables().tables().tombstones().identifier();
    Optional<Table> tombstones =
        catalog.tableExists(tombstonesId)
            ? Optional.of(catalog.loadTable(tombstonesId))
            : Optional.empty();
    PartitionRestorer.Restore restored =
        new PartitionRestorer(archive, clock, new ArchiveReconciler(config.tables().keyColumns()))
            .restore(table(), tombstones, partition, until);
    RestoredMonth result =
        new RestoredMonth(partition, restored.archives(), until, restored.superseded());
    LOG.info(
        "Restored {} {}: {} archives, {} rows ({} archived rows superseded by later changes),"
            + " pinned until {}",
        identifier,
        partition,
        restored.archives().size(),
        result.records(),
        restored.superseded(),
        until);
    metrics.restored(result);
    return result;
  }

  /** Runs one task; the partition it stopped after (empty: before any) if the budget ran out. */
  private Optional<Optional<MonthPartition>> runTask(
      MaintenanceTask task,
      Table table,
      Optional<MaintenanceCheckpoint> checkpoint,
      RunBudget budget,
      MaintenanceReport report,
      PinnedMonths pinned) {
    return switch (task) {
      case COMPACT, ARCHIVE -> eachPartition(task, table, checkpoint, budget, report, pinned);
      default -> {
        if (!budget.allowsMore()) {
          yield Optional.of(Optional.empty());
        }
        step(task, table, report);
        yield Optional.empty();
      }
    };
  }

  private Optional<Optional<MonthPartition>> eachPartition(
      MaintenanceTask task,
      Table table,
      Optional<MaintenanceCheckpoint> checkpoint,
      RunBudget budget,
      MaintenanceReport report,
      PinnedMonths pinned) {
    table.refresh();
    PartitionArchiver archiver = new PartitionArchiver(compactor, archive, clock);
    Optional<MonthPartition> last =
        checkpoint.filter(c -> c.next() == task).flatMap(MaintenanceCheckpoint::after);
    for (MonthPartition partition : PartitionFiles.all(table).keySet()) {
      if (checkpoint.isPresent() && checkpoint.get().done(task, partition)
          || task == MaintenanceTask.ARCHIVE
              && (!archiver.due(partition, config.activeMonths())
                  || keptLive(table, partition, pinned, report))) {
        continue;
      }
      if (!budget.allowsMore()) {
        return Optional.of(last);
      }
      try {
        if (task == MaintenanceTask.COMPACT) {
          compactor.compact(table, partition, false).ifPresent(r -> r.addTo(report));
        } else {
          archiver.archive(table, partition).ifPresent(m -> archived(m, report));
        }
      } catch (MaintenanceException e) {
        LOG.warn("Skipping {} {}: {}", table.name(), partition, e.getMessage());
        report.skip(partition, e.getMessage());
      }
      last = Optional.of(partition);
    }
    return Optional.empty();
  }

  /** Whether a restore pin keeps {@code partition} live in this run (reported if so). */
  private boolean keptLive(
      Table table, MonthPartition partition, PinnedMonths pinned, MaintenanceReport report) {
    Optional<Instant> until;
    try {
      until = ArchivePins.until(table.properties(), partition);
    } catch (MaintenanceException e) {
      LOG.warn("Skipping {} {}: {}", table.name(), partition, e.getMessage());
      report.skip(partition, e.getMessage());
      return true;
    }
    if (until.isEmpty()
        || pinned == PinnedMonths.ARCHIVE
        || !clock.instant().isBefore(until.get())) {
      return false;
    }
    LOG.info("Keeping {} {} live: pinned until {}", table.name(), partition, until.get());
    report.pinned(partition, ArchivePins.reason(partition, until.get()));
    return true;
  }

  private void step(MaintenanceTask task, Table table, MaintenanceReport report) {
    switch (task) {
      case REWRITE_MANIFESTS -> {
        ManifestRewriter.Result r = new ManifestRewriter(config.manifestMinCount()).rewrite(table);
        report.add(MaintenanceReport.MANIFESTS_BEFORE, r.before());
        report.add(MaintenanceReport.MANIFESTS_AFTER, r.after());
      }
      case EXPIRE_SNAPSHOTS -> {
        SnapshotExpirer.Result r = new SnapshotExpirer(clock).expire(table);
        report.add(MaintenanceReport.SNAPSHOTS_EXPIRED, r.snapshotsExpired());
        report.add(MaintenanceReport.FILES_EXPIRED, r.filesDeleted());
      }
      case REMOVE_ORPHANS -> {
        OrphanFileRemover.Result r =
            new OrphanFileRemover(clock, config.orphanMinAge()).remove(table);
        report.add(MaintenanceReport.ORPHANS_REMOVED, r.removed());
        report.add(MaintenanceReport.ORPHAN_BYTES, r.bytes());
      }
      default -> throw new IllegalStateException("Not a single-step task: " + task);
    }
  }

  private static void archived(ArchiveManifest manifest, MaintenanceReport report) {
    report.add(MaintenanceReport.PARTITIONS_ARCHIVED, 1);
    report.add(MaintenanceReport.FILES_ARCHIVED, manifest.files().size());
    report.add(MaintenanceReport.ROWS_ARCHIVED, manifest.records());
  }

  private MaintenanceReport finish(
      MaintenanceReport report, boolean complete, String resumeAt, long startNanos) {
    report.finish(complete, resumeAt, (System.nanoTime() - startNanos) / 1_000_000);
    metrics.publish(report);
    LOG.info("{}", report);
    return report;
  }
}
