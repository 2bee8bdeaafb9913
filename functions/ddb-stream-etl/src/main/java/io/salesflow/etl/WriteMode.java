package io.salesflow.etl;

/** How stream records become rows of sales_history. */
public enum WriteMode {
  /**
   * Default. The table mirrors the DynamoDB table: INSERT/MODIFY write the new image plus an
   * equality delete on the key, REMOVE writes an equality delete (TTL removals keep the row).
   * Replays converge by construction.
   */
  UPSERT,
  /**
   * Event log: every record appends one row. Replays are detected from the stream ARN, sequence
   * range and batch digest recorded in the snapshot summaries, and skipped.
   */
  APPEND
}
