package io.salesflow.etl;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data the ETL was not designed around, with default settings, through the real stream: items it
 * must reject (three-decimal prices, impossible dates) later corrected or removed, dates as ISO
 * with an offset or epoch milliseconds, removed keys put again in another month. The table must
 * equal DynamoDB, the rejects must be in the errors table; then the whole stream is replayed again,
 * newest batch first, through a new container (a cold key index): no replayed batch may change
 * sales_history at all.
 */
class AdversaryIT {

  @Test
  void rejectsCorrectionsAndReEncodedDates_thenTheWholeStreamReplayedBackwards_changeNothing(
      @TempDir Path dir) {
    try (IngestionHarness etl = new IngestionHarness("adversary", dir, 20261204)) {
      // given: an adversarial history, streamed to convergence
      etl.writeAdversarial(800);
      etl.startStreaming();
      int rows;
      try {
        rows = etl.awaitConvergedAndStop(Duration.ofMinutes(4));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      Map<String, Integer> reasons = reasons(etl.errors());
      Map<String, String> expected = etl.expected();
      assertThat(rows).isEqualTo(expected.size()).isGreaterThan(100);
      assertThat(reasons).containsKeys("BAD_PRICE", "BAD_DATE");
      Table history = etl.history();
      long snapshot = history.currentSnapshot().snapshotId();

      // when: every record again, in batches of 40, the newest batch first, in a new container
      List<DynamodbStreamRecord> all = etl.streamRecords();
      assertThat(all).hasSizeGreaterThanOrEqualTo(800);
      List<List<DynamodbStreamRecord>> batches = new ArrayList<>();
      for (int i = 0; i < all.size(); i += 40) {
        batches.add(all.subList(i, Math.min(all.size(), i + 40)));
      }
      Collections.reverse(batches);
      StreamBatchService container =
          new StreamBatchService(
              EtlConfig.from(etl.directEnv()), etl.catalog, Clock.systemUTC(), m -> {});

      // then: each replayed batch succeeds and commits nothing to sales_history
      for (int i = 0; i < batches.size(); i++) {
        BatchResult result = container.process(batches.get(i), () -> 300_000L);
        assertThat(result.failure()).as("replayed batch %d", i).isNull();
        history.refresh();
        assertThat(history.currentSnapshot().snapshotId())
            .as("sales_history's snapshot after replayed batch %d", i)
            .isEqualTo(snapshot);
      }
      assertThat(etl.actual()).isEqualTo(expected);
      assertThat(reasons(etl.errors())).isEqualTo(reasons);
      System.out.printf(
          "adversary: %d records, %d rows compared, rejected by reason %s; %d batches replayed"
              + " backwards, sales_history unchanged%n",
          all.size(), rows, reasons, batches.size());
    }
  }

  private static Map<String, Integer> reasons(Table errors) {
    errors.refresh();
    Map<String, Integer> reasons = new TreeMap<>();
    try (CloseableIterable<Record> it = IcebergGenerics.read(errors).build()) {
      for (Record r : it) {
        reasons.merge(String.valueOf(r.getField("reason")), 1, Integer::sum);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return reasons;
  }
}
