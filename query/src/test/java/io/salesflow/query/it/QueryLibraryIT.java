package io.salesflow.query.it;

import static io.salesflow.query.it.ResultAssert.assertResult;
import static io.salesflow.query.it.SalesDataset.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesflow.bootstrap.SchemaBootstrapService;
import io.salesflow.core.table.SalesHistoryTable;
import io.salesflow.core.table.SalesTables;
import io.salesflow.localstack.LocalStack;
import io.salesflow.localstack.sample.SampleSale;
import io.salesflow.localstack.trino.LocalTrino;
import io.salesflow.localstack.trino.LocalTrinoExtension;
import io.salesflow.query.BoundParameter;
import io.salesflow.query.BoundQuery;
import io.salesflow.query.LatestPeriodLookup;
import io.salesflow.query.ParameterType;
import io.salesflow.query.QueryLibrary;
import io.salesflow.query.engine.QueryExecutionException;
import io.salesflow.query.engine.QueryExecutionException.Outcome;
import io.salesflow.query.engine.QueryRequest;
import io.salesflow.query.engine.QueryResult;
import io.salesflow.query.engine.TrinoQueryEngine;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.HistoryEntry;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every query of the library on local Trino against sales_history filled with generated sales; each
 * result must equal what {@link Expected} computes in Java from the same records.
 */
