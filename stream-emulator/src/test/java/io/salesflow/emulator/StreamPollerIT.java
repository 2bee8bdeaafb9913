package io.salesflow.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salesflow.localstack.LocalStack;
import io.salesflow.localstack.LocalStackExtension;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/** The emulator against the real streams of DynamoDB Local (one shard). */
@ExtendWith(LocalStackExtension.class)
class StreamPollerIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LocalStack stack;
  private final DynamoDbClient dynamoDb;
  @TempDir Path dir;

  StreamPollerIT(LocalStack stack) {
    this.stack = stack;
    this.dynamoDb = stack.dynamoDbClient();
  }

  private String createTable(TestInfo test) {
    String table = test.getTestMethod().orElseThrow().getName();
    dynamoDb.createTable(
        b ->
            b.tableName(table)
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
    return table;
  }

  private void put(String table, int n, String description) {
    dynamoDb.putItem(
        b ->
            b.tableName(table)
                .item(
                    Map.of(
                        "tenant_id", AttributeValue.fromS("t1"),
                        "product_id", AttributeValue.fromS(Records.id(n)),
                        "description", AttributeValue.fromS(description))));
  }

  private StreamPoller poller(
      String table,
      ScriptedHandler handler,
      EventSourceMappingConfig config,
      CheckpointStore store) {
    return StreamPoller.builder()
        .streams(stack.dynamoDbStreamsClient())
        .streamArn(StreamLocator.latestStreamArn(dynamoDb, table))
        .handler(() -> handler)
        .config(config)
        .checkpoints(store)
        .onFailure(OnFailureDestination.file(dir.resolve("on-failure.jsonl"), config.functionArn()))
        .build();
  }

  private static EventSourceMappingConfig.Builder config() {
    return EventSourceMappingConfig.builder()
        .pollInterval(Duration.ofMillis(20))
        .retryDelay(Duration.ZERO);
  }

  private static List<String> ids(int from, int to) {
    return IntStream.rangeClosed(from, to).mapToObj(Records::id).toList();
  }

  @Test
  void everyAttributeType_arrivesAsLambdaWouldDeliverIt(TestInfo test) throws Exception {
    // given: an item with every attribute type, then a modify and a delete of it
    String table = createTable(test);
    var item = StreamRecordConverterTest.allTypes();
    dynamoDb.putItem(b -> b.tableName(table).item(item));
    dynamoDb.updateItem(
        b ->
            b.tableName(table)
                .key(
                    Map.of(
                        "tenant_id", item.get("tenant_id"), "product_id", item.get("product_id")))
                .updateExpression("SET s = :s")
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("changed"))));
    dynamoDb.deleteItem(
        b ->
            b.tableName(table)
                .key(
                    Map.of(
                        "tenant_id", item.get("tenant_id"), "product_id", item.get("product_id"))));
    ScriptedHandler handler = ScriptedHandler.succeeding();

    // when
    poller(table, handler, config().build(), CheckpointStore.inMemory()).runUntilCaughtUp(TIMEOUT);

    // then
    List<DynamodbEvent.DynamodbStreamRecord> records =
        handler.events.stream().flatMap(e -> e.getRecords().stream()).toList();
    assertThat(records)
        .extracting(r -> r.getEventName())
        .containsExactly("INSERT", "MODIFY", "REMOVE");
    JsonNode expected;
    try (InputStream in = getClass().getResourceAsStream("/events/modify-all-types.json")) {
      expected = JSON.readTree(in).at("/Records/0/dynamodb/NewImage").deepCopy();
    }
    // DynamoDB stores numbers in canonical form: 1E+3 comes back as 1000. Nothing else changes.
    ((com.fasterxml.jackson.databind.node.ObjectNode) expected.get("ns"))
        .putArray("NS")
        .add("1")
        .add("0.25")
        .add("1000");
    JsonNode insert = eventJson(records.get(0));
    assertThat(sortSets(insert.at("/dynamodb/NewImage"))).isEqualTo(sortSets(expected));
    assertThat(insert.at("/dynamodb/OldImage").isMissingNode()).isTrue();
    JsonNode modify = eventJson(records.get(1));
    assertThat(modify.at("/dynamodb/NewImage/s/S").asText()).isEqualTo("changed");
    assertThat(sortSets(modify.at("/dynamodb/OldImage"))).isEqualTo(sortSets(expected));
    JsonNode remove = eventJson(records.get(2));
    assertThat(remove.at("/dynamodb/NewImage").isMissingNode()).isTrue();
    assertThat(remove.at("/dynamodb/Keys/product_id/S").asText()).isEqualTo("p-001");
    for (var record : records) {
      assertThat(record.getEventSource()).isEqualTo("aws:dynamodb");
      assertThat(record.getEventSourceARN())
          .isEqualTo(StreamLocator.latestStreamArn(dynamoDb, table));
      assertThat(record.getEventID()).isNotBlank();
      assertThat(record.getAwsRegion()).isNotBlank();
      assertThat(record.getDynamodb().getStreamViewType()).isEqualTo("NEW_AND_OLD_IMAGES");
      assertThat(record.getDynamodb().getSizeBytes()).isPositive();
    }
  }

  @Test
  void batches_respectBatchSize(TestInfo test) {
    // given
    String table = createTable(test);
    IntStream.rangeClosed(1, 25).forEach(n -> put(table, n, "small"));
    ScriptedHandler handler = ScriptedHandler.succeeding();

    // when
    poller(table, handler, config().batchSize(10).build(), CheckpointStore.inMemory())
        .runUntilCaughtUp(TIMEOUT);

    // then
    assertThat(handler.invocations).containsExactly(ids(1, 10), ids(11, 20), ids(21, 25));
  }

  @Test
  void batches_stayUnderLambdasSixMegabytePayloadLimit(TestInfo test) {
    // given: 60 items of about 120 kB (7 MB), fewer than the batch size of 100
    String table = createTable(test);
    String large = "x".repeat(120_000);
    IntStream.rangeClosed(1, 60).forEach(n -> put(table, n, large));
    ScriptedHandler handler = ScriptedHandler.succeeding();

    // when
    poller(table, handler, config().batchSize(100).build(), CheckpointStore.inMemory())
        .runUntilCaughtUp(TIMEOUT);

    // then
    assertThat(handler.delivered()).containsExactlyElementsOf(ids(1, 60));
    assertThat(handler.invocations).hasSizeGreaterThan(1);
    for (DynamodbEvent event : handler.events) {
      int bytes = LambdaEventJson.toJson(event).getBytes(StandardCharsets.UTF_8).length;
      assertThat(bytes).isLessThanOrEqualTo(EventSourceMappingConfig.LAMBDA_PAYLOAD_LIMIT);
    }
    assertThat(handler.invocations.get(0)).hasSizeGreaterThan(40);
  }

  @Test
  void partialResponsesAndBisect_retryExactlyTheFailedRecords(TestInfo test) {
    // given: p-007 always makes the function throw; p-003 is reported failed once
    String table = createTable(test);
    IntStream.rangeClosed(1, 12).forEach(n -> put(table, n, "item " + n));
    AtomicBoolean reported = new AtomicBoolean();
    ScriptedHandler handler =
        new ScriptedHandler(
            (n, event) -> {
              List<String> ids = ScriptedHandler.ids(event);
              if (ids.contains("p-007")) {
                throw new IllegalStateException("cannot convert p-007");
              }
              if (ids.contains("p-003") && reported.compareAndSet(false, true)) {
                return ScriptedHandler.failures(sequenceOf(event, "p-003"));
              }
              return new StreamsEventResponse();
            });
    EventSourceMappingConfig config =
        config()
            .batchSize(12)
            .bisectBatchOnFunctionError(true)
            .reportBatchItemFailures(true)
            .maximumRetryAttempts(1)
            .build();
    StreamPoller poller = poller(table, handler, config, CheckpointStore.inMemory());

    // when
    poller.runUntilCaughtUp(TIMEOUT);

    // then
    assertThat(handler.invocations)
        .containsExactly(
            ids(1, 12),
            ids(1, 6),
            ids(3, 6),
            ids(7, 12),
            ids(7, 9),
            ids(7, 7),
            ids(7, 7),
            ids(8, 9),
            ids(10, 12));
    assertThat(poller.onFailure().sent())
        .singleElement()
        .satisfies(
            failed -> {
              assertThat(failed.batchSize()).isEqualTo(1);
              assertThat(failed.reason()).contains("cannot convert p-007");
            });
    assertThat(poller.stats().snapshot().recordsCompleted()).isEqualTo(11);
  }

  @Test
  void restart_resumesFromTheCheckpointWithoutLossOrRedelivery(TestInfo test) {
    // given: a poller that is stopped during its second batch of 5
    String table = createTable(test);
    IntStream.rangeClosed(1, 15).forEach(n -> put(table, n, "item " + n));
    Path file = dir.resolve("checkpoints.json");
    AtomicReference<StreamPoller> running = new AtomicReference<>();
    ScriptedHandler first =
        new ScriptedHandler(
            (n, event) -> {
              if (n == 2) {
                running.get().stop();
              }
              return new StreamsEventResponse();
            });
    StreamPoller poller =
        poller(table, first, config().batchSize(5).build(), CheckpointStore.file(file));
    running.set(poller);
    poller.run();

    // when: a new poller starts from the checkpoint file
    ScriptedHandler second = ScriptedHandler.succeeding();
    poller(table, second, config().batchSize(5).build(), CheckpointStore.file(file))
        .runUntilCaughtUp(TIMEOUT);

    // then
    assertThat(first.delivered()).containsExactlyElementsOf(ids(1, 10));
    assertThat(second.delivered()).containsExactlyElementsOf(ids(11, 15));
  }

  private static String sequenceOf(DynamodbEvent event, String productId) {
    return event.getRecords().stream()
        .filter(r -> r.getDynamodb().getKeys().get("product_id").getS().equals(productId))
        .findFirst()
        .orElseThrow()
        .getDynamodb()
        .getSequenceNumber();
  }

  private static JsonNode eventJson(DynamodbEvent.DynamodbStreamRecord record) throws Exception {
    DynamodbEvent event = new DynamodbEvent();
    event.setRecords(List.of(record));
    return JSON.readTree(LambdaEventJson.toJson(event)).at("/Records/0");
  }

  /** DynamoDB sets are unordered: compare their members sorted. */
  private static JsonNode sortSets(JsonNode node) {
    JsonNode copy = node.deepCopy();
    copy.fields()
        .forEachRemaining(
            field -> {
              for (String set : List.of("SS", "NS", "BS")) {
                if (field.getValue().has(set)) {
                  List<String> members = new java.util.ArrayList<>();
                  field.getValue().get(set).forEach(m -> members.add(m.asText()));
                  java.util.Collections.sort(members);
                  var array =
                      ((com.fasterxml.jackson.databind.node.ObjectNode) field.getValue())
                          .putArray(set);
                  members.forEach(array::add);
                }
              }
            });
    return copy;
  }
}
