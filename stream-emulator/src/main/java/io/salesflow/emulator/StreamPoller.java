package io.salesflow.emulator;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Plays Lambda's event source mapping for one DynamoDB stream: discovers shards (DescribeStream,
 * paginated), reads each shard in its own worker once its parent is done, delivers batches to the
 * handler (see {@link BatchProcessor} for retries, bisection and partial batch responses), and
 * checkpoints per shard in a {@link CheckpointStore}.
 *
 * <pre>{@code
 * StreamPoller poller = StreamPoller.builder()
 *     .streams(streamsClient)
 *     .streamArn(arn)
 *     .handler(() -> new StreamEtlHandler(config))
 *     .config(EventSourceMappingConfig.builder().batchSize(100).bisectBatchOnFunctionError(true)
 *         .reportBatchItemFailures(true).maximumRetryAttempts(3).build())
 *     .checkpoints(CheckpointStore.file(Path.of(".salesflow/checkpoints/sales.json")))
 *     .onFailure(OnFailureDestination.file(Path.of("on-failure.jsonl"), arn))
 *     .build();
 * poller.runUntilCaughtUp(Duration.ofMinutes(5));   // or poller.run() until poller.stop()
 * }</pre>
 *
 * <p>The handler supplier is called once per shard worker: each shard has its own handler instance,
 * as each concurrent Lambda invocation has its own execution environment.
 */
public final class StreamPoller {

  private static final Logger LOG = LoggerFactory.getLogger(StreamPoller.class);
  private static final Duration DISCOVERY_INTERVAL = Duration.ofSeconds(30);
  private static final Duration MAX_TICK = Duration.ofMillis(200);

  private final DynamoDbStreamsClient streams;
  private final String streamArn;
  private final Supplier<? extends RequestHandler<DynamodbEvent, StreamsEventResponse>> handler;
  private final EventSourceMappingConfig config;
  private final CheckpointStore checkpoints;
  private final OnFailureDestination onFailure;
  private final PollerStats stats = new PollerStats();
  private final StopSignal stop = new StopSignal();
  private final Object changes = new Object();
  private final Map<String, ShardWorker> workers = new LinkedHashMap<>();
  private final Set<String> skipped = new HashSet<>();
  private final Consumer<Invocation> listener;
  private Set<String> latestShards = Set.of();
  private boolean changed = true;
  private volatile boolean started;

