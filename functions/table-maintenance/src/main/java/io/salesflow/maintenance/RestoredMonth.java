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
 */
public record RestoredMonth(
    MonthPartition partition, List<ArchiveManifest> archives, Instant pinnedUntil) {

  public RestoredMonth {
    archives = List.copyOf(archives);
  }

  /** Rows re-added. */
  public long records() {
    return archives.stream().mapToLong(ArchiveManifest::records).sum();
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
    map.put("pinnedUntil", pinnedUntil.toString());
    map.put("pinProperty", ArchivePins.property(partition));
    return map;
  }
}
