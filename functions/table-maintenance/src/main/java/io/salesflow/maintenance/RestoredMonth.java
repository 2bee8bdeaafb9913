package io.salesflow.maintenance;

import java.time.Instant;
import java.util.List;

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
}
