package io.salesflow.etl;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.time.Instant;

/**
 * Runs the Lambda handler exactly as Lambda would (no-argument constructor, configuration from the
 * environment) in a fresh JVM on the shaded jar, and prints one JSON line of timings. Used by
 * ShadedJarIT (does the minimized jar work?) and by the benchmarks (cold start, peak heap).
 *
 * <p>Arguments: records, embeddings (true/false), badEvery, invocations, firstSequence.
 */
public final class ShadedJarProbe {

  /** System property: when the launcher started this JVM, in epoch milliseconds. */
  static final String LAUNCH_PROPERTY = "probe.launchEpochMillis";

  private ShadedJarProbe() {}

  /**
   * When the launcher started this JVM ({@value #LAUNCH_PROPERTY}), else when the JVM says it
   * started. Not {@code ProcessHandle.info().startInstant()}: on Linux it adds a start time in
   * clock ticks to a boot time in whole seconds, so it is up to a second early.
   */
  private static Instant launchTime() {
    String launched = System.getProperty(LAUNCH_PROPERTY);
    return launched != null
        ? Instant.ofEpochMilli(Long.parseLong(launched))
        : Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
  }

  public static void main(String[] args) {
    int records = Integer.parseInt(args[0]);
    boolean embeddings = Boolean.parseBoolean(args[1]);
    int badEvery = Integer.parseInt(args[2]);
    int invocations = Integer.parseInt(args[3]);
    long firstSequence = Long.parseLong(args[4]);
    Instant jvmStart = launchTime();

    StreamEtlHandler handler = new StreamEtlHandler();
    long readyMs = Duration.between(jvmStart, Instant.now()).toMillis();

    DynamodbEvent event = new DynamodbEvent();
    event.setRecords(
        SyntheticRecords.batch(firstSequence, firstSequence, records, embeddings, badEvery));
    int failures = 0;
    long firstCommittedMs = -1;
    for (int i = 0; i < invocations; i++) {
      StreamsEventResponse response = handler.handleRequest(event, new TestContext(600_000));
      failures += response.getBatchItemFailures().size();
      if (i == 0) {
        firstCommittedMs = Duration.between(jvmStart, Instant.now()).toMillis();
      }
    }
    long peakHeap = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peakHeap += pool.getPeakUsage().getUsed();
      }
    }
    System.out.println(
        "PROBE {\"readyMs\":"
            + readyMs
            + ",\"firstCommittedMs\":"
            + firstCommittedMs
            + ",\"failures\":"
            + failures
            + ",\"peakHeapBytes\":"
            + peakHeap
            + ",\"maxHeapBytes\":"
            + Runtime.getRuntime().maxMemory()
            + "}");
    System.exit(failures == 0 ? 0 : 3);
  }
}
