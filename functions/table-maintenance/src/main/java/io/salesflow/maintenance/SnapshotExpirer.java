package io.salesflow.maintenance;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.util.PropertyUtil;

/**
 * Expires snapshots older than {@code history.expire.max-snapshot-age-ms}, always keeping the
 * newest {@code history.expire.min-snapshots-to-keep} (both table properties, Iceberg's defaults
 * when unset), and deletes the files only expired snapshots referenced: the small files compaction
 * replaced, old manifests and manifest lists.
 */
final class SnapshotExpirer {

  /** What expiry did. */
  record Result(int snapshotsExpired, long filesDeleted, int snapshotsKept) {}

  private final Clock clock;

  SnapshotExpirer(Clock clock) {
    this.clock = clock;
  }

  Result expire(Table table) {
    table.refresh();
    long maxAge =
        PropertyUtil.propertyAsLong(
            table.properties(),
            TableProperties.MAX_SNAPSHOT_AGE_MS,
            TableProperties.MAX_SNAPSHOT_AGE_MS_DEFAULT);
    int minKeep =
        PropertyUtil.propertyAsInt(
            table.properties(),
            TableProperties.MIN_SNAPSHOTS_TO_KEEP,
            TableProperties.MIN_SNAPSHOTS_TO_KEEP_DEFAULT);
    int before = count(table);
    AtomicLong deleted = new AtomicLong();
    table
        .expireSnapshots()
        .expireOlderThan(clock.millis() - maxAge)
        .retainLast(minKeep)
        .cleanExpiredFiles(true)
        .deleteWith(
            location -> {
              table.io().deleteFile(location);
              deleted.incrementAndGet();
            })
        .commit();
    table.refresh();
    int after = count(table);
    return new Result(before - after, deleted.get(), after);
  }

  private static int count(Table table) {
    int count = 0;
    for (Snapshot ignored : table.snapshots()) {
      count++;
    }
    return count;
  }
}
