package io.salesflow.maintenance;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.RewriteFiles;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.ValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compacts one partition: its small data files, and every file with deletes, are read with those
 * deletes applied, bin-packed into groups of at most {@code maxGroupBytes}, sorted by the table's
 * sort order and written as files of the target size, then swapped in with one {@link RewriteFiles}
 * commit.
 *
 * <p>Safe under concurrent ingestion: the commit is validated from the snapshot the rows were read
 * at, and the new files keep that snapshot's sequence number as their data sequence number. An
 * equality delete the ETL commits meanwhile has a higher sequence number, so it still applies to
 * the new files (Iceberg then does not count it as a conflict); a concurrent position delete on a
 * replaced file fails validation, and the partition is retried from scratch, then skipped. Delete
 * files of the partition are removed in the same commit unless a data file that is kept still needs
 * them.
 */
final class PartitionCompactor {

  /** Summary property marking maintenance commits. */
  static final String OPERATION = "salesflow.maintenance";

  private static final Logger LOG = LoggerFactory.getLogger(PartitionCompactor.class);

  private final int minInputFiles;
  private final long maxGroupBytes;
  private final int attempts;
  private final Runnable beforeCommit;

  PartitionCompactor(int minInputFiles, long maxGroupBytes, int attempts) {
    this(minInputFiles, maxGroupBytes, attempts, () -> {});
  }

  /** With {@code beforeCommit} run after the new files are written: tests commit concurrently. */
  PartitionCompactor(int minInputFiles, long maxGroupBytes, int attempts, Runnable beforeCommit) {
    this.minInputFiles = minInputFiles;
    this.maxGroupBytes = maxGroupBytes;
    this.attempts = attempts;
    this.beforeCommit = beforeCommit;
  }

