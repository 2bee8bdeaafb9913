package io.salesflow.etl;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesflow.bootstrap.SchemaBootstrapService;
import io.salesflow.core.catalog.CatalogFactory;
import io.salesflow.core.config.SalesflowConfig;
import io.salesflow.emulator.CheckpointStore;
import io.salesflow.emulator.EventSourceMappingConfig;
import io.salesflow.emulator.OnFailureDestination;
import io.salesflow.emulator.PollerStats;
import io.salesflow.emulator.StreamPoller;
import io.salesflow.localstack.CatalogFaultProxy;
import io.salesflow.localstack.LocalStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.awaitility.Awaitility;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The real ETL behind the real emulated event source mapping, with default settings, against a
 * local stack of the test's own (so faults touch nobody else): a DynamoDB table with its stream,
 * both Iceberg tables bootstrapped, the handler reaching the catalog through a {@link
 * CatalogFaultProxy} (transparent until told otherwise). {@link #write} produces a realistic mix of
 * inserts, price changes, month moves and removes; {@link #assertTableEqualsDynamoDb} compares
 * exactly.
 */
final class IngestionHarness implements AutoCloseable {

  final LocalStack stack;
  final CatalogFaultProxy proxy;
  final String name;
  final Map<String, String> env;
  final Catalog catalog;
  final Path onFailureFile;
  final Path checkpointFile;
  private final DynamoDbClient ddb;
  private final SplittableRandom random;
  private final List<String> liveKeys = new ArrayList<>();
  private int nextProduct;
  private volatile long written;
  private StreamPoller poller;
  private Thread pollerThread;

  IngestionHarness(String name, Path dir, long seed) {
    this.stack = LocalStack.start();
    this.name = name;
    this.random = new SplittableRandom(seed);
    this.proxy = CatalogFaultProxy.start(stack.catalogUri(), "sales_history");
    this.env = new LinkedHashMap<>(stack.functionEnvironment("it", "etl_" + name));
    env.put(SalesflowConfig.CATALOG_URI, proxy.uri().toString());
    this.catalog = CatalogFactory.build(SalesflowConfig.from(directEnv()).catalog());
    new SchemaBootstrapService(catalog)
        .bootstrap(EtlConfig.from(env).tables().tables().all(), false);
    this.ddb = stack.dynamoDbClient();
    EtlFixture.createSalesTable(ddb, name);
    this.onFailureFile = dir.resolve("on-failure.jsonl");
    this.checkpointFile = dir.resolve("checkpoints.json");
  }

  /** The environment with the catalog reached directly, not through the proxy (for checks). */
  Map<String, String> directEnv() {
    Map<String, String> direct = new LinkedHashMap<>(env);
    direct.put(SalesflowConfig.CATALOG_URI, stack.catalogUri().toString());
    return direct;
  }

  /**
   * The settings `salesflow stream` and the deployed mapping use by default: retries until the
   * records expire, bisect on error, partial batch responses, 1 s first retry delay doubling to 30
   * s, a 120 s timeout.
   */
  static EventSourceMappingConfig defaults() {
    return defaultsBuilder().build();
  }

  static EventSourceMappingConfig.Builder defaultsBuilder() {
    return EventSourceMappingConfig.builder()
        .batchSize(100)
        .maximumRetryAttempts(-1)
        .bisectBatchOnFunctionError(true)
        .reportBatchItemFailures(true)
        .retryDelay(Duration.ofSeconds(1))
        .functionTimeout(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(100));
  }

  /** Starts polling in the background with the real handler and its default configuration. */
  void startStreaming() {
    startStreaming(defaults());
  }

  /**
   * Starts polling from the stream's tip, as a mapping created on a table with history does: the
   * items written before are not in what the ETL sees. Returns once the stream has delivered a
   * first write made after it started, so every later write reaches the ETL.
   */
  void startStreamingFromLatest() {
    streamStart = written;
    startStreaming(
        defaultsBuilder().startingPosition(io.salesflow.emulator.StartingPosition.LATEST).build());
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              if (stats().recordsCompleted() > 0) {
                return true;
              }
              write(1); // until one lands after the poller took its position
              return false;
            });
    streamStart = written - stats().recordsCompleted();
  }

  private long streamStart;

  private void startStreaming(EventSourceMappingConfig config) {
    String streamArn = ddb.describeTable(b -> b.tableName(name)).table().latestStreamArn();
    poller =
        StreamPoller.builder()
            .streams(stack.dynamoDbStreamsClient())
            .streamArn(streamArn)
            .handler(() -> new StreamEtlHandler(EtlConfig.from(env)))
            .config(config)
            .checkpoints(CheckpointStore.file(checkpointFile))
            .onFailure(OnFailureDestination.file(onFailureFile, defaults().functionArn()))
            .build();
    pollerThread = new Thread(poller::run, "harness-poller-" + name);
    pollerThread.setDaemon(true);
    pollerThread.start();
  }

  PollerStats.Snapshot stats() {
    return poller.stats().snapshot();
  }

  /** Waits until the stream has delivered at least {@code records} records successfully. */
  void awaitCompleted(long records, Duration timeout) {
    Awaitility.await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> stats().recordsCompleted() >= records);
  }

  /**
   * Waits until the table equals the DynamoDB table (faults over, writes done), stops the poller,
   * then checks again and that nothing went to on-failure. The table is read only once the poller
   * has completed as many records as were written (every write here changes its item, so each is
   * one stream record): reading it every poll while the ETL catches up would take the CPU the ETL
   * needs on a small machine.
   *
   * @return the rows compared
   */
  int awaitConvergedAndStop(Duration timeout) throws InterruptedException {
    try {
      Awaitility.await()
          .atMost(timeout)
          .pollInterval(Duration.ofSeconds(2))
          .ignoreExceptions()
          .until(
              () ->
                  stats().recordsCompleted() >= written - streamStart
                      && expected().equals(actual()));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(
          "sales_history did not converge on DynamoDB within " + timeout + ": " + difference(), e);
    }
    poller.stop();
    pollerThread.join(Duration.ofMinutes(3).toMillis());
    assertThat(pollerThread.isAlive()).as("poller stopped").isFalse();
    assertThat(poller.onFailure().sent()).as("batches sent to on-failure").isEmpty();
    return assertTableEqualsDynamoDb();
  }

  /**
   * Writes {@code operations} random operations: a new sale, a price change, a move to another
   * month, or a removal of a live key.
   */
  void write(int operations) {
    for (int i = 0; i < operations; i++) {
      written++;
      int roll = random.nextInt(100);
      if (liveKeys.isEmpty() || roll < 45) {
        String key = "t" + random.nextInt(5) + "|p" + nextProduct++;
        put(key);
        liveKeys.add(key);
      } else if (roll < 90) {
        put(liveKeys.get(random.nextInt(liveKeys.size())));
      } else {
        delete(liveKeys.remove(random.nextInt(liveKeys.size())));
      }
    }
  }

  private final List<String> removedKeys = new ArrayList<>();
  private final java.util.Set<String> rejectedKeys = new java.util.LinkedHashSet<>();
  private int rejects;

  /**
   * Writes {@code operations} operations an adversary would: besides new sales, changes and
   * removals, items the ETL must reject (a price with three decimals, an impossible date) later
   * corrected or removed, dates as ISO with an offset or as epoch milliseconds, and removed keys
   * put again in another month. Every rejected item is corrected or removed before it returns, so
   * DynamoDB's final items are all valid and the table must equal them.
   */
  void writeAdversarial(int operations) {
    for (int i = 0; i < operations; i++) {
      written++;
      int roll = random.nextInt(100);
      if (liveKeys.isEmpty() || roll < 30) {
        String key = "t" + random.nextInt(5) + "|q" + nextProduct++;
        putEncoded(key);
        liveKeys.add(key);
      } else if (roll < 52) {
        String key = liveKeys.get(random.nextInt(liveKeys.size()));
        putEncoded(key);
        rejectedKeys.remove(key);
      } else if (roll < 64) {
        String key = liveKeys.get(random.nextInt(liveKeys.size()));
        putRejected(key);
        rejectedKeys.add(key);
      } else if (roll < 72 && !rejectedKeys.isEmpty()) {
        String key = rejectedKeys.iterator().next();
        putEncoded(key);
        rejectedKeys.remove(key);
      } else if (roll < 90) {
        String key = liveKeys.remove(random.nextInt(liveKeys.size()));
        rejectedKeys.remove(key);
        removedKeys.add(key);
        delete(key);
      } else if (!removedKeys.isEmpty()) {
        String key = removedKeys.remove(random.nextInt(removedKeys.size()));
        putEncoded(key);
        liveKeys.add(key);
      } else {
        written--;
        i--;
      }
    }
    for (String key : List.copyOf(rejectedKeys)) {
      written++;
      putEncoded(key);
    }
    rejectedKeys.clear();
  }

  private void delete(String key) {
    String[] parts = key.split("\\|");
    ddb.deleteItem(
        b ->
            b.tableName(name)
                .key(
                    Map.of(
                        "tenant_id",
                        EtlFixture.s(parts[0]),
                        "product_id",
                        EtlFixture.s(parts[1]))));
  }

  /** A valid item whose sale date is ISO with Z, ISO with an offset, or epoch milliseconds. */
  private void putEncoded(String key) {
    String[] parts = key.split("\\|");
    String price = (1 + random.nextInt(5000)) + "." + (10 + random.nextInt(90));
    java.time.OffsetDateTime when =
        java.time.OffsetDateTime.of(
            2024 + random.nextInt(2),
            1 + random.nextInt(12),
            1 + random.nextInt(28),
            random.nextInt(24),
            0,
            0,
            0,
            java.time.ZoneOffset.UTC);
    Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item =
        Sales.item(parts[0], parts[1], price, when.toString());
    switch (random.nextInt(3)) {
      case 0 ->
          item =
              Sales.with(
                  item,
                  "sold_date",
                  EtlFixture.s(
                      when.withOffsetSameInstant(java.time.ZoneOffset.ofHours(2)).toString()));
      case 1 ->
          item =
              Sales.with(
                  item,
                  "sold_date",
                  software.amazon.awssdk.services.dynamodb.model.AttributeValue.builder()
                      .n(Long.toString(when.toInstant().toEpochMilli()))
                      .build());
      default -> {}
    }
    Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> written = item;
    ddb.putItem(b -> b.tableName(name).item(written));
  }

  /** An item the ETL must reject: a price with three decimals, or an impossible date. */
  private void putRejected(String key) {
    String[] parts = key.split("\\|");
    boolean badPrice = random.nextBoolean();
    Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item =
        Sales.with(
            Sales.item(
                parts[0],
                parts[1],
                badPrice ? "1.999" : "10.00",
                badPrice ? "2025-03-01T10:00:00Z" : "2025-13-45T10:00:00Z"),
            "description",
            // each one differs from the item before it, so each is a stream record of its own
            EtlFixture.s("rejected #" + rejects++));
    ddb.putItem(b -> b.tableName(name).item(item));
  }

  private void put(String key) {
    String[] parts = key.split("\\|");
    String price = (1 + random.nextInt(5000)) + "." + (10 + random.nextInt(90));
    String date =
        String.format(
            "%d-%02d-%02dT%02d:00:00Z",
            2024 + random.nextInt(2),
            1 + random.nextInt(12),
            1 + random.nextInt(28),
            random.nextInt(24));
    ddb.putItem(b -> b.tableName(name).item(Sales.item(parts[0], parts[1], price, date)));
  }

  /** DynamoDB's items as key -> "price@sold_date". */
  Map<String, String> expected() {
    Map<String, String> items = new TreeMap<>();
    ddb.scanPaginator(b -> b.tableName(name).consistentRead(true))
        .items()
        .forEach(
            i ->
                items.put(
                    i.get("tenant_id").s() + "|" + i.get("product_id").s(),
                    new BigDecimal(i.get("sold_price").n()).stripTrailingZeros().toPlainString()
                        + "@"
                        + SaleImageConverter.soldDate(
                            i.get("sold_date").s() != null
                                ? new com.amazonaws.services.lambda.runtime.events.models.dynamodb
                                        .AttributeValue()
                                    .withS(i.get("sold_date").s())
                                : new com.amazonaws.services.lambda.runtime.events.models.dynamodb
                                        .AttributeValue()
                                    .withN(i.get("sold_date").n()))));
    return items;
  }

  /** sales_history as key -> "price@sold_date"; a key with two rows fails. */
  Map<String, String> actual() {
    Table table = history();
    Map<String, String> rows = new TreeMap<>();
    try (CloseableIterable<Record> it = IcebergGenerics.read(table).build()) {
      for (Record r : it) {
        String key = r.getField("tenant_id") + "|" + r.getField("product_id");
        String value =
            ((BigDecimal) r.getField("sold_price")).stripTrailingZeros().toPlainString()
                + "@"
                + (LocalDateTime) r.getField("sold_date");
        assertThat(rows.put(key, value)).as("second row for key %s", key).isNull();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  /** What differs between the table and DynamoDB, for a failure message. */
  private String difference() {
    Map<String, String> expected = expected();
    Map<String, java.util.List<String>> rows = new TreeMap<>();
    try (CloseableIterable<Record> it = IcebergGenerics.read(history()).build()) {
      for (Record r : it) {
        rows.computeIfAbsent(
                r.getField("tenant_id") + "|" + r.getField("product_id"), k -> new ArrayList<>())
            .add(
                ((BigDecimal) r.getField("sold_price")).stripTrailingZeros().toPlainString()
                    + "@"
                    + r.getField("sold_date")
                    + "#"
                    + r.getField("stream_seq"));
      }
    } catch (IOException | RuntimeException e) {
      return "cannot read the table: " + e;
    }
    List<String> problems = new ArrayList<>();
    expected.forEach(
        (key, value) -> {
          List<String> found = rows.getOrDefault(key, List.of());
          if (found.size() != 1 || !found.get(0).startsWith(value + "#")) {
            problems.add(key + " expected " + value + " found " + found);
          }
        });
    rows.keySet().stream()
        .filter(k -> !expected.containsKey(k))
        .forEach(k -> problems.add(k + " not in DynamoDB, found " + rows.get(k)));
    return problems.size()
        + " keys differ (poller "
        + stats()
        + "): "
        + problems.subList(0, Math.min(20, problems.size()));
  }

  /** Asserts sales_history holds exactly DynamoDB's items; returns the rows compared. */
  int assertTableEqualsDynamoDb() {
    Map<String, String> expected = expected();
    assertThat(actual()).as("sales_history against DynamoDB").isEqualTo(expected);
    return expected.size();
  }

  Table history() {
    return catalog.loadTable(EtlConfig.from(env).tables().tables().salesHistory().identifier());
  }

  /** Every record of the stream so far, in order, as Lambda delivers them. */
  List<com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord>
      streamRecords() {
    var streams = stack.dynamoDbStreamsClient();
    String arn = io.salesflow.emulator.StreamLocator.latestStreamArn(ddb, name);
    List<com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord> out =
        new ArrayList<>();
    for (var shard : streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards()) {
      String iterator =
          streams
              .getShardIterator(
                  b ->
                      b.streamArn(arn)
                          .shardId(shard.shardId())
                          .shardIteratorType(
                              software.amazon.awssdk.services.dynamodb.model.ShardIteratorType
                                  .TRIM_HORIZON))
              .shardIterator();
      while (iterator != null) {
        String current = iterator;
        var page = streams.getRecords(b -> b.shardIterator(current).limit(1000));
        page.records()
            .forEach(
                r ->
                    out.add(
                        io.salesflow.emulator.StreamRecordConverter.toLambda(r, arn, "us-east-1")));
        if (page.records().isEmpty()) {
          break;
        }
        iterator = page.nextShardIterator();
      }
    }
    return out;
  }

  Table errors() {
    return catalog.loadTable(EtlConfig.from(env).tables().tables().errors().identifier());
  }

  @Override
  public void close() {
    if (poller != null) {
      poller.stop();
    }
    try {
      if (pollerThread != null) {
        pollerThread.join(Duration.ofSeconds(30).toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    proxy.close();
    CatalogFactory.close(catalog);
    stack.close();
  }
}
