package io.salesflow.etl;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.iceberg.metrics.CommitReport;
import org.apache.iceberg.metrics.CounterResult;
import org.apache.iceberg.metrics.MetricsReport;
import org.apache.iceberg.metrics.MetricsReporter;

/**
 * Iceberg metrics reporter (catalog property {@code metrics-reporter-impl}) that remembers how many
 * attempts each commit took inside Iceberg's own retry loop, so the ETL can report commit conflicts
 * per batch. Keyed by snapshot id; entries are removed when read.
 */
public final class CommitAttemptsReporter implements MetricsReporter {

  /** Catalog property that installs this reporter. */
  public static final String CATALOG_PROPERTY = "metrics-reporter-impl";

  private static final Map<Long, Integer> ATTEMPTS = new ConcurrentHashMap<>();
  private static final int MAX_ENTRIES = 10_000;

  @Override
  public void report(MetricsReport report) {
    if (report instanceof CommitReport commit) {
      CounterResult attempts = commit.commitMetrics().attempts();
      if (attempts != null) {
        if (ATTEMPTS.size() > MAX_ENTRIES) {
          ATTEMPTS.clear(); // unread entries from commits of other writers in this JVM
        }
        ATTEMPTS.put(commit.snapshotId(), (int) attempts.value());
      }
    }
  }

  /** Attempts of the commit that produced {@code snapshotId}, or 1 if not reported. */
  static int takeAttempts(long snapshotId) {
    Integer attempts = ATTEMPTS.remove(snapshotId);
    return attempts == null ? 1 : attempts;
  }
}
