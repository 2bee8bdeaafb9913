package io.salesflow.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

class StreamRecordConverterTest {

  private static final String ARN = FakeStreams.ARN;

  /** One attribute of every DynamoDB type, including empty and nested collections. */
  static Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> allTypes() {
    Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item =
        new LinkedHashMap<>();
    item.put("tenant_id", v2S("t1"));
    item.put("product_id", v2S("p-001"));
    item.put("s", v2S("Hermès ✓"));
    item.put(
        "n",
        software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN(
            "-1234.5678901234567890123456789012345678"));
    item.put(
        "b",
        software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromB(
            SdkBytes.fromByteArray(new byte[] {0, 1, (byte) 0xff, 127})));
    item.put("bool", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromBool(false));
    item.put("null", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromNul(true));
    item.put(
        "ss",
        software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromSs(List.of("a", "b")));
    item.put(
        "ns",
        software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromNs(
            List.of("1", "0.25", "1E+3")));
    item.put(
        "bs",
        software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromBs(
            List.of(
                SdkBytes.fromByteArray(new byte[] {1}),
                SdkBytes.fromByteArray(new byte[] {2, 3}))));
    item.put(
        "l",
        software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromL(
            List.of(
                software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN("0.000001"),
                v2S("x"),
                software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromL(List.of()),
                software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromM(
                    Map.of(
                        "k",
                        software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromBool(
                            true))))));
    item.put("m", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromM(Map.of()));
    return item;
  }

  private static software.amazon.awssdk.services.dynamodb.model.AttributeValue v2S(String s) {
    return software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(s);
  }

