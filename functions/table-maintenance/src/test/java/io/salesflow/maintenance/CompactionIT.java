package io.salesflow.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesflow.localstack.LocalStack;
import io.salesflow.localstack.LocalStackExtension;
import io.salesflow.localstack.trino.JdkLocator;
import io.salesflow.localstack.trino.LocalTrino;
import io.salesflow.localstack.trino.LocalTrinoException;
import io.salesflow.localstack.trino.LocalTrinoOptions;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Compaction of what the real ETL writes: 200 small upsert batches, with concurrent ingestion, and
 * within a time budget.
 */
@ExtendWith(LocalStackExtension.class)
class CompactionIT {

  private static final List<YearMonth> MONTHS =
      List.of(YearMonth.of(2025, 5), YearMonth.of(2025, 6));
  private static final Set<MonthPartition> TOUCHED =
      Set.of(new MonthPartition(2025, 5), new MonthPartition(2025, 6));
  private static final Map<String, String> ALL_TASKS_OFF_BUT_COMPACT =
      Map.of(MaintenanceConfig.TASKS, "compact");

  private final LocalStack stack;

  CompactionIT(LocalStack stack) {
    this.stack = stack;
  }

  @Test
  void compaction_after200SmallBatches_cutsFilesTenfold_andKeepsEveryRowAndQueryResult(
      TestReporter reporter) {
    try (MaintenanceFixture table = new MaintenanceFixture(stack, "compaction_it", MONTHS)) {
      // given: 200 ETL batches of inserts, price changes and removes in two partitions
      long start = System.nanoTime();
      table.ingest(200, 3);
      reporter.publishEntry("200 ETL batches, ms", Long.toString(millisSince(start)));
      int filesBefore = table.files(TOUCHED);
      List<String> rowsBefore = table.rows();
      LocalDateTime beforeCompaction = LocalDateTime.now(ZoneOffset.UTC);
      Optional<String> noTrino = noJdkForTrino();
      try (LocalTrino trino =
          noTrino.isEmpty() ? LocalTrino.start(LocalTrinoOptions.forStack(stack)) : null) {
        LibraryQueries queries = trino == null ? null : new LibraryQueries(trino, table.database);
        String product = productWithEmbedding(table.table(), "tenant-0");
        Map<String, List<List<Object>>> resultsBefore =
            queries == null ? Map.of() : queries.runAll("tenant-0", product, beforeCompaction);
        reporter.publishEntry(
            "Trino start and queries before, ms", Long.toString(millisSince(start)));
        if (queries != null) {
          // The default upsert deletes by position only: no equality-delete file (content 2) for
          // Trino to apply, and Trino reads exactly the rows Iceberg's generic reader reads.
          Map<String, Long> filesByContent = new java.util.TreeMap<>();
          queries
              .select("SELECT content, count(*) FROM \"sales_history$files\" GROUP BY content")
              .forEach(r -> filesByContent.put(r.get(0), Long.parseLong(r.get(1))));
          reporter.publishEntry("files by content before compaction", filesByContent.toString());
          assertThat(filesByContent).doesNotContainKey("2").containsKey("1");
          Map<String, String> trinoRows = new java.util.TreeMap<>();
          queries
              .select("SELECT tenant_id, product_id, sold_price FROM sales_history")
              .forEach(
                  r ->
                      assertThat(trinoRows.put(r.get(0) + "|" + r.get(1), r.get(2)))
                          .as("duplicate row on Trino")
                          .isNull());
          assertThat(trinoRows).isEqualTo(table.keysAndPrices());
        }

        // when
        MaintenanceReport report =
            table
                .service(Clock.systemUTC(), ALL_TASKS_OFF_BUT_COMPACT)
                .run(MaintenanceRequest.defaults(), RunBudget.unlimited());

        // then: far fewer files, the same rows
        reporter.publishEntry("until compacted, ms", Long.toString(millisSince(start)));
        int filesAfter = table.files(TOUCHED);
        reporter.publishEntry("files of the touched partitions", filesBefore + " -> " + filesAfter);
        reporter.publishEntry("report", report.toString());
        assertThat(report.complete()).isTrue();
        assertThat(report.count(MaintenanceReport.PARTITIONS_COMPACTED)).isEqualTo(2);
        assertThat(report.count(MaintenanceReport.DELETES_APPLIED)).isPositive();
        assertThat(filesBefore).isGreaterThanOrEqualTo(10 * filesAfter);
        assertThat(table.rows()).isEqualTo(rowsBefore);
        assertThat(table.keysAndPrices()).isEqualTo(table.expectedKeysAndPrices());
        assertSortedByTenantThenCategory(table.table());

        if (queries == null) {
          reporter.publishEntry(
              "TRINO NOT RUN",
              "No JDK 24+ on this machine: the sql/ queries were NOT compared on Trino, only the"
                  + " rows through Iceberg's readers ("
                  + noTrino.get()
                  + ")");
          return;
        }
        Map<String, List<List<Object>>> resultsAfter =
            queries.runAll("tenant-0", product, beforeCompaction);
        List<String> compared = new ArrayList<>();
        for (String name : queries.names()) {
          if (LibraryQueries.METADATA_QUERIES.contains(name)) {
            continue;
          }
          assertThat(resultsAfter.get(name))
              .as("rows of %s", name)
              .isEqualTo(resultsBefore.get(name));
          if (!resultsBefore.get(name).isEmpty()) {
            compared.add(name);
          }
        }
        reporter.publishEntry("until queries after, ms", Long.toString(millisSince(start)));
        reporter.publishEntry("queries with identical non-empty results", compared.toString());
        assertThat(compared).hasSizeGreaterThanOrEqualTo(10);
        // The files query sees what compaction did.
        assertThat(resultsAfter.get("files_per_partition"))
            .isNotEqualTo(resultsBefore.get("files_per_partition"));
      }
    }
  }

