package io.salesflow.maintenance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Set;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.ManifestContent;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.PartitionStatisticsFile;
import org.apache.iceberg.ReachableFileUtil;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * Every file any snapshot of a table can reach: metadata files (current and previous), manifest
 * lists, manifests, data and delete files of every snapshot, statistics files. Locations are
 * normalized with {@link #normalize(String)}.
 */
final class ReachableFiles {

  private ReachableFiles() {}

  static Set<String> of(Table table) {
    Set<String> files = new HashSet<>();
    ReachableFileUtil.metadataFileLocations(table, true).forEach(l -> files.add(normalize(l)));
    ReachableFileUtil.statisticsFilesLocations(table).forEach(l -> files.add(normalize(l)));
    for (PartitionStatisticsFile stats : table.partitionStatisticsFiles()) {
      files.add(normalize(stats.path()));
    }
    Set<String> manifests = new HashSet<>();
    for (Snapshot snapshot : table.snapshots()) {
      if (snapshot.manifestListLocation() != null) {
        files.add(normalize(snapshot.manifestListLocation()));
      }
      for (ManifestFile manifest : snapshot.allManifests(table.io())) {
        if (manifests.add(manifest.path())) {
          files.add(normalize(manifest.path()));
          contentFiles(table, manifest).forEach(l -> files.add(normalize(l)));
        }
      }
    }
    return files;
  }

  private static Set<String> contentFiles(Table table, ManifestFile manifest) {
    Set<String> files = new HashSet<>();
    try (ManifestReader<? extends ContentFile<?>> reader =
        manifest.content() == ManifestContent.DATA
            ? ManifestFiles.read(manifest, table.io(), table.specs())
            : ManifestFiles.readDeleteManifest(manifest, table.io(), table.specs())) {
      // Live entries suffice: a file a later snapshot deleted is live in the manifests of the
      // snapshots that still read it, and every snapshot's manifests are visited.
      reader.forEach(file -> files.add(file.location()));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read manifest " + manifest.path(), e);
    }
    return files;
  }

  /** {@code s3a://} and {@code s3n://} are the same objects as {@code s3://}. */
  static String normalize(String location) {
    if (location.startsWith("s3a://") || location.startsWith("s3n://")) {
      return "s3://" + location.substring(6);
    }
    return location;
  }
}
