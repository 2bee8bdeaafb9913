package io.salesflow.emulator;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Invokes the function with a batch as Lambda would: a fresh {@link DynamodbEvent} (new objects per
 * invocation, as if deserialised), a fresh {@link EmulatedContext}, the handler's class loader as
 * context class loader, and the response judged by Lambda's rules for partial batch responses.
 *
 * <p>One invoker serves one shard, so its handler instance (one "execution environment") is never
 * called concurrently. A timed-out invocation cannot be frozen like a Lambda sandbox: it runs to
 * its end, its result is discarded and the batch counts as failed (the worst case for idempotency:
 * work done, reported failed), and the next invocation gets a new handler instance, as Lambda
 * starts a new environment after a timeout.
 */
final class FunctionInvoker {

  private static final Logger LOG = LoggerFactory.getLogger(FunctionInvoker.class);

  private final Supplier<? extends RequestHandler<DynamodbEvent, StreamsEventResponse>> factory;
  private final EventSourceMappingConfig config;
  private final String streamArn;
  private final String shardId;
  private final Consumer<Invocation> listener;
  private RequestHandler<DynamodbEvent, StreamsEventResponse> handler;

  FunctionInvoker(
      Supplier<? extends RequestHandler<DynamodbEvent, StreamsEventResponse>> factory,
      EventSourceMappingConfig config,
      String streamArn,
      String shardId,
      Consumer<Invocation> listener) {
    this.factory = factory;
    this.config = config;
    this.streamArn = streamArn;
    this.shardId = shardId;
    this.listener = listener;
  }

  InvocationResult invoke(List<BufferedRecord> batch) {
    long start = System.nanoTime();
    EmulatedContext context = new EmulatedContext(config);
    InvocationResult result = invoke(batch, context);
    if (listener != null) {
      String outcome;
      String message = "";
      if (result instanceof InvocationResult.Success) {
        outcome = "OK";
      } else if (result instanceof InvocationResult.Partial) {
        outcome = "PARTIAL";
      } else {
        InvocationResult.Failure failure = (InvocationResult.Failure) result;
        outcome = failure.errorType();
        message = failure.message();
      }
      try {
        listener.accept(
            new Invocation(
                shardId,
                batch.size(),
                batch.get(0).sequenceNumber(),
                batch.get(batch.size() - 1).sequenceNumber(),
                outcome,
                message,
                Duration.ofNanos(System.nanoTime() - start),
                context.loggedLines()));
      } catch (RuntimeException e) {
        LOG.warn("Invocation listener failed", e);
      }
    }
    return result;
  }

  private InvocationResult invoke(List<BufferedRecord> batch, EmulatedContext context) {
    if (handler == null) {
      try {
        handler = factory.get();
      } catch (RuntimeException | LinkageError e) {
        return new InvocationResult.Failure("Runtime.InitError", describe(e));
      }
    }
    DynamodbEvent event = new DynamodbEvent();
    event.setRecords(
        batch.stream()
            .map(r -> StreamRecordConverter.toLambda(r.record(), streamArn, config.region()))
            .toList());
    long start = System.nanoTime();
    StreamsEventResponse response;
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(handler.getClass().getClassLoader());
    try {
      response = handler.handleRequest(event, context);
    } catch (RuntimeException | Error e) {
      LOG.debug("Function error on {} records", batch.size(), e);
      return new InvocationResult.Failure("Unhandled", describe(e));
    } finally {
      thread.setContextClassLoader(previous);
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    if (elapsed.compareTo(config.functionTimeout()) > 0) {
      handler = null;
      return new InvocationResult.Failure(
          "TimedOut",
          "Task timed out after "
              + elapsed.toMillis() / 1000.0
              + " seconds (timeout "
              + config.functionTimeout().toSeconds()
              + " s)");
    }
    return judge(response, batch);
  }

  /** Lambda's rules for a {@link StreamsEventResponse}. */
  private InvocationResult judge(StreamsEventResponse response, List<BufferedRecord> batch) {
    if (!config.reportBatchItemFailures()
        || response == null
        || response.getBatchItemFailures() == null
        || response.getBatchItemFailures().isEmpty()) {
      return new InvocationResult.Success();
    }
    Map<String, Integer> positions = new HashMap<>();
    for (int i = 0; i < batch.size(); i++) {
      positions.put(batch.get(i).sequenceNumber(), i);
    }
    int first = Integer.MAX_VALUE;
    for (StreamsEventResponse.BatchItemFailure failure : response.getBatchItemFailures()) {
      String id = failure == null ? null : failure.getItemIdentifier();
      Integer position = id == null ? null : positions.get(id);
      if (position == null) {
        // Lambda treats a null, empty or unknown identifier as a failure of the whole batch.
        return new InvocationResult.Failure(
            "Unhandled",
            "Invalid batchItemFailures: itemIdentifier '"
                + id
                + "' is not the SequenceNumber of a record in the batch");
      }
      first = Math.min(first, position);
    }
    return new InvocationResult.Partial(first);
  }

  private static String describe(Throwable e) {
    return e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }
}
