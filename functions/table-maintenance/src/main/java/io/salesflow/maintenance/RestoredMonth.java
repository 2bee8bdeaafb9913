package io.salesflow.maintenance;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a restore brought back and how long it stays live.
 *
 * @param partition the restored month
 * @param archives the archives whose files were re-added, oldest first
 * @param pinnedUntil archival runs leave the month live until this instant ({@link ArchivePins})
 * @param superseded archived rows not brought back: a later change replaced or removed their key
 *     after the archival (deleted by position in the restore's commit, see ArchiveReconciler)
 */
public record RestoredMonth(
    MonthPartition partition,
    List<ArchiveManifest> archives,
    Instant pinnedUntil,
    long superseded) {

  public RestoredMonth {
    archives = List.copyOf(archives);
  }

  /** Rows live again: the archived rows less the superseded ones. */
  public long records() {
    return archives.stream().mapToLong(ArchiveManifest::records).sum() - superseded;
  }

  /** Data files re-added. */
  public long files() {
    return archives.stream().mapToLong(a -> a.files().size()).sum();
  }

  /** The restore as plain values (the handler's JSON response to a restore event). */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("month", partition.yearMonth().toString());
    map.put("partition", partition.toString());
    map.put(
        "archives",
        archives.stream()
            .map(
                a ->
                    Map.<String, Object>of(
                        "archiveId", a.archiveId(),
                        "archivedAt", a.archivedAt().toString(),
                        "files", (long) a.files().size(),
                        "rows", a.records()))
            .toList());
    map.put("files", files());
    map.put("rows", records());
    map.put("superseded", superseded);
    map.put("pinnedUntil", pinnedUntil.toString());
    map.put("pinProperty", ArchivePins.property(partition));
    return map;
  }
}
