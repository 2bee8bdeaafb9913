package io.salesflow.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesflow.bootstrap.SchemaBootstrapService;
import io.salesflow.core.catalog.CatalogFactory;
import io.salesflow.etl.BatchResult;
import io.salesflow.etl.EtlConfig;
import io.salesflow.etl.StreamBatchService;
import io.salesflow.etl.StreamEtlHandler;
import io.salesflow.localstack.LocalStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/**
 * One table under maintenance: its own database (bootstrapped by schema-bootstrap), filled by the
 * real ETL ({@link StreamBatchService}) from {@link SalesStream} batches, so the small data files
 * and equality deletes are exactly those production makes.
 */
final class MaintenanceFixture implements AutoCloseable {

  final LocalStack stack;
  final String database;
  final Map<String, String> env;
  final Catalog catalog;
  final SalesStream stream;
  private final StreamBatchService etl;

  MaintenanceFixture(LocalStack stack, String database, List<YearMonth> months) {
    this(stack, database, months, Map.of());
  }

  /** With extra ETL settings, e.g. {@code ETL_DELETE_MODE}. */
  MaintenanceFixture(
      LocalStack stack, String database, List<YearMonth> months, Map<String, String> etlEnv) {
    this.stack = stack;
    this.database = database;
    this.env = new java.util.LinkedHashMap<>(env(stack, database));
    this.env.putAll(etlEnv);
    EtlConfig etlConfig = EtlConfig.from(env);
    this.catalog = StreamEtlHandler.catalog(etlConfig);
    new SchemaBootstrapService(catalog).bootstrap(etlConfig.tables().tables().all(), false);
    this.etl = new StreamBatchService(etlConfig, catalog, Clock.systemUTC(), m -> {});
    this.stream = new SalesStream(database.hashCode(), 1_000, months);
  }

  static Map<String, String> env(LocalStack stack, String database) {
    Map<String, String> env = stack.functionEnvironment("it", database);
    return env;
  }

  /**
   * Runs {@code count} ETL batches of {@code size} changes each; every one must commit. A batch
   * that fails is retried, as the event source mapping would (a position-delete batch fails when a
   * compaction rewrote the files it deletes from, three lookups in a row), at most 5 times.
   */
  void ingest(int count, int size) {
    for (int i = 0; i < count; i++) {
      var batch = stream.batch(size);
      BatchResult result = etl.process(batch, () -> 300_000L);
      for (int retry = 1; !result.succeeded() && retry <= 5; retry++) {
        result = etl.process(batch, () -> 300_000L);
      }
      assertThat(result.failure()).as("ETL batch %d", i).isNull();
    }
  }

  /**
   * Runs one batch through a fresh ETL container whose clock is {@code clock} (its first batch also
   * runs the container's hourly tombstone upkeep at that time); it must commit.
   */
  void ingestAt(
      Clock clock,
      List<com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord> batch) {
    StreamBatchService container =
        new StreamBatchService(EtlConfig.from(env), catalog, clock, m -> {});
    BatchResult result = container.process(batch, () -> 300_000L);
    assertThat(result.failure()).isNull();
  }

  MaintenanceConfig config(Map<String, String> extra) {
    Map<String, String> all = new HashMap<>(env);
    all.putAll(extra);
    return MaintenanceConfig.from(all);
  }

  MaintenanceService service(Clock clock) {
    return service(clock, Map.of());
  }

  MaintenanceService service(Clock clock, Map<String, String> extra) {
    return new MaintenanceService(config(extra), catalog, clock, MaintenanceMetrics.none());
  }

  Table table() {
    return catalog.loadTable(config(Map.of()).tables().tables().salesHistory().identifier());
  }

  /** Every row as text, sorted: two tables hold the same rows iff these lists are equal. */
  static List<String> rows(Table table, Expression filter) {
    List<String> rows = new ArrayList<>();
    table.refresh();
    List<String> columns =
        table.schema().columns().stream()
            .map(org.apache.iceberg.types.Types.NestedField::name)
            .toList();
    try (CloseableIterable<Record> it = IcebergGenerics.read(table).where(filter).build()) {
      // The table's columns only: a reader applying position deletes adds _pos to its records.
      it.forEach(
          r ->
              rows.add(
                  columns.stream().map(c -> String.valueOf(r.getField(c))).toList().toString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    rows.sort(null);
    return rows;
  }

  List<String> rows() {
    return rows(table(), Expressions.alwaysTrue());
  }

  /** The table's sales keyed {@code tenant|product} with their price, failing on duplicates. */
  Map<String, String> keysAndPrices() {
    Map<String, String> result = new TreeMap<>();
    Table table = table();
    try (CloseableIterable<Record> it = IcebergGenerics.read(table).build()) {
      for (Record r : it) {
        String key = r.getField("tenant_id") + "|" + r.getField("product_id");
        String price = ((BigDecimal) r.getField("sold_price")).toPlainString();
        assertThat(result.put(key, price)).as("duplicate row for %s", key).isNull();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return result;
  }

  /** What the stream says the table must hold, prices normalized like the table's. */
  Map<String, String> expectedKeysAndPrices() {
    Map<String, String> expected = new TreeMap<>();
    stream
        .expected()
        .forEach((k, v) -> expected.put(k, new BigDecimal(v).setScale(2).toPlainString()));
    return expected;
  }

  /** Live data files plus live delete files of {@code partitions}. */
  int files(Set<MonthPartition> partitions) {
    Table table = table();
    int count = 0;
    for (MonthPartition partition : partitions) {
      PartitionFiles files = PartitionFiles.current(table, partition);
      count += files.tasks().size();
      count += PartitionDeletes.live(table, files.snapshot(), partition).size();
    }
    return count;
  }

  static Map<String, Object> copy(Map<String, Object> map) {
    return new LinkedHashMap<>(map);
  }

  @Override
  public void close() {
    CatalogFactory.close(catalog);
  }
}
