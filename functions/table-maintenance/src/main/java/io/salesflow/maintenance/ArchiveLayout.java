package io.salesflow.maintenance;

import org.apache.iceberg.Table;

/**
 * Where a table's archived partitions go: {@code <archive>/<database>/<table>/year=Y/month=M/<id>/}
 * holding the data files and {@link ArchiveManifest#FILE}. The archive location is a prefix the
 * live table never references, so the bucket's Glacier rule can apply to it.
 */
final class ArchiveLayout {

  /** Written next to a manifest once its files are back in the table. */
  static final String RESTORED_MARKER = "restored.json";

  private final String archiveLocation;

  ArchiveLayout(String archiveLocation) {
    this.archiveLocation = archiveLocation.replaceAll("/+$", "");
  }

  /** The directory (with a trailing slash) holding every archive of {@code partition}. */
  String partitionDir(Table table, MonthPartition partition) {
    // REST and Glue catalogs name tables "<catalog>.<database>.<table>"; keep the last two parts.
    String[] parts = table.name().split("\\.");
    String name =
        parts.length >= 2 ? parts[parts.length - 2] + "/" + parts[parts.length - 1] : table.name();
    return archiveLocation + "/" + name + "/" + partition + "/";
  }

  /** The directory of one archival. */
  String archiveDir(Table table, MonthPartition partition, String archiveId) {
    return partitionDir(table, partition) + archiveId + "/";
  }

  static String fileName(String location) {
    return location.substring(location.lastIndexOf('/') + 1);
  }
}
