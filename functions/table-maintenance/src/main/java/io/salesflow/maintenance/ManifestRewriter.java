package io.salesflow.maintenance;

import java.util.List;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.util.PropertyUtil;

/**
 * Rewrites the data manifests when they are many and small (every ETL commit adds one): query
 * planning then opens a few manifests, each covering one year of partitions, instead of hundreds.
 */
final class ManifestRewriter {

  /** Manifest counts before and after; equal when nothing was rewritten. */
  record Result(int before, int after) {}

  private final int minCount;

  ManifestRewriter(int minCount) {
    this.minCount = minCount;
  }

  Result rewrite(Table table) {
    table.refresh();
    Snapshot snapshot = table.currentSnapshot();
    if (snapshot == null) {
      return new Result(0, 0);
    }
    List<ManifestFile> manifests = snapshot.dataManifests(table.io());
    long target =
        PropertyUtil.propertyAsLong(
            table.properties(),
            TableProperties.MANIFEST_TARGET_SIZE_BYTES,
            TableProperties.MANIFEST_TARGET_SIZE_BYTES_DEFAULT);
    long average =
        manifests.isEmpty()
            ? 0
            : manifests.stream().mapToLong(ManifestFile::length).sum() / manifests.size();
    if (manifests.size() < minCount || average >= target) {
      return new Result(manifests.size(), manifests.size());
    }
    table
        .rewriteManifests()
        // One cluster per spec and year: a query filtering on year opens that year's manifests.
        .clusterBy(
            file ->
                file.specId()
                    + "/"
                    + (file.partition().size() == 0 ? "" : file.partition().get(0, Object.class)))
        .rewriteIf(manifest -> manifest.length() < target)
        .set(PartitionCompactor.OPERATION, "rewrite-manifests")
        .commit();
    table.refresh();
    return new Result(manifests.size(), table.currentSnapshot().dataManifests(table.io()).size());
  }
}
