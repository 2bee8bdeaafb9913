package io.salesflow.maintenance;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.salesflow.maintenance.ArchiveManifest.ArchivedFile;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.PartitionData;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.SupportsPrefixOperations;
import org.apache.iceberg.parquet.ParquetUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings an archived month back: copies the files of every archive of the month not restored yet
 * into the table's data location under new names, re-adds them with their Parquet metrics and pins
 * the month ({@link ArchivePins}) in one commit, and marks each archive restored. The rows are
 * those archived, less those a later change superseded ({@link ArchiveReconciler}: deleted by
 * position in the same commit). In AWS the archive directory must first be restored from Glacier
 * (see the module README).
 *
 * <p>Refused while the live partition holds any file: restored rows get a new sequence number, so a
 * delete or upsert made meanwhile would not apply to them.
 */
final class PartitionRestorer {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger(PartitionRestorer.class);

  private final ArchiveLayout layout;
  private final Clock clock;
  private final ArchiveReconciler reconciler;

  /**
   * What a restore did: the archives re-added, oldest first, and the rows it did not bring back.
   */
  record Restore(List<ArchiveManifest> archives, long superseded) {}

  PartitionRestorer(ArchiveLayout layout, Clock clock, ArchiveReconciler reconciler) {
    this.layout = layout;
    this.clock = clock;
    this.reconciler = reconciler;
  }

  /**
   * Restores {@code partition}, pinned until {@code pinnedUntil}, without the archived rows a later
   * change superseded ({@link ArchiveReconciler}).
   */
  Restore restore(
      Table table, Optional<Table> tombstones, MonthPartition partition, Instant pinnedUntil) {
    List<ArchiveManifest> archives = pending(table, partition);
    table.refresh();
    PartitionFiles live = PartitionFiles.current(table, partition);
    if (!live.tasks().isEmpty()
        || !PartitionDeletes.live(table, live.snapshot(), partition).isEmpty()) {
      throw new MaintenanceException(
          "Cannot restore "
              + table.name()
              + " "
              + partition
              + ": the live table already holds files in that partition (rows or deletes written"
              + " after archival); restored rows would not be subject to those deletes. Archive"
              + " the partition again first, then restore every archive of it together");
    }
    List<DataFile> added = new ArrayList<>();
    List<DeleteFile> deletes = new ArrayList<>();
    ArchiveReconciler.Superseded superseded;
    try {
      for (ArchiveManifest archive : archives) {
        added.addAll(copyBack(table, archive));
      }
      superseded = reconciler.superseded(table, tombstones, added);
      deletes.addAll(superseded.deletes());
      commit(table, partition, live.snapshot(), archives, added, deletes, pinnedUntil);
    } catch (CommitStateUnknownException e) {
      throw new MaintenanceException(
          "Cannot tell whether the restore of "
              + table.name()
              + " "
              + partition
              + " was committed; the copied files are kept: check the table's last snapshot",
          e);
    } catch (RuntimeException e) {
      added.forEach(f -> FileCopier.deleteQuietly(table.io(), f.location()));
      deletes.forEach(f -> FileCopier.deleteQuietly(table.io(), f.location()));
      throw e;
    }
    for (ArchiveManifest archive : archives) {
      markRestored(table, archive);
    }
    if (superseded.rows() > 0) {
      LOG.info(
          "Restore of {} {} leaves out {} archived rows: {} replaced in a later archive of the"
              + " month, {} replaced by a live row, {} removed after the archival",
          table.name(),
          partition,
          superseded.rows(),
          superseded.byNewerArchive(),
          superseded.byLiveRow(),
          superseded.byRemove());
    }
    return new Restore(archives, superseded.rows());
  }

