package io.salesflow.etl;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits one batch's files to one table in a single {@link RowDelta}, with the batch's lineage in
 * the snapshot summary, bounded by the Lambda time left:
 *
 * <ul>
 *   <li>Every attempt runs on a {@link BoundedCommitOperations#view view} of the table whose
 *       Iceberg conflict retries ({@code commit.retry.*}) stop within the time left minus the
 *       safety margin, so no invocation times out inside a commit. When they are exhausted this
 *       committer refreshes and tries again with full-jitter backoff, still within the budget.
 *   <li>A commit whose outcome is unknown (the catalog applied it and the answer was lost, a 5xx, a
 *       dropped connection) is resolved by looking for its commit id after a refresh, several
 *       times. If it landed, the batch is done. If not, the same files are never committed again
 *       from here: {@link CommitOutcomeUnknownException} fails the batch, and its retry writes new
 *       files, which converge with a late landing of the first commit under the upsert's key
 *       deletes (and are skipped by append mode's replay guard).
 * </ul>
 */
final class TableCommitter {

  static final String COMMIT_ID = "salesflow.commit-id";
  private static final Logger LOG = LoggerFactory.getLogger(TableCommitter.class);
  private static final long BASE_BACKOFF_MS = 100;
  private static final long MAX_BACKOFF_MS = 5_000;
  private static final int OUTCOME_LOOKUPS = 4;

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
    return commit(table, files, summary, remainingMillis, delta -> {});
  }

  /**
   * As above, with the checks {@code validation} adds to the row delta (position deletes validate
   * that the data files they name still exist); a failed check throws {@link ValidationException}
   * at once, not retried here: the caller must look its rows up again.
   */
  Committed commit(
      Table table,
      DeltaWriter.Files files,
      Map<String, String> summary,
      LongSupplier remainingMillis,
      Consumer<RowDelta> validation) {
    long start = System.nanoTime();
    String commitId = summary.get(COMMIT_ID);
    int attemptsBefore = 0;
    CommitFailedException last = null;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      long budget = budget(table, remainingMillis);
      try {
        RowDelta delta = BoundedCommitOperations.view(table, budget).newRowDelta();
        files.dataFiles().forEach(delta::addRows);
        files.deleteFiles().forEach(delta::addDeletes);
        summary.forEach(delta::set);
        validation.accept(delta);
        delta.commit();
        return committed(table, commitId, attemptsBefore, start);
      } catch (CommitFailedException e) {
        last = e;
      } catch (NotEnoughTimeException e) {
        throw e;
      } catch (ValidationException e) {
        // Iceberg re-validates on its own conflict retries; if an earlier try of this very commit
        // landed (its answer lost), the files are in the table and must not be cleaned up.
        if (landedDespite(table, commitId, e)) {
          return committed(table, commitId, attemptsBefore, start);
        }
        throw e;
      } catch (RuntimeException e) {
        if (neverSent(e)) {
          throw e; // the catalog refused the connection: nothing can have landed
        }
        // CommitStateUnknownException, or the catalog's answer lost on the way (RESTException):
        // the commit may have been applied.
        Snapshot landed = resolve(table, commitId, remainingMillis);
        if (landed != null) {
          LOG.info(
              "Commit {} to {} landed although its answer was lost ({}): snapshot {}",
              commitId,
              table.name(),
              e.getMessage(),
              landed.snapshotId());
          return committed(table, commitId, attemptsBefore, start);
        }
        throw new CommitOutcomeUnknownException(table.name(), commitId, e);
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

  private static boolean landedDespite(Table table, String commitId, ValidationException e) {
    try {
      table.refresh();
    } catch (RuntimeException refreshFailed) {
      e.addSuppressed(refreshFailed);
      throw new CommitOutcomeUnknownException(table.name(), commitId, e);
    }
    Snapshot landed = find(table, commitId);
    if (landed != null) {
      LOG.info(
          "Commit {} to {} failed validation on a retry but an earlier try landed: snapshot {}",
          commitId,
          table.name(),
          landed.snapshotId());
    }
    return landed != null;
  }

  /** Whether the failure is a refused connection, so the request never reached the catalog. */
  static boolean neverSent(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof java.net.ConnectException) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /**
   * Looks for the commit id after a refresh, a few times with growing waits (the catalog may still
   * be applying it, or be briefly unreachable). {@code null} if it was not found.
   */
  private Snapshot resolve(Table table, String commitId, LongSupplier remainingMillis) {
    long wait = 200;
    for (int lookup = 1; lookup <= OUTCOME_LOOKUPS; lookup++) {
      try {
        table.refresh();
        Snapshot found = find(table, commitId);
        if (found != null) {
          return found;
        }
      } catch (RuntimeException e) {
        LOG.warn(
            "Cannot look up commit {} in {} (lookup {} of {}): {}",
            commitId,
            table.name(),
            lookup,
            OUTCOME_LOOKUPS,
            e.getMessage());
      }
      if (lookup == OUTCOME_LOOKUPS || remainingMillis.getAsLong() - wait < safetyMarginMillis) {
        break;
      }
      sleep(wait, table);
      wait *= 2;
    }
    return null;
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

  /** Milliseconds a commit may take: the time left minus the margin, refused below the margin. */
  private long budget(Table table, LongSupplier remainingMillis) {
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
    return remaining == Long.MAX_VALUE ? Long.MAX_VALUE : remaining - safetyMarginMillis;
  }

  private void backoff(int attempt, Table table, LongSupplier remainingMillis) {
    long ceiling = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS << Math.min(attempt, 16));
    // Seeded at call time, not at init: a SnapStart snapshot must not make restored instances
    // share one jitter sequence (that would line their retries up again).
    long sleep = new SplittableRandom(System.nanoTime()).nextLong(ceiling + 1);
    if (remainingMillis.getAsLong() - sleep < safetyMarginMillis) {
      budget(table, () -> remainingMillis.getAsLong() - sleep);
    }
    sleep(sleep, table);
  }

  private static void sleep(long millis, Table table) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CommitFailedException(
          e, "Interrupted while retrying the commit to %s", table.name());
    }
  }
}
