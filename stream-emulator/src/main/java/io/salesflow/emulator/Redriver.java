package io.salesflow.emulator;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * Redrives one on-failure range: reads exactly that shard range again from the stream, and feeds it
 * to the function in batches cut as the event source mapping cuts them (BatchSize, the payload
 * limit), in shard order, each retried with backoff until it succeeds or the attempts run out. The
 * function's own guards make this safe to repeat.
 */
public final class Redriver {

  private static final Logger LOG = LoggerFactory.getLogger(Redriver.class);
  private static final Duration MAX_DELAY = Duration.ofSeconds(30);

  /** Delivers one batch of records read from {@code streamArn}; how it ended. */
  public interface Invoker {
    Invocation invoke(String streamArn, String shardId, List<Record> records);
  }

  /**
   * What a redrive of one range did.
   *
   * @param batch the range
   * @param records records read and applied
   * @param invocations function invocations, retries included
   */
  public record Result(FailedBatch batch, int records, int invocations) {}

  private final StreamRangeReader reader;
  private final Invoker invoker;
  private final EventSourceMappingConfig config;
  private final int attempts;

  /**
   * @param attempts invocations of one batch before the redrive of its range gives up (the range
   *     stays pending)
   */
  public Redriver(
      StreamRangeReader reader, Invoker invoker, EventSourceMappingConfig config, int attempts) {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be 1 or more: " + attempts);
    }
    this.reader = Objects.requireNonNull(reader, "reader");
    this.invoker = Objects.requireNonNull(invoker, "invoker");
    this.config = Objects.requireNonNull(config, "config");
    this.attempts = attempts;
  }

  /**
   * An invoker calling a handler in this JVM, as the emulated event source mapping does (same
   * event, context and response rules), with one handler instance for the whole redrive.
   */
  public static Invoker inProcess(
      Supplier<? extends RequestHandler<DynamodbEvent, StreamsEventResponse>> handler,
      EventSourceMappingConfig config,
      Consumer<Invocation> listener) {
    return new Invoker() {
      private final java.util.Map<String, FunctionInvoker> invokers = new java.util.HashMap<>();
      private final java.util.concurrent.atomic.AtomicReference<Invocation> last =
          new java.util.concurrent.atomic.AtomicReference<>();

      @Override
      public Invocation invoke(String streamArn, String shardId, List<Record> records) {
        last.set(null);
        FunctionInvoker function =
            invokers.computeIfAbsent(
                streamArn + "/" + shardId,
                k ->
                    new FunctionInvoker(
                        handler,
                        config,
                        streamArn,
                        shardId,
                        invocation -> {
                          last.set(invocation);
                          if (listener != null) {
                            listener.accept(invocation);
                          }
                        }));
        List<BufferedRecord> batch =
            records.stream().map(r -> BufferedRecord.of(r, streamArn, config.region())).toList();
        function.invoke(batch);
        return last.get();
      }
    };
  }

  /**
   * Applies the range of {@code batch}.
   *
   * @throws RangeExpiredException when the stream no longer holds the range
   * @throws RedriveFailedException when a batch still fails after the attempts
   */
  public Result redrive(FailedBatch batch) {
    List<Record> records = reader.read(batch);
    int invocations = 0;
    for (List<Record> piece : batches(batch.streamArn(), records)) {
      // A partial failure is retried whole: the records before it are applied again, which the
      // function's guards make harmless.
      List<Record> pending = piece;
      for (int attempt = 1; ; attempt++) {
        Invocation invocation = invoker.invoke(batch.streamArn(), batch.shardId(), pending);
        invocations++;
        if (invocation.succeeded()) {
          break;
        }
        if (attempt >= attempts) {
          throw new RedriveFailedException(batch, pending, attempt, invocation);
        }
        Duration delay = delay(attempt);
        LOG.warn(
            "Redrive of {} records from {} failed ({}: {}); retrying in {} ms",
            pending.size(),
            pending.get(0).dynamodb().sequenceNumber(),
            invocation.outcome(),
            invocation.message(),
            delay.toMillis());
        sleep(delay);
      }
    }
    return new Result(batch, records.size(), invocations);
  }

  private List<List<Record>> batches(String streamArn, List<Record> records) {
    List<List<Record>> batches = new ArrayList<>();
    List<Record> current = new ArrayList<>();
    long bytes = 0;
    for (Record record : records) {
      int size = BufferedRecord.of(record, streamArn, config.region()).jsonBytes();
      long after = LambdaEventJson.eventBytes(bytes + size, current.size() + 1);
      if (!current.isEmpty()
          && (current.size() >= config.batchSize() || after > config.maxPayloadBytes())) {
        batches.add(current);
        current = new ArrayList<>();
        bytes = 0;
      }
      current.add(record);
      bytes += size;
    }
    if (!current.isEmpty()) {
      batches.add(current);
    }
    return batches;
  }

  private Duration delay(int attempt) {
    Duration delay = config.retryDelay().multipliedBy(1L << Math.min(attempt - 1, 20));
    return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
  }

  private static void sleep(Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while redriving", e);
    }
  }
}
