package io.salesflow.etl;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits one batch's files to one table in a single {@link RowDelta}, with the batch's lineage in
 * the snapshot summary. Iceberg retries conflicts itself (table property {@code
 * commit.retry.num-retries}); when that is exhausted this committer retries the whole commit with
 * full-jitter backoff, as long as enough Lambda time remains. A commit whose outcome is unknown is
 * resolved by looking for its commit id in the table's snapshots.
 */
final class TableCommitter {

  static final String COMMIT_ID = "salesflow.commit-id";
  private static final Logger LOG = LoggerFactory.getLogger(TableCommitter.class);
  private static final long BASE_BACKOFF_MS = 100;
  private static final long MAX_BACKOFF_MS = 5_000;

  /** Outcome of a commit. */
  record Committed(long snapshotId, int attempts, long millis) {}

  private final int maxAttempts;
  private final long safetyMarginMillis;

  TableCommitter(int maxAttempts, long safetyMarginMillis) {
    this.maxAttempts = maxAttempts;
    this.safetyMarginMillis = safetyMarginMillis;
  }

  Committed commit(
      Table table,
      DeltaWriter.Files files,
      Map<String, String> summary,
      LongSupplier remainingMillis) {
    long start = System.nanoTime();
    int attemptsBefore = 0;
    RuntimeException last = null;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      checkTime(table, remainingMillis);
      try {
        RowDelta delta = table.newRowDelta();
        files.dataFiles().forEach(delta::addRows);
        files.deleteFiles().forEach(delta::addDeletes);
        summary.forEach(delta::set);
        delta.commit();
        return committed(table, summary.get(COMMIT_ID), attemptsBefore, start);
      } catch (CommitStateUnknownException e) {
        table.refresh();
        if (find(table, summary.get(COMMIT_ID)) != null) {
          return committed(table, summary.get(COMMIT_ID), attemptsBefore, start);
        }
        last = e;
      } catch (CommitFailedException e) {
        last = e;
      }
      attemptsBefore += 1;
      LOG.warn(
          "Commit to {} failed (attempt {} of {}): {}",
          table.name(),
          attempt,
          maxAttempts,
          last.getMessage());
      if (attempt < maxAttempts) {
        backoff(attempt, table, remainingMillis);
        table.refresh();
      }
    }
    throw new CommitFailedException(
        last,
        "Cannot commit to %s after %d attempts: %s",
        table.name(),
        maxAttempts,
        last.getMessage());
  }

  private Committed committed(Table table, String commitId, int failedAttempts, long start) {
    Snapshot snapshot = find(table, commitId);
    long id = snapshot == null ? -1 : snapshot.snapshotId();
    int inner = snapshot == null ? 1 : CommitAttemptsReporter.takeAttempts(id);
    return new Committed(id, failedAttempts + inner, (System.nanoTime() - start) / 1_000_000);
  }

  /** The snapshot carrying {@code commitId}, searching back from the current one. */
  static Snapshot find(Table table, String commitId) {
    Snapshot snapshot = table.currentSnapshot();
    for (int depth = 0; snapshot != null && depth < 1_000; depth++) {
      if (commitId.equals(snapshot.summary().get(COMMIT_ID))) {
        return snapshot;
      }
      snapshot = snapshot.parentId() == null ? null : table.snapshot(snapshot.parentId());
    }
    return null;
  }

  private void checkTime(Table table, LongSupplier remainingMillis) {
    long remaining = remainingMillis.getAsLong();
    if (remaining < safetyMarginMillis) {
      throw new NotEnoughTimeException(
          "Cannot start the commit to "
              + table.name()
              + ": "
              + remaining
              + " ms of Lambda time left, below "
              + EtlConfig.SAFETY_MARGIN_MS
              + "="
              + safetyMarginMillis
              + "; the batch will be retried");
    }
  }

  private void backoff(int attempt, Table table, LongSupplier remainingMillis) {
    long ceiling = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS << Math.min(attempt, 16));
    // Seeded at call time, not at init: a SnapStart snapshot must not make restored instances
    // share one jitter sequence (that would line their retries up again).
    long sleep = new SplittableRandom(System.nanoTime()).nextLong(ceiling + 1);
    if (remainingMillis.getAsLong() - sleep < safetyMarginMillis) {
      checkTime(table, () -> remainingMillis.getAsLong() - sleep);
    }
    try {
      Thread.sleep(sleep);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CommitFailedException(
          e, "Interrupted while retrying the commit to %s", table.name());
    }
  }
}