@ExtendWith(LocalTrinoExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryLibraryIT {

  static final String DATABASE = "query_library_it";
  static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-02T06:00:00Z"), ZoneOffset.UTC);

  private final LocalStack stack;
  private final LocalTrino trino;
  private final QueryLibrary library = QueryLibrary.fromClasspath();
  private final SalesDataset data = new SalesDataset();
  private Catalog catalog;
  private Table sales;
  private TrinoQueryEngine engine;

  QueryLibraryIT(LocalStack stack, LocalTrino trino) {
    this.stack = stack;
    this.trino = trino;
  }

  @BeforeAll
  void createAndFillTables() {
    catalog = CatalogUtil.buildIcebergCatalog("it", stack.catalogProperties(), null);
    SalesTables tables = tables(DATABASE);
    new SchemaBootstrapService(catalog).bootstrap(tables.all(), false);
    sales = catalog.loadTable(tables.salesHistory().identifier());
    data.write(sales, catalog.loadTable(tables.errors().identifier()));
    sales.refresh();
    engine = new TrinoQueryEngine(trino.jdbcUrl(null), LocalTrino.USER, DATABASE);
  }

  @AfterAll
  void closeCatalog() throws IOException {
    if (catalog instanceof java.io.Closeable closeable) {
      closeable.close();
    }
  }

  private SalesTables tables(String database) {
    return new SalesTables(
        database, stack.warehouse() + "/" + database, SalesHistoryTable.DEFAULT_KEY_COLUMNS);
  }

  private QueryResult run(String query, Map<String, ?> parameters) {
    return engine.execute(
        QueryRequest.of(
            library.require(query).bind(parameters, CLOCK, new LatestPeriodLookup(engine))));
  }

  @Test
  void everyLibraryQuery_hasATestHere() {
    assertThat(library.names())
        .containsExactlyInAnyOrder(
            "sales_volume_by_category_month",
            "brand_performance_by_season",
            "condition_price_impact",
            "category_brand_crosstab",
            "source_comparison",
            "monthly_sales_trend",
            "high_value_products",
            "embedding_similarity_candidates",
            "partition_pruning_example",
            "data_quality_check",
            "price_distribution_by_category",
            "season_performance",
            "table_history",
            "table_snapshots",
            "files_per_partition",
            "time_travel_comparison",
            "errors_by_reason");
  }

  @Test
  void salesVolumeByCategoryMonth() {
    QueryResult result =
        run(
            "sales_volume_by_category_month",
            Map.of("tenant_id", TENANT, "year", 2024, "month_from", 3, "month_to", 9));

    assertResult(
        result,
        List.of("year", "month", "category", "sales_count", "revenue", "avg_price"),
        Expected.salesVolumeByCategoryMonth(data.all(), TENANT, 2024, 3, 9));
  }

  @Test
  void brandPerformanceBySeason() {
    QueryResult result =
        run("brand_performance_by_season", Map.of("tenant_id", TENANT, "year", 2024, "top_n", 5));

    assertResult(
        result,
        List.of("season", "brand_rank", "brand", "sales_count", "revenue", "avg_price"),
        Expected.brandPerformanceBySeason(data.all(), TENANT, 2024, 5));
    assertThat(result.rows()).hasSize(20);
  }

  @Test
  void conditionPriceImpact() {
    assertResult(
        run("condition_price_impact", Map.of("tenant_id", TENANT, "year", 2023)),
        List.of(
            "condition",
            "sales_count",
            "avg_price",
            "min_price",
            "max_price",
            "share_of_sales_pct",
            "price_vs_new_pct"),
        Expected.conditionPriceImpact(data.all(), TENANT, 2023));
  }

  @Test
  void categoryBrandCrosstab() {
    assertResult(
        run("category_brand_crosstab", Map.of("tenant_id", TENANT, "year", 2024, "min_sales", 5)),
        List.of(
            "category",
            "brand",
            "sales_count",
            "revenue",
            "avg_price",
            "share_of_category_revenue_pct"),
        Expected.categoryBrandCrosstab(data.all(), TENANT, 2024, 5));
  }

  @Test
  void sourceComparison() {
    assertResult(
        run(
            "source_comparison",
            Map.of("tenant_id", TENANT, "year", 2024, "month_from", 1, "month_to", 6)),
        List.of(
            "source",
            "sales_count",
            "revenue",
            "avg_price",
            "products",
            "categories",
            "share_of_revenue_pct"),
        Expected.sourceComparison(data.all(), TENANT, 2024, 1, 6));
  }

  @Test
  void monthlySalesTrend() {
    QueryResult result =
        run("monthly_sales_trend", Map.of("tenant_id", TENANT, "year_from", 2023, "year_to", 2024));

    assertResult(
        result,
        List.of(
            "period",
            "year",
            "month",
            "sales_count",
            "revenue",
            "avg_price",
            "previous_revenue",
            "revenue_change_pct"),
        Expected.monthlySalesTrend(data.all(), TENANT, 2023, 2024));
    assertThat(result.rows()).hasSize(24);
  }

  @Test
  void highValueProducts() {
    assertResult(
        run(
            "high_value_products",
            Map.of("tenant_id", TENANT, "year", 2024, "min_price", "800.00", "top_n", 15)),
        List.of(
            "price_rank",
            "product_id",
            "brand",
            "category",
            "condition",
            "sold_price",
            "sold_date",
            "cumulative_revenue_pct"),
        Expected.highValueProducts(data.all(), TENANT, 2024, new BigDecimal("800.00"), 15));
  }

  @Test
  void embeddingSimilarityCandidates() {
    SampleSale target =
        data.all().stream()
            .filter(
                s ->
                    s.tenantId().equals(TENANT)
                        && s.hasEmbedding()
                        && "handbags".equals(s.category()))
            .findFirst()
            .orElseThrow();

    QueryResult result =
        run(
            "embedding_similarity_candidates",
            Map.of(
                "tenant_id",
                TENANT,
                "product_id",
                target.productId(),
                "min_similarity",
                0.0,
                "top_n",
                12));

    List<List<Object>> expected =
        Expected.embeddingSimilarityCandidates(data.all(), TENANT, target.productId(), 0.0, 12);
    assertResult(
        result,
        List.of(
            "similarity_rank",
            "product_id",
            "brand",
            "category",
            "condition",
            "sold_price",
            "similarity"),
        expected);
    // Same brand and category (one cluster of the generator) first.
    assertThat(result.rows().get(0).get(2)).isEqualTo(target.brand());
    assertThat((Double) result.rows().get(0).get(6)).isGreaterThan(0.7);
    // Both scans count, also the one in the stage that joins: the candidates alone read every
    // file that may hold the tenant (all but the dirty commit's).
    assertThat(result.statistics().splitsScanned())
        .isGreaterThanOrEqualTo(data.append1.files().size() + data.append2.files().size());
  }

  @Test
  void partitionPruningExample() {
    assertResult(
        run("partition_pruning_example", Map.of("tenant_id", TENANT, "year", 2024, "month", 3)),
        List.of("category", "sales_count", "revenue", "avg_price", "first_sale", "last_sale"),
        Expected.partitionPruningExample(data.all(), TENANT, 2024, 3));
  }

  @Test
  void latestDefaults_resolveOnTrino_toTheNewestMonthOfTheTablesRows() {
    // independently: the newest (year, month) among every row written
    YearMonth newest =
        data.records.stream()
            .map(r -> YearMonth.of((Integer) r.getField("year"), (Integer) r.getField("month")))
            .max(Comparator.naturalOrder())
            .orElseThrow();
    LatestPeriodLookup latest = new LatestPeriodLookup(engine);

    BoundQuery bound =
        library
            .require("partition_pruning_example")
            .bind(Map.of("tenant_id", TENANT), CLOCK, latest);

    assertThat(latest.get()).contains(newest);
    assertThat(bound.values())
        .containsEntry("year", (long) newest.getYear())
        .containsEntry("month", (long) newest.getMonthValue());
    assertThat(bound.period())
        .isEqualTo(newest + " (the latest month holding data in sales_history)");
    assertResult(
        engine.execute(QueryRequest.of(bound)),
        List.of("category", "sales_count", "revenue", "avg_price", "first_sale", "last_sale"),
        Expected.partitionPruningExample(
            data.all(), TENANT, newest.getYear(), newest.getMonthValue()));
  }

  @Test
  void partitionPruningExample_readsOnlyTheSelectedPartition() throws IOException {
    PartitionFiles month = partitionFiles(2024, 3);
    PartitionFiles table = partitionFiles(null, null);
    assertThat(month.files()).isEqualTo(2);

    QueryResult pruned =
        run("partition_pruning_example", Map.of("tenant_id", TENANT, "year", 2024, "month", 3));
    QueryResult unpruned =
        engine.execute(
            new QueryRequest(
                "partition_pruning_example without the partition filter",
                "SELECT COALESCE(category, 'unknown') AS category, COUNT(*) AS sales_count FROM sales_history"
                    + " GROUP BY COALESCE(category, 'unknown')",
                List.of(),
                Duration.ofMinutes(1),
                1000));

    assertThat(pruned.statistics().splitsScanned()).isEqualTo(month.files());
    assertThat(pruned.statistics().rowsScanned()).isEqualTo(month.records());
    assertThat(unpruned.statistics().splitsScanned()).isEqualTo(table.files());
    assertThat(unpruned.statistics().rowsScanned()).isEqualTo(table.records());
    assertThat(pruned.statistics().bytesScanned())
        .isLessThan(unpruned.statistics().bytesScanned() / 10);
  }

  record PartitionFiles(long files, long records) {}

  private PartitionFiles partitionFiles(Integer year, Integer month) throws IOException {
    var scan = sales.newScan();
    if (year != null) {
      scan =
          scan.filter(
              Expressions.and(Expressions.equal("year", year), Expressions.equal("month", month)));
    }
    long files = 0;
    long records = 0;
    try (CloseableIterable<FileScanTask> tasks = scan.planFiles()) {
      for (FileScanTask task : tasks) {
        files++;
        records += task.file().recordCount();
      }
    }
    return new PartitionFiles(files, records);
  }

  @Test
  void dataQualityCheck() {
    QueryResult result = run("data_quality_check", Map.of("year_from", 2022, "year_to", 2024));

    List<List<Object>> expected =
        Expected.dataQualityCheck(data.records, 2022, 2024, new BigDecimal("20000.00"));
    assertResult(
        result, List.of("check_name", "failing_rows", "total_rows", "failing_pct"), expected);
    Map<String, Long> failing = new TreeMap<>();
    result.rows().forEach(r -> failing.put((String) r.get(0), (Long) r.get(1)));
    // The dirty commit trips every anomaly check at least once.
    assertThat(failing)
        .containsEntry("duplicate_key", 1L)
        .containsEntry("bad_embedding_length", 1L)
        .containsEntry("unknown_source", 1L)
        .containsEntry("future_sale", 1L);
    assertThat(failing.get("season_mismatch")).isGreaterThanOrEqualTo(1L);
    assertThat(failing.get("partition_mismatch")).isEqualTo(2L);
    assertThat(failing.get("implausible_price")).isGreaterThanOrEqualTo(1L);
  }

  @Test
  void priceDistributionByCategory() {
    assertResult(
        run("price_distribution_by_category", Map.of("tenant_id", TENANT, "year", 2023)),
        List.of(
            "category",
            "sales_count",
            "min_price",
            "p25_price",
            "median_price",
            "p75_price",
            "max_price",
            "iqr"),
        Expected.priceDistributionByCategory(data.all(), TENANT, 2023));
  }

  @Test
  void seasonPerformance() {
    assertResult(
        run("season_performance", Map.of("tenant_id", TENANT, "year", 2024)),
        List.of(
            "season",
            "sales_count",
            "revenue",
            "avg_price",
            "share_of_year_revenue_pct",
            "previous_year_revenue",
            "yoy_change_pct"),
        Expected.seasonPerformance(data.all(), TENANT, 2024));
  }

  @Test
  void tableHistory() {
    List<List<Object>> expected = new ArrayList<>();
    List<HistoryEntry> history = new ArrayList<>(sales.history());
    history.sort(
        Comparator.comparingLong(HistoryEntry::timestampMillis)
            .reversed()
            .thenComparingLong(HistoryEntry::snapshotId));
    for (HistoryEntry entry : history) {
      expected.add(
          Expected.row(
              utc(entry.timestampMillis()),
              entry.snapshotId(),
              sales.snapshot(entry.snapshotId()).parentId(),
              true));
    }
    assertThat(expected).hasSize(3);

    assertResult(
        run("table_history", Map.of()),
        List.of("made_current_at", "snapshot_id", "parent_id", "is_current_ancestor"),
        expected);
  }

  @Test
  void tableSnapshots() {
    List<Snapshot> snapshots = new ArrayList<>();
    sales.snapshots().forEach(snapshots::add);
    snapshots.sort(
        Comparator.comparingLong(Snapshot::timestampMillis)
            .reversed()
            .thenComparingLong(Snapshot::snapshotId));
    List<List<Object>> expected = new ArrayList<>();
    for (Snapshot s : snapshots.subList(0, 2)) {
      Map<String, String> summary = s.summary();
      expected.add(
          Expected.row(
              utc(s.timestampMillis()),
              s.snapshotId(),
              s.parentId(),
              s.operation(),
              number(summary, "added-records"),
              number(summary, "deleted-records"),
              number(summary, "added-data-files"),
              number(summary, "added-delete-files"),
              number(summary, "total-records"),
              number(summary, "total-data-files"),
              number(summary, "total-delete-files")));
    }
    assertThat(expected.get(0).get(4)).isEqualTo((long) data.dirty.size());
    assertThat(expected.get(1).get(4)).isEqualTo((long) data.batch2.size());

    assertResult(
        run("table_snapshots", Map.of("top_n", 2)),
        List.of(
            "committed_at",
            "snapshot_id",
            "parent_id",
            "operation",
            "added_records",
            "deleted_records",
            "added_data_files",
            "added_delete_files",
            "total_records",
            "total_data_files",
            "total_delete_files"),
        expected);
  }

  private static Long number(Map<String, String> summary, String key) {
    return summary.containsKey(key) ? Long.parseLong(summary.get(key)) : null;
  }

  private static OffsetDateTime utc(long millis) {
    return OffsetDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
  }

  @Test
  void filesPerPartition() throws IOException {
    record Part(int year, int month) {}
    Map<Part, long[]> parts =
        new TreeMap<>(Comparator.comparingInt(Part::year).thenComparingInt(Part::month));
    try (CloseableIterable<FileScanTask> tasks = sales.newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        Part part =
            new Part(
                task.file().partition().get(0, Integer.class),
                task.file().partition().get(1, Integer.class));
        long[] totals = parts.computeIfAbsent(part, p -> new long[3]);
        totals[0]++;
        totals[1] += task.file().recordCount();
        totals[2] += task.file().fileSizeInBytes();
      }
    }
    long small = 200_000;
    List<List<Object>> expected = new ArrayList<>();
    parts.forEach(
        (p, t) -> {
          if (p.year() >= 2022 && p.year() <= 2024) {
            expected.add(
                Expected.row(
                    p.year(),
                    p.month(),
                    t[0],
                    t[1],
                    t[2],
                    t[2] / t[0],
                    t[0] > 1 && t[2] / t[0] < small));
          }
        });

    QueryResult result =
        run(
            "files_per_partition",
            Map.of("small_file_bytes", small, "year_from", 2022, "year_to", 2024));

    assertResult(
        result,
        List.of(
            "year",
            "month",
            "file_count",
            "record_count",
            "total_bytes",
            "avg_file_bytes",
            "needs_compaction"),
        expected);
    assertThat(result.rows()).hasSize(25);
  }

  @Test
  void timeTravelComparison_seesTheEarlierState() {
    LocalDateTime asOf = data.firstSnapshotTime(sales);
    assertThat(sales.snapshot(data.append2.snapshotId()).timestampMillis())
        .as("the second commit is later than the first")
        .isGreaterThan(sales.snapshot(data.append1.snapshotId()).timestampMillis());

    QueryResult result =
        run("time_travel_comparison", Map.of("as_of", asOf.toString(), "year", 2024));

    List<List<Object>> expected = Expected.timeTravelComparison(data.batch1, data.all(), 2024);
    assertResult(
        result,
        List.of(
            "year",
            "month",
            "sales_count_then",
            "sales_count_now",
            "sales_count_change",
            "revenue_then",
            "revenue_now",
            "revenue_change"),
        expected);
    long then = result.rows().stream().mapToLong(r -> (Long) r.get(2)).sum();
    assertThat(then).isEqualTo(data.batch1.stream().filter(s -> s.year() == 2024).count());
  }

  @Test
  void timeTravel_beforeTheFirstSnapshot_failsWithTrinosReason() {
    assertThatThrownBy(
            () ->
                run("time_travel_comparison", Map.of("as_of", "2001-01-01T00:00:00", "year", 2024)))
        .isInstanceOf(QueryExecutionException.class)
        .hasMessageContaining("Trino query 'time_travel_comparison'")
        .hasMessageContaining("FAILED")
        .hasMessageContaining("No version history table");
  }

  @Test
  void errorsByReason() {
    assertResult(
        run("errors_by_reason", Map.of("since", "2024-12-20", "until", "2025-01-01")),
        List.of(
            "reason",
            "error_count",
            "tenants",
            "without_key",
            "first_seen",
            "last_seen",
            "sample_message"),
        Expected.errorsByReason(
            data.errors, LocalDateTime.of(2024, 12, 20, 0, 0), LocalDateTime.of(2025, 1, 1, 0, 0)));
  }

  @Test
  void injectionAttempts_areBoundAsValues_andHarmless() {
    for (String attack :
        List.of(
            "carousel-labs' OR '1'='1", "x'); DROP TABLE sales_history; --", "carousel-labs' --")) {
      QueryResult result =
          run("sales_volume_by_category_month", Map.of("tenant_id", attack, "year", 2024));
      assertThat(result.rows()).as("rows for tenant %s", attack).isEmpty();
    }
    assertThat(
            run("partition_pruning_example", Map.of("tenant_id", TENANT, "year", 2024, "month", 3))
                .rows())
        .isNotEmpty();
  }

  @Test
  void engineErrors_areTranslated() {
    assertThatThrownBy(
            () ->
                engine.execute(
                    new QueryRequest(
                        "broken",
                        "SELECT revenu FROM sales_history",
                        List.of(),
                        Duration.ofMinutes(1),
                        10)))
        .isInstanceOf(QueryExecutionException.class)
        .hasMessageContaining("Trino query 'broken' (")
        .hasMessageContaining("FAILED")
        .hasMessageContaining("Column 'revenu' cannot be resolved")
        .satisfies(
            e -> assertThat(((QueryExecutionException) e).outcome()).isEqualTo(Outcome.FAILED))
        .satisfies(e -> assertThat(((QueryExecutionException) e).queryId()).isNotBlank());

    assertThatThrownBy(
            () ->
                engine.execute(
                    new QueryRequest(
                        "endless",
                        "SELECT count(*) FROM UNNEST(sequence(1, 10000)) a (x) CROSS JOIN UNNEST(sequence(1, 10000)) b (y)"
                            + " CROSS JOIN UNNEST(sequence(1, 10000)) c (z) WHERE (x * y + z) % 7 = 3",
                        List.of(),
                        Duration.ofSeconds(2),
                        10)))
        .isInstanceOf(QueryExecutionException.class)
        .satisfies(
            e -> assertThat(((QueryExecutionException) e).outcome()).isEqualTo(Outcome.TIMED_OUT));

    TrinoQueryEngine down =
        new TrinoQueryEngine("jdbc:trino://127.0.0.1:1/iceberg", LocalTrino.USER, DATABASE);
    assertThatThrownBy(
            () ->
                down.execute(
                    new QueryRequest("any", "SELECT 1", List.of(), Duration.ofSeconds(10), 10)))
        .isInstanceOf(QueryExecutionException.class)
        .hasMessageContaining("Cannot reach Trino at jdbc:trino://127.0.0.1:1/iceberg")
        .satisfies(
            e ->
                assertThat(((QueryExecutionException) e).outcome()).isEqualTo(Outcome.UNAVAILABLE));
  }

  @Test
  void maxRows_truncatesTheResult() {
    QueryResult result =
        engine.execute(
            QueryRequest.of(
                library
                    .require("monthly_sales_trend")
                    .bind(Map.of("tenant_id", TENANT, "year_from", 2023, "year_to", 2024), CLOCK),
                Duration.ofMinutes(1),
                5));

    assertThat(result.rows()).hasSize(5);
    assertThat(result.truncated()).isTrue();
  }

  @Test
  void addedColumn_isQueryable_andNullForOldRows() throws Exception {
    String database = "query_evolution_it";
    SalesTables tables = tables(database);
    SchemaBootstrapService bootstrap = new SchemaBootstrapService(catalog);
    bootstrap.bootstrap(tables.all(), false);
    Table table = catalog.loadTable(tables.salesHistory().identifier());
    List<SampleSale> old = data.batch1.subList(0, 300);
    io.salesflow.localstack.sample.SampleTableWriter.appendSales(table, old);

    var definition = tables.salesHistory();
    List<org.apache.iceberg.types.Types.NestedField> columns =
        new ArrayList<>(definition.schema().columns());
    columns.add(
        org.apache.iceberg.types.Types.NestedField.optional(
            100, "color", org.apache.iceberg.types.Types.StringType.get(), "Main colour"));
    var evolved =
        definition.withSchema(
            new org.apache.iceberg.Schema(columns, definition.schema().identifierFieldIds()));
    assertThat(bootstrap.bootstrap(List.of(evolved), false).table("sales_history").action().name())
        .isEqualTo("EVOLVED");
    table.refresh();
    SampleSale fresh = data.batch2.get(0);
    var record = io.salesflow.localstack.sample.SampleTableWriter.toRecord(table.schema(), fresh);
    record.setField("color", "red");
    io.salesflow.localstack.sample.SampleTableWriter.append(table, List.of(record));

    TrinoQueryEngine evolvedEngine =
        new TrinoQueryEngine(trino.jdbcUrl(null), LocalTrino.USER, database);
    QueryResult counts =
        evolvedEngine.execute(
            new QueryRequest(
                "color",
                "SELECT count(*) AS sales, count(color) AS with_color, count_if(color = 'red') AS red FROM sales_history",
                List.of(),
                Duration.ofMinutes(1),
                10));
    assertThat(counts.rows()).containsExactly(List.of(301L, 1L, 1L));
    QueryResult oldRow =
        evolvedEngine.execute(
            new QueryRequest(
                "old row",
                "SELECT color FROM sales_history WHERE tenant_id = ? AND product_id = ?",
                List.of(
                    new BoundParameter("tenant_id", ParameterType.STRING, old.get(0).tenantId()),
                    new BoundParameter("product_id", ParameterType.STRING, old.get(0).productId())),
                Duration.ofMinutes(1),
                10));
    assertThat(oldRow.rows()).singleElement().satisfies(row -> assertThat(row.get(0)).isNull());

    List<SampleSale> all = new ArrayList<>(old);
    all.add(fresh);
    Map<String, Object> parameters =
        new HashMap<>(Map.of("tenant_id", TENANT, "year_from", 2023, "year_to", 2024));
    assertResult(
        evolvedEngine.execute(
            QueryRequest.of(library.require("monthly_sales_trend").bind(parameters, CLOCK))),
        List.of(
            "period",
            "year",
            "month",
            "sales_count",
            "revenue",
            "avg_price",
            "previous_revenue",
            "revenue_change_pct"),
        Expected.monthlySalesTrend(all, TENANT, 2023, 2024));
  }
}
