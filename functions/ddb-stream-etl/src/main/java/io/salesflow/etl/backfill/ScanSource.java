package io.salesflow.etl.backfill;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import io.salesflow.etl.BackfillWorker;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * A parallel Scan of the sales table, for small tables and local mode: {@code TotalSegments}
 * segments, each a unit. Pages shrink when DynamoDB throttles (after the SDK's own retries) and
 * grow back as they succeed, so the scan takes what the table's capacity allows. The point in time
 * is when the scan started: an item changed during the scan may be read before or after its change,
 * which the stream, running since before the scan, settles.
 */
public final class ScanSource implements BackfillSource {

  static final int MAX_PAGE = 1_000;
  private static final int MIN_PAGE = 25;

  private final DynamoDbClient dynamo;
  private final String tableName;
  private final int segments;
  private final Instant startedAt;
  private final List<String> keyColumns;
  private final String tableArn;

  /**
   * @param segments TotalSegments, 1 to 1,000,000
   */
  public ScanSource(
      DynamoDbClient dynamo, String tableName, int segments, List<String> keyColumns, Clock clock) {
    if (segments < 1 || segments > 1_000_000) {
      throw new BackfillInputException(
          "--segments " + segments + " is out of range: use 1 to 1000000 (about 1 per GB)");
    }
    this.dynamo = dynamo;
    this.tableName = tableName;
    this.segments = segments;
    this.keyColumns = List.copyOf(keyColumns);
    this.startedAt = clock.instant();
    this.tableArn = describe(dynamo, tableName).table().tableArn();
  }

  private static DescribeTableResponse describe(DynamoDbClient dynamo, String tableName) {
    try {
      return dynamo.describeTable(b -> b.tableName(tableName));
    } catch (ResourceNotFoundException e) {
      throw new BackfillInputException(
          "DynamoDB table '" + tableName + "' does not exist: name the sales table with --table",
          e);
    }
  }

  @Override
  public String id() {
    return "scan:" + tableArn + "@" + startedAt;
  }

  @Override
  public Instant pointInTime() {
    return startedAt;
  }

  @Override
  public List<String> units() {
    List<String> units = new ArrayList<>(segments);
    for (int i = 0; i < segments; i++) {
      units.add("segment " + i + "/" + segments);
    }
    return units;
  }

  @Override
  public long expectedItems() {
    return -1;
  }

  @Override
  public String describe() {
    return "scan of " + tableName + " in " + segments + " segments";
  }

  /** The table's key schema must be the configured key columns. */
  @Override
  public void check() {
    List<String> key =
        describe(dynamo, tableName).table().keySchema().stream()
            .map(KeySchemaElement::attributeName)
            .toList();
    if (!key.containsAll(keyColumns) || !keyColumns.containsAll(key)) {
      throw new BackfillInputException(
          "DynamoDB table '"
              + tableName
              + "' has key "
              + key
              + ", not the sales table's "
              + keyColumns
              + ": name the sales table with --table.");
    }
  }

  @Override
  public void read(String unit, BackfillWorker worker) {
    int segment = Integer.parseInt(unit.substring("segment ".length(), unit.indexOf('/')));
    Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> start = null;
    int page = MAX_PAGE;
    int number = 0;
    do {
      ScanResponse response;
      try {
        ScanRequest.Builder request =
            ScanRequest.builder()
                .tableName(tableName)
                .segment(segment)
                .totalSegments(segments)
                .limit(page)
                .consistentRead(true);
        if (start != null) {
          request.exclusiveStartKey(start);
        }
        response = dynamo.scan(request.build());
      } catch (ProvisionedThroughputExceededException | RequestLimitExceededException e) {
        page = Math.max(MIN_PAGE, page / 2);
        pause(page);
        continue;
      }
      page = Math.min(MAX_PAGE, page * 2);
      number++;
      int index = 0;
      for (var item : response.items()) {
        worker.item(image(item), unit + " page " + number + " item " + index++);
      }
      start = response.hasLastEvaluatedKey() ? response.lastEvaluatedKey() : null;
    } while (start != null && !start.isEmpty());
  }

  private static void pause(int page) {
    try {
      Thread.sleep(Math.max(100, 20_000 / page));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while the scan was throttled", e);
    }
  }

  /** An item of the SDK as the stream's converter takes it. */
  public static Map<String, AttributeValue> image(
      Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item) {
    Map<String, AttributeValue> image = new LinkedHashMap<>();
    item.forEach((name, value) -> image.put(name, value(value)));
    return image;
  }

  private static AttributeValue value(
      software.amazon.awssdk.services.dynamodb.model.AttributeValue v) {
    AttributeValue out = new AttributeValue();
    switch (v.type()) {
      case S -> out.setS(v.s());
      case N -> out.setN(v.n());
      case B -> out.setB(v.b().asByteBuffer());
      case BOOL -> out.setBOOL(v.bool());
      case NUL -> out.setNULL(true);
      case M -> out.setM(image(v.m()));
      case L -> out.setL(v.l().stream().map(ScanSource::value).toList());
      case SS -> out.setSS(v.ss());
      case NS -> out.setNS(v.ns());
      case BS -> out.setBS(v.bs().stream().map(b -> b.asByteBuffer()).toList());
      default -> out.setNULL(true);
    }
    return out;
  }
}
