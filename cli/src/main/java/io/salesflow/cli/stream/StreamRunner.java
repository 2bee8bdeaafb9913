package io.salesflow.cli.stream;

import io.salesflow.cli.Output;
import io.salesflow.cli.connection.Target;
import io.salesflow.cli.progress.Progress;
import io.salesflow.emulator.CheckpointStore;
import io.salesflow.emulator.EventSourceMappingConfig;
import io.salesflow.emulator.Invocation;
import io.salesflow.emulator.OnFailureDestination;
import io.salesflow.emulator.PollerStats;
import io.salesflow.emulator.StreamLocator;
import io.salesflow.emulator.StreamPoller;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Builds the emulated event source mapping for a target and runs it with progress output. */
public final class StreamRunner {

  /**
   * What a run did.
   *
   * @param stats the poller's counters at the end
   * @param elapsed time taken
   * @param onFailureFile where exhausted batches went
   * @param checkpointFile where positions are kept
   */
  public record Outcome(
      PollerStats.Snapshot stats, Duration elapsed, Path onFailureFile, Path checkpointFile) {}

  private final Output output;

  public StreamRunner(Output output) {
    this.output = output;
  }

  /** The poller for {@code target}'s table with this handler and settings. */
  public StreamPoller poller(
      Target target,
      HandlerLoader.LoadedHandler handler,
      EventSourceMappingConfig config,
      Path checkpointFile,
      Path onFailureFile) {
    return poller(target, handler, config, checkpointFile, onFailureFile, null);
  }

  /** As above, telling {@code listener} about every invocation (may be {@code null}). */
  public StreamPoller poller(
      Target target,
      HandlerLoader.LoadedHandler handler,
      EventSourceMappingConfig config,
      Path checkpointFile,
      Path onFailureFile,
      Consumer<Invocation> listener) {
    String streamArn = StreamLocator.latestStreamArn(target.dynamoDb(), target.table());
    return StreamPoller.builder()
        .onInvocation(listener)
        .streams(target.streams())
        .streamArn(streamArn)
        .handler(handler.factory())
        .config(config)
        .checkpoints(CheckpointStore.file(checkpointFile))
        .onFailure(OnFailureDestination.file(onFailureFile, config.functionArn()))
        .build();
  }

  /** Polls until caught up, without a progress bar (for per-batch lines). */
  public Outcome untilCaughtUpQuietly(StreamPoller poller, Duration timeout) {
    long start = System.nanoTime();
    poller.runUntilCaughtUp(timeout);
    return outcome(poller, start);
  }

  /** Polls until caught up, with a progress bar over {@code expectedRecords} (-1: unknown). */
  public Outcome untilCaughtUp(StreamPoller poller, long expectedRecords, Duration timeout) {
    long start = System.nanoTime();
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(daemon());
    try (Progress progress = Progress.start(output, "streaming", expectedRecords)) {
      ticker.scheduleAtFixedRate(
          () -> progress.stepTo(poller.stats().snapshot().recordsDone()),
          250,
          250,
          TimeUnit.MILLISECONDS);
      poller.runUntilCaughtUp(timeout);
      progress.stepTo(poller.stats().snapshot().recordsDone());
    } finally {
      ticker.shutdownNow();
    }
    return outcome(poller, start);
  }

  /** Polls until {@link StreamPoller#stop()}, without status lines (for per-batch lines). */
  public Outcome followQuietly(StreamPoller poller) {
    long start = System.nanoTime();
    poller.run();
    return outcome(poller, start);
  }

  /** Polls until {@link StreamPoller#stop()}, printing a status line when counters change. */
  public Outcome follow(StreamPoller poller) {
    long start = System.nanoTime();
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(daemon());
    PollerStats.Snapshot[] last = {null};
    ticker.scheduleAtFixedRate(
        () -> {
          PollerStats.Snapshot now = poller.stats().snapshot();
          if (!now.equals(last[0])) {
            last[0] = now;
            output.note(line(now));
          }
        },
        2,
        2,
        TimeUnit.SECONDS);
    try {
      poller.run();
    } finally {
      ticker.shutdownNow();
    }
    return outcome(poller, start);
  }

  /** A one-line summary of counters. */
  public static String line(PollerStats.Snapshot s) {
    return String.format(
        Locale.ROOT,
        "  records read %d, completed %d, sent to on-failure %d; invocations %d (function errors %d,"
            + " partial %d, bisections %d, retries %d)",
        s.recordsRead(),
        s.recordsCompleted(),
        s.recordsFailed(),
        s.invocations(),
        s.functionErrors(),
        s.partialFailures(),
        s.bisections(),
        s.retries());
  }

  private static Outcome outcome(StreamPoller poller, long start) {
    return new Outcome(
        poller.stats().snapshot(),
        Duration.ofNanos(System.nanoTime() - start),
        poller.onFailure().path(),
        poller.checkpoints().file().orElse(null));
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return r -> {
      Thread t = new Thread(r, "stream-progress");
      t.setDaemon(true);
      return t;
    };
  }
}
