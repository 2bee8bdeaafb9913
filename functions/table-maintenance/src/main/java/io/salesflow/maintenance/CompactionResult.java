package io.salesflow.maintenance;

/**
 * What compacting one partition did; counts are of the partition at the snapshot compaction started
 * from, before and after its commit.
 *
 * @param partition the partition
 * @param dataFilesBefore live data files before
 * @param deleteFilesBefore live delete files before
 * @param dataFilesAfter live data files after
 * @param deleteFilesAfter live delete files after
 * @param bytesBefore bytes of those data and delete files before
 * @param bytesAfter bytes after
 * @param rowsRewritten live rows written to the new files
 * @param deletesApplied rows of the rewritten files that their deletes removed
 */
public record CompactionResult(
    MonthPartition partition,
    int dataFilesBefore,
    int deleteFilesBefore,
    int dataFilesAfter,
    int deleteFilesAfter,
    long bytesBefore,
    long bytesAfter,
    long rowsRewritten,
    long deletesApplied) {

  void addTo(MaintenanceReport report) {
    report.add(MaintenanceReport.PARTITIONS_COMPACTED, 1);
    report.add(MaintenanceReport.DATA_FILES_BEFORE, dataFilesBefore);
    report.add(MaintenanceReport.DELETE_FILES_BEFORE, deleteFilesBefore);
    report.add(MaintenanceReport.DATA_FILES_AFTER, dataFilesAfter);
    report.add(MaintenanceReport.DELETE_FILES_AFTER, deleteFilesAfter);
    report.add(MaintenanceReport.BYTES_BEFORE, bytesBefore);
    report.add(MaintenanceReport.BYTES_AFTER, bytesAfter);
    report.add(MaintenanceReport.ROWS_REWRITTEN, rowsRewritten);
    report.add(MaintenanceReport.DELETES_APPLIED, deletesApplied);
  }
}
