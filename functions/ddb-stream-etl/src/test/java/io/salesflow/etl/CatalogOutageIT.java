package io.salesflow.etl;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesflow.emulator.PollerStats;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outage, with default settings: the real ETL streaming through the emulated event
 * source mapping while the REST catalog process is killed with SIGKILL mid-stream and relaunched on
 * the same port and database later. Nothing may go to on-failure, and the table must end exactly
 * equal to DynamoDB.
 */
class CatalogOutageIT {

  @Test
  void catalogKilledMidStream_relaunchedAfter20s_losesNothing(@TempDir Path dir) throws Exception {
    outage(dir, "outage_20s", Duration.ofSeconds(20));
  }

  @Test
  void catalogKilledMidStream_relaunchedAfter5min_losesNothing(@TempDir Path dir) throws Exception {
    outage(dir, "outage_5min", Duration.ofMinutes(5));
  }

  private static void outage(Path dir, String name, Duration down) throws Exception {
    try (IngestionHarness etl = new IngestionHarness(name, dir, 11)) {
      etl.write(1_500);
      etl.startStreaming();
      etl.awaitCompleted(300, Duration.ofMinutes(2));

      etl.stack.killCatalog();
      long killedAt = System.nanoTime();
      etl.write(600); // the stream keeps growing during the outage
      Thread.sleep(Math.max(0, down.toMillis() - (System.nanoTime() - killedAt) / 1_000_000));
      PollerStats.Snapshot during = etl.stats();
      etl.stack.startCatalog();

      int rows = etl.awaitConvergedAndStop(Duration.ofMinutes(3));
      PollerStats.Snapshot end = etl.stats();
      System.out.printf(
          "%s: outage %d s, %d rows compared; records read %d, completed %d, to on-failure %d;"
              + " invocations %d (function errors %d, partial failures %d, bisections %d, retries %d)%n",
          name,
          down.toSeconds(),
          rows,
          end.recordsRead(),
          end.recordsCompleted(),
          end.recordsFailed(),
          end.invocations(),
          end.functionErrors(),
          end.partialFailures(),
          end.bisections(),
          end.retries());
      assertThat(during.functionErrors() + during.partialFailures())
          .as("failed invocations during the outage")
          .isPositive();
      assertThat(end.recordsFailed()).as("records sent to on-failure").isZero();
      assertThat(etl.onFailureFile).doesNotExist();
    }
  }
}
