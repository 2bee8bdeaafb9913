package io.salesflow.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one batch of a shard until every record is completed or sent to the on-failure
 * destination, following Lambda's rules for stream sources, in shard order:
 *
 * <ul>
 *   <li>success: checkpoint after the last record;
 *   <li>partial batch response: checkpoint before the lowest failed sequence number and retry from
 *       it (records after it are redelivered even if they succeeded);
 *   <li>function error with bisect on: split in two halves, first half first; splits do not count
 *       as retries; a single record is retried;
 *   <li>retries exhausted ({@code MaximumRetryAttempts}): the remaining records go to the
 *       on-failure destination and the checkpoint moves past them;
 *   <li>a retry whose first records are older than {@code MaximumRecordAgeInSeconds}: those records
 *       go to the on-failure destination ({@code RecordAgeExceeded}), the rest is retried.
 * </ul>
 *
 * Retries wait {@code retryDelay * 2^(n-1)}, at most 30 s. A stop request abandons the batch
 * without moving the checkpoint, so a restart redelivers it.
 */
final class BatchProcessor {

  private static final Logger LOG = LoggerFactory.getLogger(BatchProcessor.class);
  private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(30);

  /** Part of a batch awaiting delivery, with the retries it has used. */
  private record Piece(List<BufferedRecord> records, int retries) {}

  private final String streamArn;
  private final String shardId;
  private final EventSourceMappingConfig config;
  private final FunctionInvoker invoker;
  private final CheckpointStore checkpoints;
  private final OnFailureDestination onFailure;
  private final PollerStats stats;
  private final StopSignal stop;

  BatchProcessor(
      String streamArn,
      String shardId,
      EventSourceMappingConfig config,
      FunctionInvoker invoker,
      CheckpointStore checkpoints,
      OnFailureDestination onFailure,
      PollerStats stats,
      StopSignal stop) {
    this.streamArn = streamArn;
    this.shardId = shardId;
    this.config = config;
    this.invoker = invoker;
    this.checkpoints = checkpoints;
    this.onFailure = onFailure;
    this.stats = stats;
    this.stop = stop;
  }

  /** Returns {@code false} if stopped before the batch was settled. */
  boolean process(List<BufferedRecord> batch) {
    Deque<Piece> pending = new ArrayDeque<>();
    pending.push(new Piece(batch, 0));
    while (!pending.isEmpty()) {
      Piece piece = pending.pop();
      if (stop.stopped() || (piece.retries() > 0 && !stop.await(delay(piece.retries())))) {
        return false;
      }
      if (piece.retries() > 0) {
        piece = expire(piece);
        if (piece == null) {
          continue;
        }
      }
      stats.invocations.incrementAndGet();
      InvocationResult result = invoker.invoke(piece.records());
      if (result instanceof InvocationResult.Success) {
        complete(piece.records());
      } else if (result instanceof InvocationResult.Partial partial) {
        stats.partialFailures.incrementAndGet();
        onPartial(piece, partial.firstFailed(), pending);
      } else {
        stats.functionErrors.incrementAndGet();
        onFailure(piece, (InvocationResult.Failure) result, pending);
      }
    }
    return true;
  }

  /** Sends the records older than the maximum record age to on-failure; the rest, or null. */
  private Piece expire(Piece piece) {
    Instant now = Instant.now();
    List<BufferedRecord> records = piece.records();
    int old = 0;
    while (old < records.size() && config.tooOld(arrival(records.get(old)), now)) {
      old++;
    }
    if (old == 0) {
      return piece;
    }
    fail(
        records.subList(0, old),
        piece.retries(),
        "RecordAgeExceeded",
        "records older than MaximumRecordAgeInSeconds=" + config.maximumRecordAgeSeconds());
    return old == records.size()
        ? null
        : new Piece(records.subList(old, records.size()), piece.retries());
  }

  private void onPartial(Piece piece, int firstFailed, Deque<Piece> pending) {
    List<BufferedRecord> records = piece.records();
    if (firstFailed > 0) {
      complete(records.subList(0, firstFailed));
    }
    List<BufferedRecord> rest = records.subList(firstFailed, records.size());
    LOG.debug(
        "Shard {}: {} of {} records reported failed from {}",
        shardId,
        rest.size(),
        records.size(),
        rest.get(0).sequenceNumber());
    if (config.mayRetry(piece.retries())) {
      stats.retries.incrementAndGet();
      pending.push(new Piece(rest, piece.retries() + 1));
    } else {
      fail(
          rest,
          piece.retries() + 1,
          "PartialBatchFailure",
          "batchItemFailures reported from sequence number " + rest.get(0).sequenceNumber());
    }
  }

  private void onFailure(Piece piece, InvocationResult.Failure failure, Deque<Piece> pending) {
    List<BufferedRecord> records = piece.records();
    LOG.debug(
        "Shard {}: {} on {} records: {}",
        shardId,
        failure.errorType(),
        records.size(),
        failure.message());
    if (config.bisectBatchOnFunctionError() && records.size() > 1) {
      stats.bisections.incrementAndGet();
      int half = records.size() / 2;
      pending.push(new Piece(records.subList(half, records.size()), piece.retries()));
      pending.push(new Piece(records.subList(0, half), piece.retries()));
    } else if (config.mayRetry(piece.retries())) {
      stats.retries.incrementAndGet();
      pending.push(new Piece(records, piece.retries() + 1));
    } else {
      fail(records, piece.retries() + 1, failure.errorType(), failure.message());
    }
  }

  private void complete(List<BufferedRecord> records) {
    checkpoints.save(shardId, records.get(records.size() - 1).sequenceNumber());
    stats.recordsCompleted.addAndGet(records.size());
  }

  private void fail(List<BufferedRecord> records, int invocations, String type, String reason) {
    BufferedRecord first = records.get(0);
    BufferedRecord last = records.get(records.size() - 1);
    onFailure.send(
        new FailedBatch(
            streamArn,
            shardId,
            first.sequenceNumber(),
            last.sequenceNumber(),
            records.size(),
            arrival(first),
            arrival(last),
            invocations,
            type,
            reason));
    checkpoints.save(shardId, last.sequenceNumber());
    stats.failedBatches.incrementAndGet();
    stats.recordsFailed.addAndGet(records.size());
  }

  private static Instant arrival(BufferedRecord record) {
    return record.record().dynamodb().approximateCreationDateTime();
  }

  private Duration delay(int retries) {
    Duration delay = config.retryDelay().multipliedBy(1L << Math.min(retries - 1, 20));
    return delay.compareTo(MAX_RETRY_DELAY) > 0 ? MAX_RETRY_DELAY : delay;
  }
}
