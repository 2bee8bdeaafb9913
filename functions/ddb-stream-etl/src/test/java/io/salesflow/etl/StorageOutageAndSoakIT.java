package io.salesflow.etl;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesflow.emulator.PollerStats;
import io.salesflow.localstack.CatalogFaultProxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S3 going away in the middle of a batch, and a soak of random faults while writes continue: the
 * real ETL through the emulated event source mapping with default settings, an exact comparison
 * with DynamoDB at the end, nothing sent to on-failure.
 */
class StorageOutageAndSoakIT {

  /** How long the soak injects faults; bounded so the whole test stays under 5 minutes. */
  private static final Duration SOAK = Duration.ofSeconds(150);

  @Test
  void s3StoppedMidBatch_restartedLater_losesNothing(@TempDir Path dir) throws Exception {
    try (IngestionHarness etl = new IngestionHarness("s3_mid_batch", dir, 31)) {
      etl.write(800);
      etl.proxy.holdCommits(CatalogFaultProxy.Hold.BEFORE_FORWARDING);
      etl.startStreaming();
      // The batch's data files are written and its commit is on the way: S3 goes down now.
      assertThat(etl.proxy.awaitHeldCommit(Duration.ofMinutes(2))).isTrue();
      etl.stack.stopS3();
      etl.proxy.release();
      etl.write(200);
      Thread.sleep(15_000);
      etl.stack.startS3();

      int rows = etl.awaitConvergedAndStop(Duration.ofMinutes(3));
      PollerStats.Snapshot end = etl.stats();
      System.out.println("s3 mid-batch: " + rows + " rows compared; " + end);
      assertThat(end.functionErrors() + end.partialFailures())
          .as("failed invocations (the outage was felt)")
          .isPositive();
    }
  }

  private enum Fault {
    CATALOG_KILLED,
    S3_STOPPED,
    COMMIT_ANSWER_LOST,
    SLOW_CATALOG,
    CATALOG_REFUSING
  }

  @Test
  void soak_randomFaultEveryFewSeconds_exactAtTheEnd(@TempDir Path dir) throws Exception {
    SplittableRandom random = new SplittableRandom(47);
    Map<Fault, Integer> injected = new EnumMap<>(Fault.class);
    try (IngestionHarness etl = new IngestionHarness("soak", dir, 47)) {
      etl.write(300);
      etl.startStreaming();
      long end = System.nanoTime() + SOAK.toNanos();
      int written = 300;
      while (System.nanoTime() < end) {
        etl.write(60);
        written += 60;
        Fault fault = Fault.values()[random.nextInt(Fault.values().length)];
        injected.merge(fault, 1, Integer::sum);
        long outage = 1_000 + random.nextInt(6_000);
        switch (fault) {
          case CATALOG_KILLED -> {
            etl.stack.killCatalog();
            Thread.sleep(outage);
            etl.stack.startCatalog();
          }
          case S3_STOPPED -> {
            etl.stack.stopS3();
            Thread.sleep(outage);
            etl.stack.startS3();
          }
          case COMMIT_ANSWER_LOST -> {
            etl.proxy.dropCommitResponses(1);
            Thread.sleep(outage);
          }
          case SLOW_CATALOG -> {
            etl.proxy.delay(Duration.ofMillis(500 + random.nextInt(4_000)));
            Thread.sleep(outage);
            etl.proxy.delay(Duration.ZERO);
          }
          case CATALOG_REFUSING -> {
            etl.proxy.refuse(true);
            Thread.sleep(outage);
            etl.proxy.refuse(false);
          }
        }
        Thread.sleep(1_000 + random.nextInt(2_000));
      }
      etl.proxy.dropCommitResponses(0);

      int rows = etl.awaitConvergedAndStop(Duration.ofMinutes(3));
      PollerStats.Snapshot stats = etl.stats();
      System.out.printf(
          "soak %d s: %d operations written, faults injected %s (%d in all), %d commit answers"
              + " dropped; batches (invocations) %d, failed invocations %d, retries %d,"
              + " bisections %d, redriven ranges 0 (nothing went to on-failure), rows compared"
              + " %d%n",
          SOAK.toSeconds(),
          written,
          injected,
          injected.values().stream().mapToInt(Integer::intValue).sum(),
          etl.proxy.commitsDropped(),
          stats.invocations(),
          stats.functionErrors() + stats.partialFailures(),
          stats.retries(),
          stats.bisections(),
          rows);
      assertThat(stats.recordsFailed()).isZero();
      assertThat(injected.values().stream().mapToInt(Integer::intValue).sum()).isGreaterThan(10);
    }
  }
}
