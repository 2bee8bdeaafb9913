package io.salesflow.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Exercises the real local servers with real SDK v2 clients and an Iceberg 1.12.0 REST client. Uses
 * the JVM-wide stack of {@link LocalStackExtension}; the last test closes it (this module has no
 * other integration test sharing it).
 */
@ExtendWith(LocalStackExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackIT {

  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "tenant_id", Types.StringType.get()),
          Types.NestedField.optional(2, "sold_price", Types.DecimalType.of(10, 2)));
  private static final TableIdentifier TABLE =
      TableIdentifier.of(Namespace.of("local_stack_it"), "sales_history");

  private static LocalStack stack;

  @BeforeAll
  static void startStack(LocalStack localStack) {
    stack = localStack;
  }

  @AfterAll
  static void closeStack() {
    stack.close(); // idempotent: the extension closes it again at the end of the run
  }

  @Test
  @Order(1)
  void dynamoDbStream_deliversInsertModifyRemove_withImages() {
    // given a table with a NEW_AND_OLD_IMAGES stream
    var dynamo = stack.dynamoDbClient();
    String streamArn =
        dynamo
            .createTable(
                t ->
                    t.tableName("sales")
                        .keySchema(
                            KeySchemaElement.builder()
                                .attributeName("pk")
                                .keyType(KeyType.HASH)
                                .build())
                        .attributeDefinitions(
                            AttributeDefinition.builder()
                                .attributeName("pk")
                                .attributeType(ScalarAttributeType.S)
                                .build())
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .streamSpecification(
                            s ->
                                s.streamEnabled(true)
                                    .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)))
            .tableDescription()
            .latestStreamArn();

    // when an item is put, updated and deleted
    Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS("t1#p1"));
    dynamo.putItem(
        p -> p.tableName("sales").item(Map.of("pk", key.get("pk"), "price", num("1.50"))));
    dynamo.updateItem(
        u ->
            u.tableName("sales")
                .key(key)
                .updateExpression("SET price = :p")
                .expressionAttributeValues(Map.of(":p", num("2.25"))));
    dynamo.deleteItem(d -> d.tableName("sales").key(key));

    // then the stream holds INSERT, MODIFY, REMOVE with the images
    List<Record> records = readStream(stack.dynamoDbStreamsClient(), streamArn, 3);
    assertThat(records)
        .extracting(Record::eventName)
        .containsExactly(OperationType.INSERT, OperationType.MODIFY, OperationType.REMOVE);
    // DynamoDB normalizes numbers ("1.50" comes back as "1.5"): compare by value.
    assertThat(new BigDecimal(records.get(1).dynamodb().oldImage().get("price").n()))
        .isEqualByComparingTo("1.50");
    assertThat(new BigDecimal(records.get(1).dynamodb().newImage().get("price").n()))
        .isEqualByComparingTo("2.25");
    assertThat(records.get(2).dynamodb().oldImage()).containsKey("pk");
  }

  @Test
  @Order(2)
  void s3_putThenGet_returnsContent() {
    stack.s3Client().putObject(p -> p.bucket(stack.bucket()).key("it/hello.txt"), body("hello"));

    String content =
        stack
            .s3Client()
            .getObjectAsBytes(g -> g.bucket(stack.bucket()).key("it/hello.txt"))
            .asUtf8String();

    assertThat(content).isEqualTo("hello");
  }

  @Test
  @Order(3)
  void restCatalog_createTable_writesMetadataToBucket() {
    Catalog catalog = newCatalog();
    ((SupportsNamespaces) catalog).createNamespace(TABLE.namespace());

    Table table = catalog.createTable(TABLE, SCHEMA, PartitionSpec.unpartitioned());
    table.updateProperties().set("salesflow.it", "committed").commit();

    assertThat(table.location()).isEqualTo(stack.warehouse() + "/local_stack_it/sales_history");
    assertThat(metadataFiles()).hasSizeGreaterThanOrEqualTo(2);
    assertThat(catalog.loadTable(TABLE).properties()).containsEntry("salesflow.it", "committed");
  }

  @Test
  @Order(4)
  void stopS3ThenStartS3_keepsObjects() {
    stack.stopS3();
    assertThat(accepts(stack.s3Endpoint())).isFalse();

    stack.startS3();

    assertThat(
            stack
                .s3Client()
                .getObjectAsBytes(g -> g.bucket(stack.bucket()).key("it/hello.txt"))
                .asUtf8String())
        .isEqualTo("hello");
  }

  @Test
  @Order(5)
  void stopCatalogThenStartCatalog_keepsTable() {
    long firstPid = stack.catalogProcess().orElseThrow().pid();
    stack.stopCatalog();
    assertThat(accepts(stack.catalogUri())).isFalse();
    assertThat(stack.catalogProcess()).isEmpty();

    stack.startCatalog();

    assertThat(stack.catalogProcess().orElseThrow().pid()).isNotEqualTo(firstPid);
    assertThat(newCatalog().loadTable(TABLE).properties())
        .containsEntry("salesflow.it", "committed");
  }

  @Test
  @Order(6)
  void killCatalog_thenStartCatalog_relaunchesOnTheSamePortAndDatabase() {
    ProcessHandle killed = stack.catalogProcess().orElseThrow();
    stack.killCatalog();
    assertThat(killed.isAlive()).isFalse();
    assertThat(stack.catalogRunning()).isFalse();
    assertThat(accepts(stack.catalogUri())).isFalse();

    stack.startCatalog();

    assertThat(stack.catalogRunning()).isTrue();
    assertThat(stack.catalogProcess().orElseThrow().pid()).isNotEqualTo(killed.pid());
    assertThat(newCatalog().loadTable(TABLE).properties())
        .containsEntry("salesflow.it", "committed");
  }

  @Test
  @Order(7)
  void close_stopsEveryServer_andTheChildProcess() {
    ProcessHandle child = stack.catalogProcess().orElseThrow();
    List<URI> endpoints = List.of(stack.dynamoDbEndpoint(), stack.s3Endpoint(), stack.catalogUri());

    stack.close();
    stack.close();

    assertThat(child.isAlive()).isFalse();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(endpoints).noneMatch(LocalStackIT::accepts));
    assertThat(stack.baseDir()).doesNotExist();
    assertThatThrownBy(stack::startS3)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  private static Catalog newCatalog() {
    return CatalogUtil.buildIcebergCatalog("local", stack.catalogProperties(), null);
  }

  private static List<String> metadataFiles() {
    return stack
        .s3Client()
        .listObjectsV2(
            l ->
                l.bucket(stack.bucket())
                    .prefix("pricing-intelligence/local_stack_it/sales_history/metadata/"))
        .contents()
        .stream()
        .map(S3Object::key)
        .filter(key -> key.endsWith(".metadata.json"))
        .toList();
  }

  private static List<Record> readStream(DynamoDbStreamsClient streams, String arn, int expected) {
    String shardId =
        streams.describeStream(d -> d.streamArn(arn)).streamDescription().shards().get(0).shardId();
    String[] iterator = {
      streams
          .getShardIterator(
              i ->
                  i.streamArn(arn)
                      .shardId(shardId)
                      .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
          .shardIterator()
    };
    List<Record> records = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              var response = streams.getRecords(g -> g.shardIterator(iterator[0]));
              records.addAll(response.records());
              iterator[0] = response.nextShardIterator();
              return records.size() >= expected;
            });
    return records;
  }

  private static boolean accepts(URI endpoint) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", endpoint.getPort()), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static AttributeValue num(String value) {
    return AttributeValue.fromN(value);
  }

  private static RequestBody body(String text) {
    return RequestBody.fromString(text);
  }
}
