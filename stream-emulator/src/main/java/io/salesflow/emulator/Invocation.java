package io.salesflow.emulator;

import java.time.Duration;
import java.util.List;

/**
 * One invocation of the function, as the event source mapping saw it, for a per-batch report.
 *
 * @param shardId the shard
 * @param records records in the invocation
 * @param firstSequenceNumber first record's sequence number
 * @param lastSequenceNumber last record's sequence number
 * @param outcome {@code OK}, {@code PARTIAL}, or Lambda's error type ({@code Unhandled}, {@code
 *     TimedOut}, {@code Runtime.InitError})
 * @param message the error, empty when the invocation succeeded
 * @param elapsed how long the handler ran
 * @param functionLog what the function wrote through {@code Context.getLogger()}, line by line
 */
public record Invocation(
    String shardId,
    int records,
    String firstSequenceNumber,
    String lastSequenceNumber,
    String outcome,
    String message,
    Duration elapsed,
    List<String> functionLog) {

  public Invocation {
    functionLog = List.copyOf(functionLog);
  }

  /** Whether every record of the invocation succeeded. */
  public boolean succeeded() {
    return "OK".equals(outcome);
  }
}
