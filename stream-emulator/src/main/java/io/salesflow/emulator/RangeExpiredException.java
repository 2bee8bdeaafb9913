package io.salesflow.emulator;

/**
 * A failed batch's range is no longer in the stream (DynamoDB Streams keep records 24 hours), so it
 * cannot be redriven; its keys must be recovered from the table itself.
 */
public final class RangeExpiredException extends RuntimeException {

  private final transient FailedBatch batch;

  RangeExpiredException(FailedBatch batch, String why) {
    super(
        "Cannot redrive shard "
            + batch.shardId()
            + " "
            + batch.startSequenceNumber()
            + ".."
            + batch.endSequenceNumber()
            + " of "
            + batch.streamArn()
            + ": the stream no longer holds it ("
            + why
            + "; records are kept 24 hours). Recover those keys from the table itself: a"
            + " backfill from a DynamoDB export or incremental export covering "
            + (batch.firstArrival() == null ? "the range's time" : batch.firstArrival())
            + (batch.lastArrival() == null ? "" : " to " + batch.lastArrival())
            + ", or a Scan of the table, converges sales_history on the table's current state.");
    this.batch = batch;
  }

  /** The batch that cannot be redriven. */
  public FailedBatch batch() {
    return batch;
  }
}
