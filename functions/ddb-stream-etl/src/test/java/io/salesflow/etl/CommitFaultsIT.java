package io.salesflow.etl;

import static io.salesflow.etl.EtlFixture.assertSucceeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.salesflow.core.config.SalesflowConfig;
import io.salesflow.localstack.CatalogFaultProxy;
import io.salesflow.localstack.LocalStack;
import io.salesflow.localstack.LocalStackExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.StreamSupport;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Commits under faults, through a misbehaving proxy in front of the real REST catalog: answers lost
 * after the commit was applied, a slow catalog, an evolved errors table, replays on another day.
 */
@ExtendWith(LocalStackExtension.class)
class CommitFaultsIT {

  private final LocalStack stack;

  CommitFaultsIT(LocalStack stack) {
    this.stack = stack;
  }

  private EtlFixture through(CatalogFaultProxy proxy, String name, WriteMode mode) {
    return new EtlFixture(
        stack, name, mode, Map.of(SalesflowConfig.CATALOG_URI, proxy.uri().toString()));
  }

  @ParameterizedTest
  @EnumSource(WriteMode.class)
  void commitAppliedButAnswerLost_isFoundByItsId_neverAddedTwice(WriteMode mode) throws Exception {
    try (CatalogFaultProxy proxy = CatalogFaultProxy.start(stack.catalogUri(), "sales_history");
        EtlFixture etl = through(proxy, "answer_lost_" + mode.name().toLowerCase(), mode)) {
      int expectedRows = 0;
      for (int batch = 0; batch < 3; batch++) {
        for (int i = 0; i < 20; i++) {
          etl.put(
              Sales.item(
                  "t",
                  "b" + batch + "p" + i,
                  "1" + i + ".00",
                  "2024-0" + (1 + i % 3) + "-10T00:00:00Z"));
        }
        expectedRows += 20;
        proxy.dropCommitResponses(1);
        assertSucceeded(etl.handle(etl.poll()));
      }

      assertThat(proxy.commitsDropped()).isEqualTo(3);
      Table history = etl.history();
      List<Snapshot> snapshots = new ArrayList<>();
      history.snapshots().forEach(snapshots::add);
      assertThat(snapshots).as("one snapshot per batch").hasSize(3);
      assertThat(EtlFixture.read(history)).hasSize(expectedRows);
      assertNoDataFileTwice(history);
    }
  }

  @Test
  void slowCatalog_noInvocationOutlastsItsTime_andTheBatchLandsOnceItAnswers() {
    try (CatalogFaultProxy proxy = CatalogFaultProxy.start(stack.catalogUri(), null);
        EtlFixture etl = through(proxy, "slow_catalog", WriteMode.UPSERT)) {
      etl.put(Sales.item("t", "p1", "10.00", "2024-03-01T00:00:00Z"));
      List<DynamodbStreamRecord> batch = etl.poll();
      int remaining = 16_000; // the default 10 s margin leaves a 6 s commit budget
      List<Long> took = new ArrayList<>();
      for (Duration delay : List.of(Duration.ofSeconds(7), Duration.ofSeconds(3))) {
        proxy.delay(delay);
        long start = System.nanoTime();
        etl.handle(batch, remaining);
        took.add((System.nanoTime() - start) / 1_000_000);
      }
      System.out.println("slow catalog (7 s, 3 s per answer): invocations took " + took + " ms");
      assertThat(took)
          .as("each invocation ends inside its %d ms", remaining)
          .allSatisfy(ms -> assertThat(ms).isLessThan(remaining));

      proxy.delay(Duration.ZERO);
      assertSucceeded(etl.handle(batch));
      assertThat(etl.rowsByKey()).containsOnlyKeys("t|p1");
      assertNoDataFileTwice(etl.history());
    }
  }

