package io.salesflow.bench;

import io.salesflow.bootstrap.SchemaBootstrapService;
import io.salesflow.core.table.SalesHistoryTable;
import io.salesflow.core.table.SalesTables;
import io.salesflow.localstack.LocalStack;
import io.salesflow.localstack.sample.SampleErrorsGenerator;
import io.salesflow.localstack.sample.SampleSale;
import io.salesflow.localstack.sample.SampleSalesGenerator;
import io.salesflow.localstack.sample.SampleTableWriter;
import io.salesflow.localstack.trino.LocalTrino;
import io.salesflow.localstack.trino.LocalTrinoOptions;
import io.salesflow.query.BoundParameter;
import io.salesflow.query.BoundQuery;
import io.salesflow.query.LatestPeriod;
import io.salesflow.query.LatestPeriodLookup;
import io.salesflow.query.ParameterType;
import io.salesflow.query.QueryDefinition;
import io.salesflow.query.QueryLibrary;
import io.salesflow.query.engine.QueryEngine;
import io.salesflow.query.engine.QueryRequest;
import io.salesflow.query.engine.QueryResult;
import io.salesflow.query.engine.TrinoQueryEngine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;

/**
 * Latency of every library query on local Trino over a generated sales_history (default 100,000
 * sales, written in 4 commits like 4 ETL batches), and the effect of the partition filter: the
 * partition-pruning query against the same query filtered on {@code sold_date} only and with no
 * time filter at all. Prints Markdown tables and writes them to {@code --out}.
 *
 * <p>{@code mvn -B -ntp -pl benchmarks -am package -DskipTests -Pbenchmark}
 */
public final class QueryBenchmark {

  private static final String DATABASE = "benchmark";
  private static final String TENANT = "carousel-labs";
  private static final int COMMITS = 4;

  private QueryBenchmark() {}

  public static void main(String[] args) throws IOException {
    int rows = Integer.parseInt(option(args, "--rows", "100000"));
    int runs = Integer.parseInt(option(args, "--runs", "5"));
    Path out = Path.of(option(args, "--out", "benchmark.md"));
    Path examples = Path.of(option(args, "--examples", "examples.md"));
    try (LocalStack stack = LocalStack.start();
        LocalTrino trino = LocalTrino.start(LocalTrinoOptions.forStack(stack))) {
      StringBuilder docs = new StringBuilder();
      String report = run(stack, trino, rows, runs, docs);
      System.out.println(report);
      Files.writeString(out, report, StandardCharsets.UTF_8);
      Files.writeString(examples, docs, StandardCharsets.UTF_8);
      System.out.println(
          "Written to " + out.toAbsolutePath() + " and " + examples.toAbsolutePath());
    }
    // DynamoDB Local (part of the stack) leaves non-daemon threads behind.
    System.exit(0);
  }

  private static String run(
      LocalStack stack, LocalTrino trino, int rows, int runs, StringBuilder docs) {
    Catalog catalog = CatalogUtil.buildIcebergCatalog("bench", stack.catalogProperties(), null);
    SalesTables tables =
        new SalesTables(
            DATABASE, stack.warehouse() + "/" + DATABASE, SalesHistoryTable.DEFAULT_KEY_COLUMNS);
    new SchemaBootstrapService(catalog).bootstrap(tables.all(), false);
    Table sales = catalog.loadTable(tables.salesHistory().identifier());
    long start = System.nanoTime();
    List<SampleSale> generated =
        SampleSalesGenerator.builder().seed(2024).count(rows).build().generate();
    long firstSnapshot = 0;
    long bytes = 0;
    int files = 0;
    for (int i = 0; i < COMMITS; i++) {
      var result =
          SampleTableWriter.appendSales(
              sales, generated.subList(i * rows / COMMITS, (i + 1) * rows / COMMITS));
      firstSnapshot = i == 0 ? result.snapshotId() : firstSnapshot;
      bytes += result.bytes();
      files += result.files().size();
    }
    SampleTableWriter.appendErrors(
        catalog.loadTable(tables.errors().identifier()),
        SampleErrorsGenerator.generate(11, rows / 100, LocalDateTime.of(2024, 12, 31, 0, 0), 30));
    long loadMillis = (System.nanoTime() - start) / 1_000_000;
    sales.refresh();

    QueryEngine engine = new TrinoQueryEngine(trino.jdbcUrl(null), LocalTrino.USER, DATABASE);
    QueryLibrary library = QueryLibrary.fromClasspath();
    Map<String, Object> parameters = parameters(generated, sales, firstSnapshot);
    Clock clock = Clock.systemUTC();
    LatestPeriod latest = new LatestPeriodLookup(engine);
    List<Measurement> measurements = new ArrayList<>();
    for (QueryDefinition query : library.queries()) {
      BoundQuery bound = query.bindShared(parameters, clock, latest);
      QueryRequest request = QueryRequest.of(bound, Duration.ofMinutes(5), 1_000_000);
      measurements.add(measure(query.name(), () -> engine.execute(request), runs));
      docs.append(ExampleDocs.render(bound, engine.execute(request)));
    }
    List<Measurement> pruning = pruning(engine, library, parameters, clock, runs);

    StringBuilder report = new StringBuilder();
    report.append(
        String.format(
            Locale.ROOT,
            "Trino %s on %d cores, Trino heap %s; sales_history: %,d sales (%d%% with 1024-double embeddings) in %d commits, %d data files, %.1f MiB, 24 monthly partitions; loaded in %.1f s; %d measured runs per query after one warm-up.%n%n",
            "476",
            Runtime.getRuntime().availableProcessors(),
            LocalTrinoOptions.DEFAULT_HEAP,
            rows,
            Math.round(100.0 * generated.stream().filter(SampleSale::hasEmbedding).count() / rows),
            COMMITS,
            files,
            bytes / (1024.0 * 1024.0),
            loadMillis / 1000.0,
            runs));
    report.append(MarkdownTable.queries(measurements)).append('\n');
    report.append("Partition filter (partition_pruning_example, one tenant, March 2024):\n\n");
    report.append(MarkdownTable.queries(pruning));
    return report.toString();
  }