  private List<DataFile> copyBack(Table table, ArchiveManifest archive) {
    List<DataFile> files = new ArrayList<>();
    PartitionData partition = DataFiles.data(table.spec(), archive.partition().toString());
    for (ArchivedFile file : archive.files()) {
      String target =
          table
              .locationProvider()
              .newDataLocation(
                  table.spec(),
                  partition,
                  "restored-" + archive.archiveId() + "-" + ArchiveLayout.fileName(file.archive()));
      long bytes = FileCopier.copy(table.io(), file.archive(), target);
      InputFile copied = table.io().newInputFile(target);
      DataFile dataFile =
          DataFiles.builder(table.spec())
              .withPath(target)
              .withFormat(FileFormat.PARQUET)
              .withFileSizeInBytes(bytes)
              .withPartition(partition)
              .withMetrics(ParquetUtil.fileMetrics(copied, MetricsConfig.forTable(table)))
              .withSortOrder(table.sortOrder())
              .build();
      files.add(dataFile);
      if (dataFile.recordCount() != file.records()) {
        throw new MaintenanceException(
            "Cannot restore "
                + file.archive()
                + ": it holds "
                + dataFile.recordCount()
                + " rows, the archive manifest says "
                + file.records());
      }
    }
    return files;
  }

  private void commit(
      Table table,
      MonthPartition partition,
      Snapshot start,
      List<ArchiveManifest> archives,
      List<DataFile> files,
      List<DeleteFile> deletes,
      Instant pinnedUntil) {
    // One transaction, one catalog commit: the files never come back without their pin, nor
    // without the deletes of their superseded rows.
    Transaction transaction = table.newTransaction();
    RowDelta delta = transaction.newRowDelta();
    files.forEach(delta::addRows);
    deletes.forEach(delta::addDeletes);
    if (start != null) {
      delta.validateFromSnapshot(start.snapshotId());
    }
    delta
        .conflictDetectionFilter(partition.filter())
        .validateNoConflictingDataFiles()
        .validateNoConflictingDeleteFiles()
        .set(PartitionCompactor.OPERATION, "restore")
        .set(
            "salesflow.restored-archives",
            String.join(",", archives.stream().map(ArchiveManifest::archiveId).toList()))
        .commit();
    transaction
        .updateProperties()
        .set(ArchivePins.property(partition), pinnedUntil.toString())
        .commit();
    transaction.commitTransaction();
  }

  /** The archives of {@code partition} not restored yet, oldest first. */
  private List<ArchiveManifest> pending(Table table, MonthPartition partition) {
    if (!(table.io() instanceof SupportsPrefixOperations io)) {
      throw new MaintenanceException(
          "Cannot list archives of " + table.name() + ": its FileIO cannot list prefixes");
    }
    String dir = layout.partitionDir(table, partition);
    Set<String> manifests = new TreeSet<>();
    Set<String> restored = new TreeSet<>();
    for (FileInfo file : io.listPrefix(dir)) {
      String location = file.location();
      String parent = location.substring(0, location.lastIndexOf('/') + 1);
      if (location.endsWith("/" + ArchiveManifest.FILE)) {
        manifests.add(parent);
      } else if (location.endsWith("/" + ArchiveLayout.RESTORED_MARKER)) {
        restored.add(parent);
      }
    }
    manifests.removeAll(restored);
    if (manifests.isEmpty()) {
      throw new MaintenanceException(
          "Cannot restore "
              + table.name()
              + " "
              + partition
              + ": no archive of it waiting under "
              + dir
              + (restored.isEmpty() ? "" : " (" + restored.size() + " already restored)"));
    }
    return manifests.stream()
        .map(d -> ArchiveManifest.read(table.io(), d + ArchiveManifest.FILE))
        .toList();
  }

  private void markRestored(Table table, ArchiveManifest archive) {
    String dir = layout.archiveDir(table, archive.partition(), archive.archiveId());
    try (OutputStream out =
        table.io().newOutputFile(dir + ArchiveLayout.RESTORED_MARKER).createOrOverwrite()) {
      JSON.writeValue(
          out,
          Map.of(
              "restoredAt",
              clock.instant().toString(),
              "snapshotId",
              table.currentSnapshot().snapshotId()));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot mark " + dir + " restored", e);
    }
  }
}
