package io.salesflow.emulator;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of a {@link StreamPoller}, safe to read while it runs. */
public final class PollerStats {

  /**
   * A consistent-enough copy of the counters.
   *
   * @param recordsRead records returned by GetRecords
   * @param recordsCompleted records the function completed (each counted once, retries aside)
   * @param recordsFailed records sent to the on-failure destination
   * @param invocations function invocations
   * @param functionErrors invocations that threw, timed out or answered invalidly
   * @param partialFailures invocations that reported batchItemFailures
   * @param bisections failed batches split in two
   * @param retries re-invocations of (part of) a failed batch
   * @param failedBatches batches sent to the on-failure destination
   * @param shardsEnded shards read to their end
   */
  public record Snapshot(
      long recordsRead,
      long recordsCompleted,
      long recordsFailed,
      long invocations,
      long functionErrors,
      long partialFailures,
      long bisections,
      long retries,
      long failedBatches,
      long shardsEnded) {

    /** Records whose fate is settled: completed or sent to on-failure. */
    public long recordsDone() {
      return recordsCompleted + recordsFailed;
    }
  }

  final AtomicLong recordsRead = new AtomicLong();
  final AtomicLong recordsCompleted = new AtomicLong();
  final AtomicLong recordsFailed = new AtomicLong();
  final AtomicLong invocations = new AtomicLong();
  final AtomicLong functionErrors = new AtomicLong();
  final AtomicLong partialFailures = new AtomicLong();
  final AtomicLong bisections = new AtomicLong();
  final AtomicLong retries = new AtomicLong();
  final AtomicLong failedBatches = new AtomicLong();
  final AtomicLong shardsEnded = new AtomicLong();

  /** The current values. */
  public Snapshot snapshot() {
    return new Snapshot(
        recordsRead.get(),
        recordsCompleted.get(),
        recordsFailed.get(),
        invocations.get(),
        functionErrors.get(),
        partialFailures.get(),
        bisections.get(),
        retries.get(),
        failedBatches.get(),
        shardsEnded.get());
  }
}
