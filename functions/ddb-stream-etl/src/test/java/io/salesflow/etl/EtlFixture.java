package io.salesflow.etl;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.salesflow.bootstrap.SchemaBootstrapService;
import io.salesflow.core.catalog.CatalogFactory;
import io.salesflow.emulator.StreamRecordConverter;
import io.salesflow.localstack.LocalStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * One ETL under test: its own database (bootstrapped by schema-bootstrap), its own DynamoDB table
 * with a stream, and the real handler over the REST catalog on S3Proxy.
 */
final class EtlFixture implements AutoCloseable {

  final LocalStack stack;
  final String name;
  final EtlConfig config;
  final Catalog catalog;
  final StreamBatchService service;
  final StreamEtlHandler handler;
  final List<BatchMetrics> metrics = new CopyOnWriteArrayList<>();
  private final DynamoDbClient ddb;
  private final String streamArn;
  private String iterator;

  EtlFixture(LocalStack stack, String name, WriteMode mode) {
    this(stack, name, mode, Map.of());
  }

  EtlFixture(LocalStack stack, String name, WriteMode mode, Map<String, String> extraEnv) {
    this(stack, name, mode, extraEnv, Clock.systemUTC());
  }

  EtlFixture(
      LocalStack stack, String name, WriteMode mode, Map<String, String> extraEnv, Clock clock) {
    this.stack = stack;
    this.name = name;
    Map<String, String> env = faultEnv(stack, "etl_" + name);
    env.put(EtlConfig.MODE, mode.name().toLowerCase());
    env.putAll(extraEnv);
    this.config = EtlConfig.from(env);
    this.catalog = StreamEtlHandler.catalog(config);
    new SchemaBootstrapService(catalog).bootstrap(config.tables().tables().all(), false);
    this.service = new StreamBatchService(config, catalog, clock, metrics::add);
    this.handler = new StreamEtlHandler(service);
    this.ddb = stack.dynamoDbClient();
    createSalesTable(ddb, name);
    this.streamArn = ddb.describeTable(b -> b.tableName(name)).table().latestStreamArn();
  }

