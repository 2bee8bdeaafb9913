package io.salesflow.emulator;

import java.time.Instant;

/**
 * A batch whose retries were exhausted, as Lambda describes it to an on-failure destination ({@code
 * DDBStreamBatchInfo}): where the records are, not the records themselves.
 *
 * @param streamArn the stream
 * @param shardId the shard
 * @param startSequenceNumber first record of the batch
 * @param endSequenceNumber last record of the batch
 * @param batchSize records in the batch
 * @param firstArrival ApproximateCreationDateTime of the first record, if known
 * @param lastArrival ApproximateCreationDateTime of the last record, if known
 * @param invokeCount invocations that included these records
 * @param errorType {@code Unhandled}, {@code TimedOut}, {@code Runtime.InitError} or {@code
 *     PartialBatchFailure}
 * @param reason the last error
 */
public record FailedBatch(
    String streamArn,
    String shardId,
    String startSequenceNumber,
    String endSequenceNumber,
    int batchSize,
    Instant firstArrival,
    Instant lastArrival,
    int invokeCount,
    String errorType,
    String reason) {}