  /**
   * Compacts {@code partition}; {@code everything} rewrites all its data files (archival needs a
   * partition without deletes). Empty when there was nothing to do.
   *
   * @throws MaintenanceException when every attempt conflicted (the partition is left as it was)
   */
  Optional<CompactionResult> compact(Table table, MonthPartition partition, boolean everything) {
    RuntimeException last = null;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      table.refresh();
      try {
        return attempt(table, PartitionFiles.current(table, partition), everything);
      } catch (ValidationException | CommitFailedException e) {
        last = e;
        LOG.warn(
            "Compaction of {} {} conflicted (attempt {} of {}): {}",
            table.name(),
            partition,
            attempt,
            attempts,
            e.getMessage());
      }
    }
    throw new MaintenanceException(
        "Cannot compact "
            + table.name()
            + " "
            + partition
            + " after "
            + attempts
            + " attempts (concurrent commits kept conflicting): "
            + last.getMessage()
            + "; it is left as it was and retried on the next run",
        last);
  }

  private Optional<CompactionResult> attempt(
      Table table, PartitionFiles files, boolean everything) {
    if (files.snapshot() == null
        || files.tasks().stream().anyMatch(t -> t.file().specId() != table.spec().specId())) {
      return Optional.empty();
    }
    List<DeleteFile> partitionDeletes =
        PartitionDeletes.live(table, files.snapshot(), files.partition());
    long minSize = minFileSize(table);
    List<FileScanTask> selected = new ArrayList<>();
    List<FileScanTask> kept = new ArrayList<>();
    for (FileScanTask task : files.tasks()) {
      boolean rewrite =
          everything || task.file().fileSizeInBytes() < minSize || !task.deletes().isEmpty();
      (rewrite ? selected : kept).add(task);
    }
    Set<String> stillNeeded = new HashSet<>();
    PartitionFiles.deletesOf(kept).forEach(d -> stillNeeded.add(d.location()));
    Map<String, DeleteFile> removable = new LinkedHashMap<>();
    partitionDeletes.stream()
        .filter(d -> !stillNeeded.contains(d.location()))
        .forEach(d -> removable.putIfAbsent(d.location(), d));
    boolean worthIt =
        everything
            ? !selected.isEmpty() || !removable.isEmpty()
            : selected.size() + removable.size() >= minInputFiles
                && (selected.size() > 1 || !removable.isEmpty());
    if (!worthIt) {
      return Optional.empty();
    }
    return Optional.of(rewrite(table, files, selected, removable, partitionDeletes));
  }

  private CompactionResult rewrite(
      Table table,
      PartitionFiles files,
      List<FileScanTask> selected,
      Map<String, DeleteFile> removable,
      List<DeleteFile> partitionDeletes) {
    DeletesAppliedReader reader = new DeletesAppliedReader(table);
    SortedFileWriter writer = new SortedFileWriter(table);
    List<DataFile> added = new ArrayList<>();
    long rowsIn = 0;
    long rowsOut = 0;
    try {
      for (List<FileScanTask> group : binPack(selected)) {
        List<Record> rows = new ArrayList<>();
        for (FileScanTask task : group) {
          rowsIn += task.file().recordCount();
          rowsOut += reader.read(task, rows::add);
        }
        added.addAll(writer.write(rows));
      }
      beforeCommit.run();
      Set<DataFile> replaced = new HashSet<>();
      selected.forEach(t -> replaced.add(t.file()));
      RewriteFiles rewrite =
          table
              .newRewrite()
              .validateFromSnapshot(files.snapshot().snapshotId())
              .rewriteFiles(
                  replaced, new HashSet<>(removable.values()), new HashSet<>(added), Set.of())
              .set(OPERATION, "compact")
              .set("salesflow.partition", files.partition().toString());
      if (!replaced.isEmpty()) {
        rewrite.dataSequenceNumber(files.snapshot().sequenceNumber());
      }
      rewrite.commit();
    } catch (CommitStateUnknownException e) {
      // The new files may be committed: never delete them here (orphan removal will if not).
      throw new MaintenanceException(
          "Cannot tell whether the compaction of "
              + table.name()
              + " "
              + files.partition()
              + " was committed: "
              + e.getMessage()
              + "; the next run checks the partition again",
          e);
    } catch (RuntimeException e) {
      added.forEach(f -> deleteQuietly(table, f.location()));
      throw e;
    }
    long bytesBefore =
        files.tasks().stream().mapToLong(t -> t.file().fileSizeInBytes()).sum()
            + partitionDeletes.stream().mapToLong(DeleteFile::fileSizeInBytes).sum();
    long bytesAfter =
        bytesBefore
            - selected.stream().mapToLong(t -> t.file().fileSizeInBytes()).sum()
            - removable.values().stream().mapToLong(DeleteFile::fileSizeInBytes).sum()
            + added.stream().mapToLong(DataFile::fileSizeInBytes).sum();
    CompactionResult result =
        new CompactionResult(
            files.partition(),
            files.tasks().size(),
            partitionDeletes.size(),
            files.tasks().size() - selected.size() + added.size(),
            partitionDeletes.size() - removable.size(),
            bytesBefore,
            bytesAfter,
            rowsOut,
            rowsIn - rowsOut);
    LOG.info("Compacted {} {}: {}", table.name(), files.partition(), result);
    return result;
  }

  /** Bins of input files, each at most {@code maxGroupBytes} (a larger file is a bin alone). */
  private List<List<FileScanTask>> binPack(List<FileScanTask> tasks) {
    List<List<FileScanTask>> bins = new ArrayList<>();
    List<FileScanTask> bin = new ArrayList<>();
    long size = 0;
    for (FileScanTask task : tasks) {
      long fileSize = task.file().fileSizeInBytes();
      if (!bin.isEmpty() && size + fileSize > maxGroupBytes) {
        bins.add(bin);
        bin = new ArrayList<>();
        size = 0;
      }
      bin.add(task);
      size += fileSize;
    }
    if (!bin.isEmpty()) {
      bins.add(bin);
    }
    return bins;
  }

  /** Files below 75% of the target size count as small (Iceberg's bin-pack default). */
  private static long minFileSize(Table table) {
    return (long) (new SortedFileWriter(table).targetSize() * 0.75);
  }

  private static void deleteQuietly(Table table, String location) {
    try {
      table.io().deleteFile(location);
    } catch (RuntimeException e) {
      LOG.warn("Cannot delete uncommitted file {}: {}", location, e.getMessage());
    }
  }
}