  private StreamPoller(Builder builder) {
    this.streams = Objects.requireNonNull(builder.streams, "streams");
    this.streamArn = Objects.requireNonNull(builder.streamArn, "streamArn");
    this.handler = Objects.requireNonNull(builder.handler, "handler");
    this.config = builder.config;
    this.checkpoints = builder.checkpoints;
    this.listener = builder.listener;
    this.onFailure =
        builder.onFailure == null
            ? OnFailureDestination.logOnly(config.functionArn())
            : builder.onFailure;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Counters, live. */
  public PollerStats stats() {
    return stats;
  }

  /** The stream polled. */
  public String streamArn() {
    return streamArn;
  }

  /** Where exhausted batches go. */
  public OnFailureDestination onFailure() {
    return onFailure;
  }

  /** The shard positions. */
  public CheckpointStore checkpoints() {
    return checkpoints;
  }

  /**
   * Polls until every shard is either read to its end or has nothing new (two empty polls in a row)
   * and no batch is in flight, then stops.
   *
   * @throws StreamPollerException if that takes longer than {@code timeout}, or polling fails
   */
  public void runUntilCaughtUp(Duration timeout) {
    loop(true, timeout);
  }

  /** Polls until {@link #stop()} (from another thread, e.g. a shutdown hook). */
  public void run() {
    loop(false, null);
  }

  /**
   * Asks the poller to stop: batches in flight finish (their checkpoint is written), retries and
   * waits are abandoned (their records are redelivered after a restart). Returns at once.
   */
  public void stop() {
    stop.stop();
    signal();
  }

  private void loop(boolean untilCaughtUp, Duration timeout) {
    if (started) {
      throw new IllegalStateException("Cannot run a StreamPoller twice; build a new one");
    }
    started = true;
    checkpoints.bind(streamArn);
    boolean resuming = !checkpoints.isEmpty();
    long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
    ExecutorService executor =
        Executors.newFixedThreadPool(config.parallelShards(), daemonThreads());
    List<Shard> shards = List.of();
    long lastDiscovery = 0;
    boolean first = true;
    try {
      while (!stop.stopped()) {
        boolean refresh =
            takeChanged() || System.nanoTime() - lastDiscovery > DISCOVERY_INTERVAL.toNanos();
        if (refresh || first) {
          shards = describe();
          lastDiscovery = System.nanoTime();
          if (first && !resuming && config.startingPosition() == StartingPosition.LATEST) {
            // LATEST applies to the shards that exist when the mapping is first started.
            latestShards = ids(shards);
          }
          first = false;
          reapFinishedWorkers();
          startReadyShards(executor, shards);
        }
        if (untilCaughtUp && caughtUp(shards)) {
          return;
        }
        if (System.nanoTime() > deadline) {
          throw new StreamPollerException(
              "Not caught up with stream "
                  + streamArn
                  + " after "
                  + timeout.toSeconds()
                  + " s: "
                  + stats.snapshot());
        }
        awaitChange();
      }
    } finally {
      stop.stop();
      executor.shutdown();
      awaitTermination(executor);
    }
  }

  private void startReadyShards(ExecutorService executor, List<Shard> shards) {
    Set<String> active = new HashSet<>(workers.keySet());
    active.addAll(skipped);
    for (Shard shard : ShardLineage.ready(shards, checkpoints::ended, active)) {
      if (workers.size() >= config.parallelShards()) {
        return;
      }
      String id = shard.shardId();
      ShardIteratorType type;
      String sequence = checkpoints.sequenceNumber(id).orElse(null);
      if (sequence != null) {
        type = ShardIteratorType.AFTER_SEQUENCE_NUMBER;
      } else if (latestShards.contains(id)) {
        if (ShardLineage.closed(shard)) {
          // LATEST: what was written before the mapping started is not delivered.
          checkpoints.markEnded(id);
          skipped.add(id);
          signal();
          continue;
        }
        type = ShardIteratorType.LATEST;
      } else {
        type = ShardIteratorType.TRIM_HORIZON;
      }
      LOG.info("Polling shard {} from {} {}", id, type, sequence == null ? "" : sequence);
      ShardWorker worker = worker(id, type, sequence);
      workers.put(id, worker);
      executor.execute(worker);
    }
  }

  private ShardWorker worker(String shardId, ShardIteratorType type, String sequence) {
    FunctionInvoker invoker = new FunctionInvoker(handler, config, streamArn, shardId, listener);
    BatchProcessor processor =
        new BatchProcessor(
            streamArn, shardId, config, invoker, checkpoints, onFailure, stats, stop);
    return new ShardWorker(
        shardId,
        streamArn,
        config,
        new ShardReader(streams, streamArn, shardId, type, sequence),
        processor,
        checkpoints,
        stats,
        stop,
        this::signal);
  }

  private void reapFinishedWorkers() {
    List<String> finished = new ArrayList<>();
    for (ShardWorker worker : workers.values()) {
      if (worker.done()) {
        if (worker.failure() != null) {
          throw new StreamPollerException(
              "Polling shard "
                  + worker.shardId()
                  + " of "
                  + streamArn
                  + " failed: "
                  + worker.failure().getMessage(),
              worker.failure());
        }
        finished.add(worker.shardId());
      }
    }
    finished.forEach(workers::remove);
  }

  private static Set<String> ids(List<Shard> shards) {
    Set<String> ids = new HashSet<>();
    shards.forEach(s -> ids.add(s.shardId()));
    return ids;
  }

  private boolean caughtUp(List<Shard> shards) {
    reapFinishedWorkers();
    for (Shard shard : shards) {
      String id = shard.shardId();
      if (checkpoints.ended(id)) {
        continue;
      }
      ShardWorker worker = workers.get(id);
      if (worker == null || !worker.idle() || worker.done()) {
        return false;
      }
    }
    return true;
  }

  private List<Shard> describe() {
    List<Shard> shards = new ArrayList<>();
    String start = null;
    try {
      do {
        String exclusiveStart = start;
        DescribeStreamResponse response =
            streams.describeStream(
                b -> b.streamArn(streamArn).exclusiveStartShardId(exclusiveStart));
        shards.addAll(response.streamDescription().shards());
        start = response.streamDescription().lastEvaluatedShardId();
      } while (start != null);
    } catch (SdkException e) {
      throw new StreamPollerException(
          "Cannot describe stream "
              + streamArn
              + ": "
              + e.getMessage()
              + ". Is the endpoint right?",
          e);
    }
    return shards;
  }

  private void signal() {
    synchronized (changes) {
      changed = true;
      changes.notifyAll();
    }
  }

  private boolean takeChanged() {
    synchronized (changes) {
      boolean was = changed;
      changed = false;
      return was;
    }
  }

  private void awaitChange() {
    synchronized (changes) {
      if (changed || stop.stopped()) {
        return;
      }
      try {
        long tick = Math.min(MAX_TICK.toMillis(), Math.max(10, config.pollInterval().toMillis()));
        changes.wait(tick);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stop.stop();
      }
    }
  }

  private void awaitTermination(ExecutorService executor) {
    try {
      long grace = config.functionTimeout().plusSeconds(10).toMillis();
      if (!executor.awaitTermination(grace, TimeUnit.MILLISECONDS)) {
        LOG.warn("Shard workers still running after {} ms; abandoning them", grace);
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      executor.shutdownNow();
    }
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    return runnable -> {
      Thread thread = new Thread(runnable, "stream-poller");
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Builder of {@link StreamPoller}. */
  public static final class Builder {
    private DynamoDbStreamsClient streams;
    private String streamArn;
    private Supplier<? extends RequestHandler<DynamodbEvent, StreamsEventResponse>> handler;
    private EventSourceMappingConfig config = EventSourceMappingConfig.builder().build();
    private CheckpointStore checkpoints = CheckpointStore.inMemory();
    private OnFailureDestination onFailure;
    private Consumer<Invocation> listener;

    private Builder() {}

    /** Told about every invocation when it ends (called from the shard's thread); optional. */
    public Builder onInvocation(Consumer<Invocation> value) {
      listener = value;
      return this;
    }

    /** The DynamoDB Streams client (required). */
    public Builder streams(DynamoDbStreamsClient value) {
      streams = value;
      return this;
    }

    /** The stream's ARN (required), e.g. from {@link StreamLocator}. */
    public Builder streamArn(String value) {
      streamArn = value;
      return this;
    }

    /** Creates one handler per shard worker (required). */
    public Builder handler(
        Supplier<? extends RequestHandler<DynamodbEvent, StreamsEventResponse>> value) {
      handler = value;
      return this;
    }

    /** Event source mapping settings; AWS's defaults if not set. */
    public Builder config(EventSourceMappingConfig value) {
      config = Objects.requireNonNull(value, "config");
      return this;
    }

    /** Shard positions; in memory if not set. */
    public Builder checkpoints(CheckpointStore value) {
      checkpoints = Objects.requireNonNull(value, "checkpoints");
      return this;
    }

    /** Destination of exhausted batches; logged only if not set. */
    public Builder onFailure(OnFailureDestination value) {
      onFailure = value;
      return this;
    }

    public StreamPoller build() {
      return new StreamPoller(this);
    }
  }
}
