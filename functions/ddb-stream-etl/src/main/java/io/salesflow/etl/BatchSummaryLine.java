package io.salesflow.etl;

import java.util.Locale;

/**
 * One human line per batch, written to the function's log through the Lambda context (CloudWatch in
 * AWS; the terminal of {@code salesflow stream} locally): records, rows, rejected, commit time, or
 * why the batch failed.
 */
public final class BatchSummaryLine {

  /** Prefix every summary line starts with, so a reader can pick them out of a log. */
  public static final String PREFIX = "salesflow-batch ";

  private BatchSummaryLine() {}

  public static String of(BatchResult result) {
    BatchMetrics m = result.metrics();
    if (!result.succeeded()) {
      return String.format(
          Locale.ROOT, "%sFAILED records=%d reason=%s", PREFIX, m.recordsIn(), result.failure());
    }
    return String.format(
        Locale.ROOT,
        "%sOK records=%d rows=%d removes=%d rejected=%d replay_skipped=%d files=%d commit_ms=%d"
            + " attempts=%d",
        PREFIX,
        m.recordsIn(),
        m.rowsWritten(),
        m.removes(),
        m.rejected(),
        m.replaySkipped(),
        m.dataFiles() + m.deleteFiles(),
        m.commitMillis(),
        m.commitAttempts());
  }
}
