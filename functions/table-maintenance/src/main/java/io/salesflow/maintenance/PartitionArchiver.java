package io.salesflow.maintenance;

import io.salesflow.core.table.SalesHistoryTombstonesTable;
import io.salesflow.maintenance.ArchiveManifest.ArchivedFile;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.UpdateProperties;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.util.DataFileSet;
import org.apache.iceberg.util.DeleteFileSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Archives a partition older than the active window: first compacts it so no delete applies to any
 * of its data files (the archive then holds exactly the live rows; re-adding equality deletes on
 * restore would be wrong, their sequence numbers would not survive), copies the data files to the
 * archive prefix, writes the {@link ArchiveManifest} next to them, and removes the files from the
 * live table in one commit that fails if anything in the partition changed since it was read; the
 * same commit removes the month's restore pin ({@link ArchivePins}), if any (callers archive a
 * pinned month only once the pin expired or on the user's explicit override). Should the commit
 * fail, the copies are deleted again and the live table is untouched.
 */
final class PartitionArchiver {

  private static final Logger LOG = LoggerFactory.getLogger(PartitionArchiver.class);
  private static final DateTimeFormatter ID =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final PartitionCompactor compactor;
  private final ArchiveLayout layout;
  private final Clock clock;

  PartitionArchiver(PartitionCompactor compactor, ArchiveLayout layout, Clock clock) {
    this.compactor = compactor;
    this.layout = layout;
    this.clock = clock;
  }

  /** Whether {@code partition}'s month ended more than {@code activeMonths} months ago. */
  boolean due(MonthPartition partition, int activeMonths) {
    YearMonth current = YearMonth.from(clock.instant().atZone(ZoneOffset.UTC));
    return partition.yearMonth().isBefore(current.minusMonths(activeMonths));
  }

  /** Archives {@code partition}; empty if it has no live files. */
  Optional<ArchiveManifest> archive(Table table, MonthPartition partition) {
    table.refresh();
    PartitionFiles files = PartitionFiles.current(table, partition);
    if (files.hasDeletes()
        || !PartitionDeletes.live(table, files.snapshot(), partition).isEmpty()) {
      compactor.compact(table, partition, true);
      table.refresh();
      files = PartitionFiles.current(table, partition);
    }
    if (files.tasks().isEmpty()) {
      return Optional.empty();
    }
    if (files.hasDeletes()) {
      throw new MaintenanceException(
          "Cannot archive "
              + table.name()
              + " "
              + partition
              + ": deletes still apply to its files after compaction (written meanwhile); it is"
              + " retried on the next run");
    }
    List<DeleteFile> leftover = PartitionDeletes.live(table, files.snapshot(), partition);
    Instant now = clock.instant();
    String archiveId = ID.format(now) + "-" + files.snapshot().snapshotId();
    String dir = layout.archiveDir(table, partition, archiveId);
    List<ArchivedFile> archived = new ArrayList<>();
    List<DataFile> dataFiles = new ArrayList<>();
    try {
      for (FileScanTask task : files.tasks()) {
        DataFile file = task.file();
        String target = dir + ArchiveLayout.fileName(file.location());
        long bytes = FileCopier.copy(table.io(), file.location(), target);
        archived.add(new ArchivedFile(file.location(), target, file.recordCount(), bytes));
        dataFiles.add(file);
      }
      ArchiveManifest manifest =
          new ArchiveManifest(
              archiveId, table.name(), partition, files.snapshot().snapshotId(), now, archived);
      manifest.write(table.io(), dir + ArchiveManifest.FILE);
      // One transaction, one catalog commit: an expired restore pin goes with the files.
      Transaction transaction = table.newTransaction();
      transaction
          .newOverwrite()
          .deleteFiles(DataFileSet.of(dataFiles), DeleteFileSet.of(leftover))
          .validateFromSnapshot(files.snapshot().snapshotId())
          .conflictDetectionFilter(partition.filter())
          .validateNoConflictingData()
          .validateNoConflictingDeletes()
          .set(PartitionCompactor.OPERATION, "archive")
          .set("salesflow.archive-manifest", dir + ArchiveManifest.FILE)
          .commit();
      String pin = ArchivePins.property(partition);
      boolean pinned = table.properties().containsKey(pin);
      boolean keep = table.properties().containsKey(SalesHistoryTombstonesTable.KEEP_PROPERTY);
      if (pinned || !keep) {
        UpdateProperties properties = transaction.updateProperties();
        if (pinned) {
          properties.remove(pin);
        }
        // From the first archival on, the ETL keeps every tombstone: a restore needs them to
        // leave out archived rows removed later (ArchiveReconciler).
        properties.set(SalesHistoryTombstonesTable.KEEP_PROPERTY, "true").commit();
      }
      transaction.commitTransaction();
      LOG.info(
          "Archived {} {}: {} files, {} rows to {}{}",
          table.name(),
          partition,
          archived.size(),
          manifest.records(),
          dir,
          pinned ? "; removed " + pin : "");
      return Optional.of(manifest);
    } catch (CommitStateUnknownException e) {
      // The files may be gone from the table: the copies must stay, whatever happened.
      throw new MaintenanceException(
          "Cannot tell whether the archival of "
              + table.name()
              + " "
              + partition
              + " was committed; its copies and manifest are kept in "
              + dir
              + ": check the table's last snapshot before archiving or restoring this month",
          e);
    } catch (RuntimeException e) {
      archived.forEach(a -> FileCopier.deleteQuietly(table.io(), a.archive()));
      FileCopier.deleteQuietly(table.io(), dir + ArchiveManifest.FILE);
      throw new MaintenanceException(
          "Cannot archive "
              + table.name()
              + " "
              + partition
              + ": "
              + e.getMessage()
              + "; the live table is unchanged and the partition is retried on the next run",
          e);
    }
  }
}
