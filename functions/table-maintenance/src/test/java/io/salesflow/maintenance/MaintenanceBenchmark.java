package io.salesflow.maintenance;

import io.salesflow.localstack.LocalStack;
import io.salesflow.localstack.trino.JdkLocator;
import io.salesflow.localstack.trino.LocalTrino;
import io.salesflow.localstack.trino.LocalTrinoException;
import io.salesflow.localstack.trino.LocalTrinoOptions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compaction throughput and query latency on a small-file partition, before vs after, on the local
 * stack: {@code mvn -B -ntp -o -pl functions/table-maintenance verify -DskipTests
 * -Pmaintenance-benchmark}. Arguments: batches (default 200) and changes per batch (default 10).
 */
public final class MaintenanceBenchmark {

  private static final String QUERY =
      "SELECT category, count(*), sum(sold_price) FROM sales_history"
          + " WHERE year = 2025 AND month = 5 GROUP BY category ORDER BY category";
  private static final int QUERY_RUNS = 5;

  private MaintenanceBenchmark() {}

  public static void main(String[] args) throws Exception {
    int batches = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int size = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    List<YearMonth> may = List.of(YearMonth.of(2025, 5));
    Set<MonthPartition> partition = Set.of(new MonthPartition(2025, 5));
    try (LocalStack stack = LocalStack.start();
        MaintenanceFixture position = new MaintenanceFixture(stack, "maintenance_bench", may);
        MaintenanceFixture equality =
            new MaintenanceFixture(
                stack,
                "maintenance_bench_eq",
                may,
                Map.of(io.salesflow.etl.EtlConfig.DELETE_MODE, "equality"))) {
      // Each fixture streams its own seeded changes of the same shape into its own database.
      long ingestStart = System.nanoTime();
      position.ingest(batches, size);
      long ingestMillis = (System.nanoTime() - ingestStart) / 1_000_000;
      equality.ingest(batches, size);
      int filesBefore = position.files(partition);
      int filesEquality = equality.files(partition);
      LocalTrino trino = startTrino(stack);
      try {
        List<Long> eqBefore = trino == null ? List.of() : latencies(trino, equality.database);
        List<Long> before = trino == null ? List.of() : latencies(trino, position.database);
        long start = System.nanoTime();
        MaintenanceReport report =
            position
                .service(Clock.systemUTC(), Map.of(MaintenanceConfig.TASKS, "compact"))
                .run(MaintenanceRequest.defaults(), RunBudget.unlimited());
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Long> after = trino == null ? List.of() : latencies(trino, position.database);
        long bytes = report.count(MaintenanceReport.BYTES_BEFORE);
        System.out.printf(
            "%n| measure | value |%n|---|---|%n"
                + "| ETL batches x changes | %d x %d (%d ms, position mode) |%n"
                + "| data+delete files in the partition | position mode %d -> %d compacted;"
                + " equality mode %d |%n"
                + "| bytes before -> after | %d -> %d |%n"
                + "| rows rewritten, deletes applied | %d, %d |%n"
                + "| compaction time | %.2f s |%n"
                + "| compaction throughput | %.2f MB/s, %.1f files/s |%n"
                + "| Trino query latency, equality mode, before compaction (median of %d) | %s |%n"
                + "| Trino query latency, position mode, before compaction (median of %d) | %s |%n"
                + "| Trino query latency, after compaction (median of %d) | %s |%n",
            batches,
            size,
            ingestMillis,
            filesBefore,
            position.files(partition),
            filesEquality,
            bytes,
            report.count(MaintenanceReport.BYTES_AFTER),
            report.count(MaintenanceReport.ROWS_REWRITTEN),
            report.count(MaintenanceReport.DELETES_APPLIED),
            seconds,
            bytes / 1e6 / seconds,
            filesBefore / seconds,
            QUERY_RUNS,
            describe(eqBefore),
            QUERY_RUNS,
            describe(before),
            QUERY_RUNS,
            describe(after));
      } finally {
        if (trino != null) {
          trino.close();
        }
      }
    }
    System.exit(0); // DynamoDB Local's threads are not daemons
  }

  private static LocalTrino startTrino(LocalStack stack) {
    try {
      JdkLocator.forThisMachine().locate();
      return LocalTrino.start(LocalTrinoOptions.forStack(stack));
    } catch (LocalTrinoException e) {
      System.out.println("Trino not run (query latency not measured): " + e.getMessage());
      return null;
    }
  }

  private static List<Long> latencies(LocalTrino trino, String schema) throws SQLException {
    List<Long> millis = new ArrayList<>();
    try (Connection connection = trino.connect(schema);
        Statement statement = connection.createStatement()) {
      for (int i = 0; i < QUERY_RUNS + 1; i++) {
        long start = System.nanoTime();
        try (ResultSet rs = statement.executeQuery(QUERY)) {
          while (rs.next()) {
            rs.getString(1);
          }
        }
        if (i > 0) { // the first run warms up Trino's metadata caches
          millis.add((System.nanoTime() - start) / 1_000_000);
        }
      }
    }
    return millis;
  }

  private static String describe(List<Long> millis) {
    if (millis.isEmpty()) {
      return "not measured (no JDK 24+ for Trino)";
    }
    List<Long> sorted = new ArrayList<>(millis);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2) + " ms (runs " + millis + ")";
  }
}