  private static Map<String, Object> parameters(
      List<SampleSale> sales, Table table, long firstSnapshot) {
    SampleSale target =
        sales.stream()
            .filter(s -> s.tenantId().equals(TENANT) && s.hasEmbedding() && s.category() != null)
            .findFirst()
            .orElseThrow();
    Map<String, Object> parameters = new HashMap<>();
    parameters.put("tenant_id", TENANT);
    parameters.put("year", 2024);
    parameters.put("month", 3);
    parameters.put("year_from", 2023);
    parameters.put("year_to", 2024);
    parameters.put("product_id", target.productId());
    parameters.put("since", "2024-12-01");
    parameters.put("until", "2025-01-01");
    long millis = table.snapshot(firstSnapshot).timestampMillis();
    parameters.put(
        "as_of", LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC).toString());
    return parameters;
  }

  private static List<Measurement> pruning(
      QueryEngine engine,
      QueryLibrary library,
      Map<String, Object> parameters,
      Clock clock,
      int runs) {
    QueryRequest partitioned =
        QueryRequest.of(
            library
                .require("partition_pruning_example")
                .bindShared(parameters, clock, new LatestPeriodLookup(engine)),
            Duration.ofMinutes(5),
            1000);
    String select =
        "SELECT COALESCE(category, 'unknown') AS category, COUNT(*) AS sales_count, SUM(sold_price) AS revenue,"
            + " AVG(sold_price) AS avg_price, MIN(sold_date) AS first_sale, MAX(sold_date) AS last_sale"
            + " FROM sales_history WHERE tenant_id = ?";
    String group = " GROUP BY COALESCE(category, 'unknown') ORDER BY revenue DESC, category";
    BoundParameter tenant = new BoundParameter("tenant_id", ParameterType.STRING, TENANT);
    QueryRequest soldDate =
        new QueryRequest(
            "sold_date range only",
            select + " AND sold_date >= ? AND sold_date < ?" + group,
            List.of(
                tenant,
                new BoundParameter(
                    "from", ParameterType.TIMESTAMP, LocalDateTime.of(2024, 3, 1, 0, 0)),
                new BoundParameter(
                    "to", ParameterType.TIMESTAMP, LocalDateTime.of(2024, 4, 1, 0, 0))),
            Duration.ofMinutes(5),
            1000);
    QueryRequest none =
        new QueryRequest(
            "no time filter (whole table)",
            select + group,
            List.of(tenant),
            Duration.ofMinutes(5),
            1000);
    return List.of(
        measure("year/month partition filter", () -> engine.execute(partitioned), runs),
        measure("sold_date range only", () -> engine.execute(soldDate), runs),
        measure("no time filter (whole table)", () -> engine.execute(none), runs));
  }

  private static Measurement measure(String name, Supplier<QueryResult> query, int runs) {
    query.get();
    List<Long> times = new ArrayList<>();
    QueryResult last = null;
    for (int i = 0; i < runs; i++) {
      last = query.get();
      times.add(last.statistics().wallTimeMillis());
    }
    var stats = last.statistics();
    System.err.printf(
        Locale.ROOT, "%-36s %6d ms%n", name, times.stream().sorted().toList().get(runs / 2));
    return new Measurement(
        name,
        times,
        last.rows().size(),
        stats.rowsScanned() == null ? 0 : stats.rowsScanned(),
        stats.splitsScanned() == null ? 0 : stats.splitsScanned(),
        stats.bytesScanned() == null ? 0 : stats.bytesScanned());
  }

  private static String option(String[] args, String name, String defaultValue) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return defaultValue;
  }
}
