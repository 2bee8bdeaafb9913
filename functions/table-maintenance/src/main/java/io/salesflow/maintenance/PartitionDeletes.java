package io.salesflow.maintenance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * Every live delete file of one partition at one snapshot, including those the planner attaches to
 * no data file (an upsert of a new key writes an equality delete whose bounds match no file): after
 * a rewrite at the snapshot's sequence number none of them applies to the new files.
 */
final class PartitionDeletes {

  private PartitionDeletes() {}

  static List<DeleteFile> live(Table table, Snapshot snapshot, MonthPartition partition) {
    List<DeleteFile> deletes = new ArrayList<>();
    if (snapshot == null) {
      return deletes;
    }
    for (ManifestFile manifest : snapshot.deleteManifests(table.io())) {
      try (ManifestReader<DeleteFile> reader =
          ManifestFiles.readDeleteManifest(manifest, table.io(), table.specs())
              .filterRows(partition.filter())) {
        for (DeleteFile file : reader) {
          if (file.specId() == table.spec().specId()
              && MonthPartition.of(file.partition()).equals(partition)) {
            deletes.add(file.copyWithoutStats());
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read delete manifest " + manifest.path(), e);
      }
    }
    return deletes;
  }
}
