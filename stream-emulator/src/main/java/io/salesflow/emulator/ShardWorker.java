package io.salesflow.emulator;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * Polls one shard and delivers its records in batches, one invocation at a time, as Lambda does per
 * shard. A batch is cut when it holds {@code BatchSize} records, when one more record would push
 * the event past the payload limit, when the batching window has passed since its first record was
 * read, or when the shard ends. With a zero window a batch is cut after every poll that found
 * records.
 */
final class ShardWorker implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(ShardWorker.class);
  private static final int MAX_CONSECUTIVE_READ_ERRORS = 10;
  private static final Duration MAX_READ_BACKOFF = Duration.ofSeconds(5);

  private final String shardId;
  private final String streamArn;
  private final EventSourceMappingConfig config;
  private final ShardReader reader;
  private final BatchProcessor processor;
  private final CheckpointStore checkpoints;
  private final PollerStats stats;
  private final StopSignal stop;
  private final Runnable onChange;
  private final Deque<BufferedRecord> buffer = new ArrayDeque<>();
  private long bufferBytes;
  private long windowStart = -1;
  private int emptyPolls;
  private int readErrors;
  private volatile boolean idle;
  private volatile boolean done;
  private volatile Throwable failure;

  ShardWorker(
      String shardId,
      String streamArn,
      EventSourceMappingConfig config,
      ShardReader reader,
      BatchProcessor processor,
      CheckpointStore checkpoints,
      PollerStats stats,
      StopSignal stop,
      Runnable onChange) {
    this.shardId = shardId;
    this.streamArn = streamArn;
    this.config = config;
    this.reader = reader;
    this.processor = processor;
    this.checkpoints = checkpoints;
    this.stats = stats;
    this.stop = stop;
    this.onChange = onChange;
  }

  /** Whether the shard has nothing to deliver right now (two empty polls in a row). */
  boolean idle() {
    return idle;
  }

  /** Whether the worker finished: shard ended, stopped, or failed. */
  boolean done() {
    return done;
  }

  /** Why the worker failed, if it did. */
  Throwable failure() {
    return failure;
  }

  String shardId() {
    return shardId;
  }

  @Override
  public void run() {
    Thread.currentThread().setName("stream-poller-" + shardId);
    try {
      loop();
    } catch (RuntimeException | Error e) {
      failure = e;
      LOG.error("Polling shard {} failed", shardId, e);
    } finally {
      done = true;
      onChange.run();
    }
  }

  private void loop() {
    while (!stop.stopped()) {
      boolean polled = false;
      if (!reader.ended() && needMore()) {
        if (!poll()) {
          continue;
        }
        polled = true;
      }
      if (!buffer.isEmpty() && batchDue(polled)) {
        if (!processor.process(takeBatch())) {
          return; // stopped: the checkpoint stays before the abandoned batch
        }
        windowStart = buffer.isEmpty() ? -1 : System.nanoTime();
        continue;
      }
      if (reader.ended() && buffer.isEmpty()) {
        checkpoints.markEnded(shardId);
        stats.shardsEnded.incrementAndGet();
        LOG.info("Shard {} read to its end", shardId);
        return;
      }
      boolean nowIdle = buffer.isEmpty() && emptyPolls >= 2;
      if (nowIdle && !idle) {
        idle = true;
        onChange.run(); // only on the transition: the coordinator re-lists shards on each signal
      }
      stop.await(waitTime());
    }
  }

  /** One GetRecords; {@code false} if nothing was read (after an error, already waited for). */
  private boolean poll() {
    List<Record> records;
    try {
      records = reader.next();
      readErrors = 0;
      if (records == null) {
        return false; // a new iterator is needed: not an empty poll
      }
    } catch (SdkException e) {
      if (++readErrors > MAX_CONSECUTIVE_READ_ERRORS) {
        throw new StreamPollerException(
            "Cannot read shard "
                + shardId
                + " of stream "
                + streamArn
                + " after "
                + readErrors
                + " attempts: "
                + e.getMessage(),
            e);
      }
      LOG.warn(
          "GetRecords on shard {} failed (attempt {}): {}", shardId, readErrors, e.getMessage());
      stop.await(backoff(readErrors));
      return false;
    }
    stats.recordsRead.addAndGet(records.size());
    emptyPolls = records.isEmpty() ? emptyPolls + 1 : 0;
    if (!records.isEmpty()) {
      idle = false;
    }
    for (Record record : records) {
      BufferedRecord buffered = BufferedRecord.of(record, streamArn, config.region());
      buffer.addLast(buffered);
      bufferBytes += buffered.jsonBytes();
    }
    if (!buffer.isEmpty() && windowStart < 0) {
      windowStart = System.nanoTime();
    }
    return true;
  }

  private boolean needMore() {
    return buffer.size() < config.batchSize()
        && LambdaEventJson.eventBytes(bufferBytes, buffer.size()) < config.maxPayloadBytes();
  }

  private boolean batchDue(boolean polled) {
    if (!needMore() || reader.ended()) {
      return true;
    }
    if (config.batchingWindow().isZero()) {
      return polled;
    }
    return System.nanoTime() - windowStart >= config.batchingWindow().toNanos();
  }

  /** The head of the buffer: at most BatchSize records and at most the payload limit. */
  private List<BufferedRecord> takeBatch() {
    List<BufferedRecord> batch = new ArrayList<>();
    long bytes = 0;
    while (!buffer.isEmpty() && batch.size() < config.batchSize()) {
      BufferedRecord next = buffer.peekFirst();
      long after = LambdaEventJson.eventBytes(bytes + next.jsonBytes(), batch.size() + 1);
      if (!batch.isEmpty() && after > config.maxPayloadBytes()) {
        break;
      }
      if (batch.isEmpty() && after > config.maxPayloadBytes()) {
        LOG.warn(
            "Record {} alone exceeds the payload limit ({} > {} bytes); delivering it alone",
            next.sequenceNumber(),
            after,
            config.maxPayloadBytes());
      }
      batch.add(buffer.pollFirst());
      bytes += next.jsonBytes();
      bufferBytes -= next.jsonBytes();
    }
    return batch;
  }

  private Duration waitTime() {
    if (!buffer.isEmpty() && !config.batchingWindow().isZero()) {
      long left = config.batchingWindow().toNanos() - (System.nanoTime() - windowStart);
      return Duration.ofNanos(Math.max(0, Math.min(left, config.pollInterval().toNanos())));
    }
    return emptyPolls > 0 ? config.pollInterval() : Duration.ZERO;
  }

  private Duration backoff(int errors) {
    Duration delay = config.pollInterval().plusMillis(100).multipliedBy(1L << Math.min(errors, 10));
    return delay.compareTo(MAX_READ_BACKOFF) > 0 ? MAX_READ_BACKOFF : delay;
  }
}
