package io.salesflow.maintenance;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.SupportsPrefixOperations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes files under the table's {@code data/} and {@code metadata/} prefixes that no snapshot can
 * reach (failed or abandoned writes) and that are older than the safety window, so a file an
 * in-flight write has just put there is never taken for an orphan. The reachable set is read after
 * the listing: a file committed in between is listed and then found reachable.
 */
final class OrphanFileRemover {

  private static final Logger LOG = LoggerFactory.getLogger(OrphanFileRemover.class);

  /** What orphan removal did. */
  record Result(int listed, int removed, long bytes, int youngUnreferenced) {}

  private final Clock clock;
  private final Duration minAge;

  OrphanFileRemover(Clock clock, Duration minAge) {
    this.clock = clock;
    this.minAge = minAge;
  }

  Result remove(Table table) {
    if (!(table.io() instanceof SupportsPrefixOperations io)) {
      throw new MaintenanceException(
          "Cannot list the files of "
              + table.name()
              + ": its FileIO "
              + table.io().getClass().getName()
              + " cannot list prefixes; use S3FileIO");
    }
    long cutoff = clock.millis() - minAge.toMillis();
    String base = table.location().replaceAll("/+$", "");
    List<FileInfo> listed = new ArrayList<>();
    for (String prefix : List.of(base + "/data/", base + "/metadata/")) {
      io.listPrefix(prefix).forEach(listed::add);
    }
    table.refresh();
    Set<String> reachable = ReachableFiles.of(table);
    int removed = 0;
    int young = 0;
    long bytes = 0;
    for (FileInfo file : listed) {
      if (reachable.contains(ReachableFiles.normalize(file.location()))) {
        continue;
      }
      if (file.createdAtMillis() > cutoff) {
        young++;
        continue;
      }
      LOG.info("Removing orphan file {} ({} bytes)", file.location(), file.size());
      io.deleteFile(file.location());
      removed++;
      bytes += file.size();
    }
    return new Result(listed.size(), removed, bytes, young);
  }
}
