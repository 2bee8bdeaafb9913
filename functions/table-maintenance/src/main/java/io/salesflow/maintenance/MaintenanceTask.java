package io.salesflow.maintenance;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The steps of a maintenance run, in the order a run performs them. */
public enum MaintenanceTask {
  /** Bin-pack small data files with the deletes that apply to them, per partition. */
  COMPACT("compact"),
  /** Move partitions older than the active window to the archive prefix. */
  ARCHIVE("archive"),
  /** Rewrite data manifests when they are many and small. */
  REWRITE_MANIFESTS("manifests"),
  /** Expire snapshots by the table's age and minimum-count properties. */
  EXPIRE_SNAPSHOTS("expire"),
  /** Delete files under the table location that no snapshot references. */
  REMOVE_ORPHANS("orphans");

  private final String id;

  MaintenanceTask(String id) {
    this.id = id;
  }

  /** The name used in configuration, requests and the CLI, e.g. {@code compact}. */
  public String id() {
    return id;
  }

  /** The task named {@code id} (case-insensitive). */
  public static MaintenanceTask of(String id) {
    String lower = id.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(t -> t.id.equals(lower))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "Invalid maintenance task '" + id + "': use one of " + ids()));
  }

  /** Every task's id, in run order. */
  public static List<String> ids() {
    return Arrays.stream(values()).map(MaintenanceTask::id).toList();
  }
}
