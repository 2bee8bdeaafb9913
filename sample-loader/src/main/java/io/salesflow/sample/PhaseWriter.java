package io.salesflow.sample;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Writes one phase of a load in batches of {@value BatchWriter#MAX_ITEMS}, with up to {@code
 * parallelism} BatchWriteItem calls in flight; {@link #close()} waits for all of them and rethrows
 * the first failure.
 */
final class PhaseWriter implements AutoCloseable {

  private final BatchWriter writer;
  private final int parallelism;
  private final LoadProgress progress;
  private final ExecutorService executor;
  private final Deque<Future<?>> inFlight = new ArrayDeque<>();
  private List<WriteRequest> batch = new ArrayList<>(BatchWriter.MAX_ITEMS);

  PhaseWriter(BatchWriter writer, int parallelism, LoadProgress progress) {
    this.writer = writer;
    this.parallelism = parallelism;
    this.progress = progress;
    this.executor =
        Executors.newFixedThreadPool(
            parallelism,
            r -> {
              Thread thread = new Thread(r, "sample-writer");
              thread.setDaemon(true);
              return thread;
            });
  }

  void add(WriteRequest request) {
    batch.add(request);
    if (batch.size() == BatchWriter.MAX_ITEMS) {
      flush();
    }
  }

  @Override
  public void close() {
    try {
      if (!batch.isEmpty()) {
        flush();
      }
      while (!inFlight.isEmpty()) {
        await(inFlight.pollFirst());
      }
    } finally {
      executor.shutdownNow();
    }
  }

  private void flush() {
    List<WriteRequest> full = batch;
    batch = new ArrayList<>(BatchWriter.MAX_ITEMS);
    if (inFlight.size() >= parallelism) {
      await(inFlight.pollFirst()); // bounds memory and surfaces failures early
    }
    inFlight.addLast(
        executor.submit(
            () -> {
              writer.write(full);
              progress.advance(full.size());
            }));
  }

  private static void await(Future<?> future) {
    try {
      future.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new CompletionException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SampleDataException("Interrupted while writing sample data", e);
    }
  }
}
