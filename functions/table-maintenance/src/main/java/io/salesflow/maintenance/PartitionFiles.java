package io.salesflow.maintenance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;

/**
 * The live files of one partition at one snapshot: each data file with the delete files Iceberg's
 * planner says apply to it (by sequence number, partition and column bounds).
 *
 * @param partition the partition
 * @param snapshot the snapshot planned from
 * @param tasks one task per data file, unsplit
 */
record PartitionFiles(MonthPartition partition, Snapshot snapshot, List<FileScanTask> tasks) {

  /** Plans the partition's files at the table's current snapshot (empty if it has none). */
  static PartitionFiles current(Table table, MonthPartition partition) {
    Snapshot snapshot = table.currentSnapshot();
    if (snapshot == null) {
      return new PartitionFiles(partition, null, List.of());
    }
    List<FileScanTask> tasks = new ArrayList<>();
    try (CloseableIterable<FileScanTask> planned =
        table
            .newScan()
            .useSnapshot(snapshot.snapshotId())
            .filter(partition.filter())
            .ignoreResiduals()
            .planFiles()) {
      planned.forEach(tasks::add);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot plan " + table.name() + " " + partition, e);
    }
    return new PartitionFiles(partition, snapshot, List.copyOf(tasks));
  }

  /** Every partition with live files at the current snapshot, oldest first. */
  static Map<MonthPartition, PartitionFiles> all(Table table) {
    Snapshot snapshot = table.currentSnapshot();
    Map<MonthPartition, List<FileScanTask>> byPartition = new TreeMap<>();
    if (snapshot == null) {
      return Map.of();
    }
    try (CloseableIterable<FileScanTask> planned =
        table.newScan().useSnapshot(snapshot.snapshotId()).ignoreResiduals().planFiles()) {
      for (FileScanTask task : planned) {
        byPartition
            .computeIfAbsent(MonthPartition.of(task.file().partition()), p -> new ArrayList<>())
            .add(task);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot plan " + table.name(), e);
    }
    Map<MonthPartition, PartitionFiles> result = new LinkedHashMap<>();
    byPartition.forEach((p, t) -> result.put(p, new PartitionFiles(p, snapshot, List.copyOf(t))));
    return result;
  }

  /** Distinct delete files that apply to at least one of {@code tasks}. */
  static Collection<DeleteFile> deletesOf(Collection<FileScanTask> tasks) {
    Map<String, DeleteFile> deletes = new LinkedHashMap<>();
    tasks.forEach(t -> t.deletes().forEach(d -> deletes.putIfAbsent(d.location(), d)));
    return deletes.values();
  }

  int dataFiles() {
    return tasks.size();
  }

  int deleteFiles() {
    return deletesOf(tasks).size();
  }

  long bytes() {
    return tasks.stream().mapToLong(t -> t.file().fileSizeInBytes()).sum()
        + deletesOf(tasks).stream().mapToLong(DeleteFile::fileSizeInBytes).sum();
  }

  boolean hasDeletes() {
    return tasks.stream().anyMatch(t -> !t.deletes().isEmpty());
  }
}