  @Test
  void compaction_whileTheEtlKeepsCommitting_losesNothing(TestReporter reporter) throws Exception {
    try (MaintenanceFixture table = new MaintenanceFixture(stack, "concurrent_it", MONTHS)) {
      // given: small files, and ingestion still running
      table.ingest(20, 3);
      AtomicInteger batches = new AtomicInteger();
      CompletableFuture<Void> ingestion =
          CompletableFuture.runAsync(
              () -> {
                for (int i = 0; i < 30; i++) {
                  table.ingest(1, 4);
                  batches.incrementAndGet();
                }
              });

      // when: compaction runs over and over while the ETL commits upserts and removes
      MaintenanceService service =
          table.service(Clock.systemUTC(), Map.of(MaintenanceConfig.MIN_INPUT_FILES, "2"));
      int compactions = 0;
      int overlapping = 0;
      while (!ingestion.isDone()) {
        int before = batches.get();
        MaintenanceReport report =
            service.run(
                new MaintenanceRequest(Set.of(MaintenanceTask.COMPACT), Optional.empty()),
                RunBudget.unlimited());
        compactions += (int) report.count(MaintenanceReport.PARTITIONS_COMPACTED);
        if (batches.get() > before && report.count(MaintenanceReport.PARTITIONS_COMPACTED) > 0) {
          overlapping++;
        }
      }
      ingestion.get(1, TimeUnit.MINUTES);

      // then
      reporter.publishEntry("partition compactions", Integer.toString(compactions));
      reporter.publishEntry("runs with ETL commits during them", Integer.toString(overlapping));
      assertThat(overlapping).as("compaction runs overlapping ETL commits").isPositive();
      assertThat(table.keysAndPrices()).isEqualTo(table.expectedKeysAndPrices());
    }
  }

  @Test
  void run_stoppedByItsBudget_savesACheckpoint_andTheNextRunResumesAfterIt() {
    try (MaintenanceFixture table = new MaintenanceFixture(stack, "budget_it", MONTHS)) {
      // given: both partitions need compaction; the budget allows one partition
      table.ingest(12, 4);
      List<String> rows = table.rows();
      AtomicInteger checks = new AtomicInteger();
      RunBudget onePartition =
          new RunBudget(() -> checks.incrementAndGet() <= 1 ? 600_000 : 0, 1000);
      MaintenanceService service = table.service(Clock.systemUTC(), ALL_TASKS_OFF_BUT_COMPACT);

      // when
      MaintenanceReport first = service.run(MaintenanceRequest.defaults(), onePartition);
      MaintenanceReport second = service.run(MaintenanceRequest.defaults(), RunBudget.unlimited());

      // then
      assertThat(first.complete()).isFalse();
      assertThat(first.resumeAt()).isEqualTo("compact after year=2025/month=5");
      assertThat(first.count(MaintenanceReport.PARTITIONS_COMPACTED)).isEqualTo(1);
      assertThat(second.complete()).isTrue();
      assertThat(second.count(MaintenanceReport.PARTITIONS_COMPACTED)).isEqualTo(1);
      assertThat(table.files(TOUCHED)).isEqualTo(2);
      assertThat(table.rows()).isEqualTo(rows);
      Table t = table.table();
      assertThat(t.io().newInputFile(MaintenanceCheckpoint.location(t)).exists()).isFalse();
    }
  }

  private static void assertSortedByTenantThenCategory(Table table) {
    DeletesAppliedReader reader = new DeletesAppliedReader(table);
    for (FileScanTask task : table.newScan().planFiles()) {
      DataFile file = task.file();
      List<String> keys = new ArrayList<>();
      reader.read(
          task,
          (Record r) -> keys.add(r.getField("tenant_id") + "\u0000" + r.getField("category")));
      assertThat(keys)
          .as("rows of %s", file.location())
          .isSortedAccordingTo(Comparator.naturalOrder());
    }
  }

  private static String productWithEmbedding(Table table, String tenant) {
    return MaintenanceFixture.rows(table, Expressions.equal("tenant_id", tenant)).isEmpty()
        ? "none"
        : firstWithEmbedding(table, tenant);
  }

  private static String firstWithEmbedding(Table table, String tenant) {
    try (var rows =
        org.apache.iceberg.data.IcebergGenerics.read(table)
            .where(
                Expressions.and(
                    Expressions.equal("tenant_id", tenant), Expressions.notNull("embedding")))
            .build()) {
      for (Record r : rows) {
        return (String) r.getField("product_id");
      }
      return "none";
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  /** Why local Trino cannot run here, if so. */
  private static Optional<String> noJdkForTrino() {
    try {
      JdkLocator.forThisMachine().locate();
      return Optional.empty();
    } catch (LocalTrinoException e) {
      return Optional.of(e.getMessage());
    }
  }
}