  /** The sales table as deployed: key (tenant_id, product_id), stream NEW_AND_OLD_IMAGES. */
  static void createSalesTable(DynamoDbClient ddb, String name) {
    ddb.createTable(
        b ->
            b.tableName(name)
                .attributeDefinitions(
                    AttributeDefinition.builder()
                        .attributeName("tenant_id")
                        .attributeType(ScalarAttributeType.S)
                        .build(),
                    AttributeDefinition.builder()
                        .attributeName("product_id")
                        .attributeType(ScalarAttributeType.S)
                        .build())
                .keySchema(
                    KeySchemaElement.builder()
                        .attributeName("tenant_id")
                        .keyType(KeyType.HASH)
                        .build(),
                    KeySchemaElement.builder()
                        .attributeName("product_id")
                        .keyType(KeyType.RANGE)
                        .build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .streamSpecification(
                    s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
  }

  static Map<String, String> env(LocalStack stack, String database) {
    Map<String, String> env = stack.functionEnvironment("it", database);
    return env;
  }

  /**
   * {@link #env} for tests that stop S3 or the catalog on purpose: fail within seconds instead of
   * retrying for minutes (these run without keep-alive, see the module's Failsafe argLine).
   */
  static Map<String, String> faultEnv(LocalStack stack, String database) {
    Map<String, String> env = env(stack, database);
    env.put(
        "SALESFLOW_CATALOG_PROPERTIES",
        env.get("SALESFLOW_CATALOG_PROPERTIES")
            + ",s3.retry.num-retries=3,s3.retry.min-wait-ms=50,s3.retry.max-wait-ms=300"
            + ",rest.client.socket-timeout-ms=10000");
    return env;
  }

  // --- DynamoDB side -------------------------------------------------------------------------

  void put(Map<String, AttributeValue> item) {
    ddb.putItem(b -> b.tableName(name).item(item));
  }

  void delete(String tenant, String product) {
    ddb.deleteItem(
        b -> b.tableName(name).key(Map.of("tenant_id", s(tenant), "product_id", s(product))));
  }

  /** The table's items keyed "tenant|product". */
  Map<String, Map<String, AttributeValue>> items() {
    Map<String, Map<String, AttributeValue>> items = new LinkedHashMap<>();
    ddb.scanPaginator(b -> b.tableName(name))
        .items()
        .forEach(i -> items.put(i.get("tenant_id").s() + "|" + i.get("product_id").s(), i));
    return items;
  }

  /** Every stream record written since the last poll, in order, in the Lambda event model. */
  List<DynamodbStreamRecord> poll() {
    var streams = stack.dynamoDbStreamsClient();
    if (iterator == null) {
      String shard =
          streams
              .describeStream(b -> b.streamArn(streamArn))
              .streamDescription()
              .shards()
              .get(0)
              .shardId();
      iterator =
          streams
              .getShardIterator(
                  b ->
                      b.streamArn(streamArn)
                          .shardId(shard)
                          .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
              .shardIterator();
    }
    List<DynamodbStreamRecord> records = new ArrayList<>();
    while (true) {
      String current = iterator;
      GetRecordsResponse response = streams.getRecords(b -> b.shardIterator(current).limit(1000));
      response
          .records()
          .forEach(r -> records.add(StreamRecordConverter.toLambda(r, streamArn, stack.region())));
      if (response.nextShardIterator() != null) {
        iterator = response.nextShardIterator();
      }
      if (response.records().isEmpty()) {
        return records;
      }
    }
  }

  // --- Lambda side ---------------------------------------------------------------------------

  StreamsEventResponse handle(List<DynamodbStreamRecord> records) {
    return handle(records, 300_000);
  }

  StreamsEventResponse handle(List<DynamodbStreamRecord> records, int remainingMillis) {
    DynamodbEvent event = new DynamodbEvent();
    event.setRecords(new ArrayList<>(records));
    return handler.handleRequest(event, new TestContext(remainingMillis));
  }

  static void assertSucceeded(StreamsEventResponse response) {
    assertThat(response.getBatchItemFailures()).as("batch item failures").isEmpty();
  }

  // --- Iceberg side --------------------------------------------------------------------------

  Table history() {
    return catalog.loadTable(config.tables().tables().salesHistory().identifier());
  }

  Table tombstones() {
    return catalog.loadTable(config.tables().tables().tombstones().identifier());
  }

  Table errors() {
    return catalog.loadTable(config.tables().tables().errors().identifier());
  }

  static List<Record> read(Table table) {
    List<Record> rows = new ArrayList<>();
    try (CloseableIterable<Record> it = IcebergGenerics.read(table).build()) {
      it.forEach(r -> rows.add(r.copy()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  /** sales_history rows keyed "tenant|product"; fails if a key appears twice. */
  Map<String, Record> rowsByKey() {
    Map<String, Record> rows = new LinkedHashMap<>();
    for (Record r : read(history())) {
      String key = r.getField("tenant_id") + "|" + r.getField("product_id");
      assertThat(rows.put(key, r)).as("duplicate row for key %s", key).isNull();
    }
    return rows;
  }

  /**
   * Runs a batch during which the S3 server goes down: it is stopped when the service checks the
   * remaining time just before committing, after the data files were written.
   */
  BatchResult processWithS3DownAtCommit(List<DynamodbStreamRecord> records) {
    java.util.concurrent.atomic.AtomicBoolean stopped =
        new java.util.concurrent.atomic.AtomicBoolean();
    try {
      return service.process(
          records,
          () -> {
            if (stopped.compareAndSet(false, true)) {
              stack.stopS3();
            }
            return 300_000L;
          });
    } finally {
      stack.startS3();
    }
  }

  long snapshots(Table table) {
    table.refresh();
    return java.util.stream.StreamSupport.stream(table.snapshots().spliterator(), false).count();
  }

  /** Marks a REMOVE as made by DynamoDB TTL, as the stream does for expired items. */
  static DynamodbStreamRecord asTtl(DynamodbStreamRecord record) {
    com.amazonaws.services.lambda.runtime.events.models.dynamodb.Identity identity =
        new com.amazonaws.services.lambda.runtime.events.models.dynamodb.Identity();
    identity.setType("Service");
    identity.setPrincipalId(StreamRecordDecoder.TTL_PRINCIPAL);
    record.setUserIdentity(identity);
    return record;
  }

  static AttributeValue s(String value) {
    return AttributeValue.builder().s(value).build();
  }

  static AttributeValue n(String value) {
    return AttributeValue.builder().n(value).build();
  }

  @Override
  public void close() {
    ddb.deleteTable(b -> b.tableName(name));
    CatalogFactory.close(catalog);
  }
}