  static Record modify() {
    Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> keys =
        Map.of("tenant_id", v2S("t1"), "product_id", v2S("p-001"));
    return Record.builder()
        .eventID("c81e728d9d4c2f636f067f89cc14862c")
        .eventName(OperationType.MODIFY)
        .eventVersion("1.1")
        .eventSource("aws:dynamodb")
        .awsRegion("eu-west-1")
        .dynamodb(
            d ->
                d.approximateCreationDateTime(Instant.parse("2025-03-15T14:23:11Z"))
                    .keys(keys)
                    .newImage(allTypes())
                    .oldImage(keys)
                    .sequenceNumber("000000000000000000042")
                    .sizeBytes(321L)
                    .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES))
        .build();
  }

  @Test
  void convert_copiesEveryRecordField() {
    // when
    DynamodbEvent.DynamodbStreamRecord record =
        StreamRecordConverter.toLambda(modify(), ARN, "us-east-1");

    // then
    assertThat(record.getEventID()).isEqualTo("c81e728d9d4c2f636f067f89cc14862c");
    assertThat(record.getEventName()).isEqualTo("MODIFY");
    assertThat(record.getEventVersion()).isEqualTo("1.1");
    assertThat(record.getEventSource()).isEqualTo("aws:dynamodb");
    assertThat(record.getAwsRegion()).isEqualTo("eu-west-1");
    assertThat(record.getEventSourceARN()).isEqualTo(ARN);
    assertThat(record.getUserIdentity()).isNull();
    assertThat(record.getDynamodb().getSequenceNumber()).isEqualTo("000000000000000000042");
    assertThat(record.getDynamodb().getSizeBytes()).isEqualTo(321L);
    assertThat(record.getDynamodb().getStreamViewType()).isEqualTo("NEW_AND_OLD_IMAGES");
    assertThat(record.getDynamodb().getApproximateCreationDateTime())
        .isEqualTo(Date.from(Instant.parse("2025-03-15T14:23:11Z")));
    assertThat(record.getDynamodb().getKeys())
        .containsOnlyKeys("tenant_id", "product_id")
        .containsEntry("product_id", new AttributeValue().withS("p-001"));
    assertThat(record.getDynamodb().getOldImage()).isEqualTo(record.getDynamodb().getKeys());
  }

  @Test
  void convert_keepsEveryAttributeTypeExactly() {
    // when
    Map<String, AttributeValue> image =
        StreamRecordConverter.toLambda(modify(), ARN, "us-east-1").getDynamodb().getNewImage();

    // then
    assertThat(image.keySet()).containsExactlyElementsOf(allTypes().keySet());
    assertThat(image.get("s")).isEqualTo(new AttributeValue().withS("Hermès ✓"));
    assertThat(image.get("n").getN()).isEqualTo("-1234.5678901234567890123456789012345678");
    assertThat(image.get("b").getB())
        .isEqualTo(ByteBuffer.wrap(new byte[] {0, 1, (byte) 0xff, 127}));
    assertThat(image.get("bool").getBOOL()).isFalse();
    assertThat(image.get("bool").getS()).isNull();
    assertThat(image.get("null").getNULL()).isTrue();
    assertThat(image.get("ss").getSS()).containsExactly("a", "b");
    assertThat(image.get("ns").getNS()).containsExactly("1", "0.25", "1E+3");
    assertThat(image.get("bs").getBS())
        .containsExactly(ByteBuffer.wrap(new byte[] {1}), ByteBuffer.wrap(new byte[] {2, 3}));
    List<AttributeValue> list = image.get("l").getL();
    assertThat(list).hasSize(4);
    assertThat(list.get(0).getN()).isEqualTo("0.000001");
    assertThat(list.get(1).getS()).isEqualTo("x");
    assertThat(list.get(2).getL()).isEmpty();
    assertThat(list.get(3).getM())
        .containsExactly(Map.entry("k", new AttributeValue().withBOOL(true)));
    assertThat(image.get("m").getM()).isEmpty();
  }

  @Test
  void convert_setsTheTtlServiceIdentity_ofTtlDeletes() {
    // given
    Record ttlDelete =
        Records.insert(1).toBuilder()
            .eventName(OperationType.REMOVE)
            .userIdentity(i -> i.type("Service").principalId("dynamodb.amazonaws.com"))
            .build();

    // when
    DynamodbEvent.DynamodbStreamRecord record =
        StreamRecordConverter.toLambda(ttlDelete, ARN, "us-east-1");

    // then
    assertThat(record.getUserIdentity().getType()).isEqualTo("Service");
    assertThat(record.getUserIdentity().getPrincipalId()).isEqualTo("dynamodb.amazonaws.com");
    assertThat(record.getEventName()).isEqualTo("REMOVE");
  }

  @Test
  void convert_leavesAbsentImagesNull() {
    // given: a REMOVE of a KEYS_ONLY stream
    Record remove =
        Record.builder()
            .eventName(OperationType.REMOVE)
            .dynamodb(d -> d.keys(Map.of("tenant_id", v2S("t1"))).sequenceNumber("1"))
            .build();

    // when
    DynamodbEvent.DynamodbStreamRecord record =
        StreamRecordConverter.toLambda(remove, ARN, "eu-west-1");

    // then
    assertThat(record.getDynamodb().getNewImage()).isNull();
    assertThat(record.getDynamodb().getOldImage()).isNull();
    assertThat(record.getAwsRegion()).isEqualTo("eu-west-1");
    assertThat(record.getEventSource()).isEqualTo("aws:dynamodb");
  }

  @Test
  void json_isTheShapeLambdaDelivers() throws IOException {
    // given
    DynamodbEvent event = new DynamodbEvent();
    event.setRecords(List.of(StreamRecordConverter.toLambda(modify(), ARN, "us-east-1")));

    // when
    String json = LambdaEventJson.toJson(event);

    // then
    ObjectMapper mapper = new ObjectMapper();
    try (InputStream expected = getClass().getResourceAsStream("/events/modify-all-types.json")) {
      assertThat(mapper.readTree(json)).isEqualTo(mapper.readTree(expected));
    }
    assertThat(
            LambdaEventJson.recordBytes(event.getRecords().get(0))
                + LambdaEventJson.envelopeBytes())
        .isEqualTo(json.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
  }
}
