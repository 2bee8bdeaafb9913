package io.salesflow.emulator;

import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/** Builds SDK stream records for tests: an INSERT of product {@code p-<n>} with sequence n. */
final class Records {

  private Records() {}

  static Record insert(int n) {
    return insert(n, "");
  }

  static Record insert(int n, String padding) {
    Map<String, AttributeValue> keys =
        Map.of("tenant_id", AttributeValue.fromS("t1"), "product_id", AttributeValue.fromS(id(n)));
    Map<String, AttributeValue> image =
        Map.of(
            "tenant_id", AttributeValue.fromS("t1"),
            "product_id", AttributeValue.fromS(id(n)),
            "description", AttributeValue.fromS(padding));
    return Record.builder()
        .eventID("event-" + n)
        .eventName(OperationType.INSERT)
        .eventVersion("1.1")
        .eventSource("aws:dynamodb")
        .awsRegion("us-east-1")
        .dynamodb(
            d ->
                d.keys(keys)
                    .newImage(image)
                    .sequenceNumber(seq(n))
                    .sizeBytes(40L + padding.length())
                    .approximateCreationDateTime(Instant.parse("2025-01-01T00:00:00Z"))
                    .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES))
        .build();
  }

  static Record[] inserts(int from, int to) {
    Record[] records = new Record[to - from + 1];
    for (int i = from; i <= to; i++) {
      records[i - from] = insert(i);
    }
    return records;
  }

  /** Sequence numbers: 21 digits, zero-padded, like DynamoDB's. */
  static String seq(int n) {
    return String.format("%021d", n);
  }

  static String id(int n) {
    return String.format("p-%03d", n);
  }
}