  @Test
  void errorsTableEvolved_whileTheFunctionRuns_badRecordsStillLandConformed() {
    try (EtlFixture etl = new EtlFixture(stack, "errors_evolved", WriteMode.UPSERT)) {
      etl.put(Sales.item("t", "bad0", "1.999", "2024-04-01T00:00:00Z"));
      assertSucceeded(etl.handle(etl.poll())); // warm: the errors table is loaded and committed

      etl.errors()
          .updateSchema()
          .addColumn("triage_note", Types.StringType.get(), "Set by an operator")
          .commit();

      for (int batch = 1; batch <= 3; batch++) {
        etl.put(Sales.item("t", "bad" + batch, "1.999", "2024-04-01T00:00:00Z"));
        etl.put(Sales.item("t", "good" + batch, "1.99", "2024-04-01T00:00:00Z"));
        assertSucceeded(etl.handle(etl.poll()));
      }

      List<Record> errors = EtlFixture.read(etl.errors());
      assertThat(errors)
          .extracting(r -> (String) r.getField("product_id"))
          .containsExactlyInAnyOrder("bad0", "bad1", "bad2", "bad3");
      assertThat(errors).allSatisfy(r -> assertThat(r.getField("triage_note")).isNull());
      assertThat(etl.rowsByKey()).containsOnlyKeys("t|good1", "t|good2", "t|good3");
    }
  }

  @Test
  void errorRowsWithoutEventTime_replayedOnAnotherDay_stayOneRowEach() {
    try (EtlFixture etl = new EtlFixture(stack, "errors_replay_day", WriteMode.UPSERT)) {
      etl.put(Sales.item("t", "bad-price", "1.999", "2024-04-05T10:00:00Z"));
      etl.put(Sales.item("t", "bad-date", "1.00", "someday"));
      List<DynamodbStreamRecord> batch = etl.poll();
      batch.forEach(r -> r.getDynamodb().setApproximateCreationDateTime(null));

      List<BatchMetrics> metrics = new CopyOnWriteArrayList<>();
      for (Duration later : List.of(Duration.ZERO, Duration.ofDays(3), Duration.ofDays(40))) {
        StreamBatchService service =
            new StreamBatchService(
                etl.config, etl.catalog, Clock.offset(Clock.systemUTC(), later), metrics::add);
        assertThat(service.process(batch, () -> 300_000L).succeeded()).isTrue();
      }

      List<Record> errors = EtlFixture.read(etl.errors());
      assertThat(errors).hasSize(2);
      Map<Object, Object> times = new java.util.HashMap<>();
      errors.forEach(r -> times.put(r.getField("product_id"), r.getField("error_time")));
      assertThat(times)
          .containsEntry("bad-price", LocalDateTime.parse("2024-04-05T10:00:00"))
          .containsEntry("bad-date", ErrorRows.UNKNOWN_TIME);
    }
  }

  @Test
  void failedBatchWithoutSequenceNumbers_failsTheInvocation() {
    try (CatalogFaultProxy proxy = CatalogFaultProxy.start(stack.catalogUri(), null);
        EtlFixture etl = through(proxy, "no_sequence_numbers", WriteMode.UPSERT)) {
      etl.put(Sales.item("t", "p1", "1.00", "2024-01-01"));
      List<DynamodbStreamRecord> batch = etl.poll();
      batch.forEach(r -> r.getDynamodb().setSequenceNumber(null));
      proxy.refuse(true);

      DynamodbEvent event = new DynamodbEvent();
      event.setRecords(batch);
      assertThatThrownBy(() -> etl.handler.handleRequest(event, new TestContext(60_000)))
          .isInstanceOf(BatchFailedException.class)
          .hasMessageContaining("retried whole");

      proxy.refuse(false);
      StreamsEventResponse response = etl.handler.handleRequest(event, new TestContext(60_000));
      assertThat(response.getBatchItemFailures()).isEmpty();
      assertThat(EtlFixture.read(etl.errors())).hasSize(1);
    }
  }

  private static void assertNoDataFileTwice(Table table) {
    table.refresh();
    Set<String> seen = new HashSet<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        assertThat(seen.add(task.file().location()))
            .as("data file %s referenced twice", task.file().location())
            .isTrue();
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThat(StreamSupport.stream(table.snapshots().spliterator(), false).count()).isPositive();
  }
}
