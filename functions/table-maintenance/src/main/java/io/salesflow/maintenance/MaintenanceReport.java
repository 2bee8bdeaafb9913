package io.salesflow.maintenance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one run did, filled in as it goes: returned by the handler and the CLI, published as
 * metrics, logged as one line. Counts of the compaction cover the partitions it rewrote.
 */
public final class MaintenanceReport {

  private final Map<String, Long> counts = new LinkedHashMap<>();
  private final List<String> skipped = new ArrayList<>();
  private boolean complete;
  private String resumeAt = "";
  private long millis;

  /** Counter names, also the metric names. */
  public static final String PARTITIONS_COMPACTED = "PartitionsCompacted";

  public static final String DATA_FILES_BEFORE = "DataFilesBefore";
  public static final String DELETE_FILES_BEFORE = "DeleteFilesBefore";
  public static final String DATA_FILES_AFTER = "DataFilesAfter";
  public static final String DELETE_FILES_AFTER = "DeleteFilesAfter";
  public static final String BYTES_BEFORE = "BytesBefore";
  public static final String BYTES_AFTER = "BytesAfter";
  public static final String ROWS_REWRITTEN = "RowsRewritten";
  public static final String DELETES_APPLIED = "DeletesApplied";
  public static final String PARTITIONS_ARCHIVED = "PartitionsArchived";
  public static final String FILES_ARCHIVED = "FilesArchived";
  public static final String ROWS_ARCHIVED = "RowsArchived";
  public static final String MANIFESTS_BEFORE = "ManifestsBefore";
  public static final String MANIFESTS_AFTER = "ManifestsAfter";
  public static final String SNAPSHOTS_EXPIRED = "SnapshotsExpired";
  public static final String FILES_EXPIRED = "FilesDeletedByExpiry";
  public static final String ORPHANS_REMOVED = "OrphansRemoved";
  public static final String ORPHAN_BYTES = "OrphanBytes";
  public static final String PARTITIONS_SKIPPED = "PartitionsSkipped";

  /** Months due for archival left live because a restore pinned them (not a failure). */
  public static final String PARTITIONS_PINNED = "PartitionsPinned";

  public MaintenanceReport() {
    for (String name :
        List.of(
            PARTITIONS_COMPACTED,
            DATA_FILES_BEFORE,
            DELETE_FILES_BEFORE,
            DATA_FILES_AFTER,
            DELETE_FILES_AFTER,
            BYTES_BEFORE,
            BYTES_AFTER,
            ROWS_REWRITTEN,
            DELETES_APPLIED,
            PARTITIONS_ARCHIVED,
            FILES_ARCHIVED,
            ROWS_ARCHIVED,
            MANIFESTS_BEFORE,
            MANIFESTS_AFTER,
            SNAPSHOTS_EXPIRED,
            FILES_EXPIRED,
            ORPHANS_REMOVED,
            ORPHAN_BYTES,
            PARTITIONS_SKIPPED,
            PARTITIONS_PINNED)) {
      counts.put(name, 0L);
    }
  }

  synchronized void add(String counter, long value) {
    counts.merge(counter, value, Long::sum);
  }

  /** Records a partition left for the next run, with why. */
  synchronized void skip(MonthPartition partition, String reason) {
    skipped.add(partition + ": " + reason);
    add(PARTITIONS_SKIPPED, 1);
  }

  /**
   * Records a month due for archival that a restore pinned: listed with the skipped partitions (the
   * reason names the pin and its expiry) but counted apart, as it is no failure.
   */
  synchronized void pinned(MonthPartition partition, String reason) {
    skipped.add(partition + ": " + reason);
    add(PARTITIONS_PINNED, 1);
  }

  void finish(boolean complete, String resumeAt, long millis) {
    this.complete = complete;
    this.resumeAt = resumeAt;
    this.millis = millis;
  }

  /** One counter's value (see the constants). */
  public long count(String counter) {
    return counts.getOrDefault(counter, 0L);
  }

  /** Every counter, in a fixed order. */
  public Map<String, Long> counts() {
    return Map.copyOf(counts);
  }

  /** Partitions skipped (failures and pinned months) with their reasons. */
  public List<String> skipped() {
    return List.copyOf(skipped);
  }

  /** Whether the run did everything it was asked (false: stopped by its time budget). */
  public boolean complete() {
    return complete;
  }

  /** Where the next run resumes, empty when complete. */
  public String resumeAt() {
    return resumeAt;
  }

  public long millis() {
    return millis;
  }

  /** The report as plain values (the handler's JSON response). */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("complete", complete);
    map.put("resumeAt", resumeAt);
    map.put("millis", millis);
    counts.forEach((k, v) -> map.put(Character.toLowerCase(k.charAt(0)) + k.substring(1), v));
    map.put("skipped", skipped());
    return map;
  }

  /** The log line: every counter as key=value. */
  @Override
  public String toString() {
    StringBuilder line =
        new StringBuilder("Maintenance ")
            .append(complete ? "complete" : "stopped by its time budget, resumes at " + resumeAt)
            .append(" in ")
            .append(millis)
            .append(" ms:");
    counts.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
    if (!skipped.isEmpty()) {
      line.append(" skipped=").append(skipped);
    }
    return line.toString();
  }
}
