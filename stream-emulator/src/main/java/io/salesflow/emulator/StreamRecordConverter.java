package io.salesflow.emulator;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.Identity;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * Converts DynamoDB Streams records of the AWS SDK v2 ({@code GetRecords}) into the records of
 * {@code aws-lambda-java-events} that Lambda hands a function, exactly: every attribute type (S, N,
 * B, BOOL, NULL, L, M, SS, NS, BS) is copied without reinterpretation (numbers stay the strings
 * DynamoDB sent, binary values are copied byte for byte, empty lists and maps stay empty), and the
 * record fields Lambda sets are set: eventID, eventName, eventVersion, eventSource, awsRegion,
 * eventSourceARN, userIdentity (TTL deletes) and the dynamodb section.
 */
public final class StreamRecordConverter {

  private StreamRecordConverter() {}

  /**
   * The Lambda record for {@code record} read from the stream {@code streamArn}.
   *
   * @param defaultRegion used when the record carries no region
   */
  public static DynamodbEvent.DynamodbStreamRecord toLambda(
      Record record, String streamArn, String defaultRegion) {
    DynamodbEvent.DynamodbStreamRecord out = new DynamodbEvent.DynamodbStreamRecord();
    out.setEventID(record.eventID());
    out.setEventName(record.eventNameAsString());
    out.setEventVersion(record.eventVersion());
    out.setEventSource(record.eventSource() == null ? "aws:dynamodb" : record.eventSource());
    out.setAwsRegion(record.awsRegion() == null ? defaultRegion : record.awsRegion());
    out.setEventSourceARN(streamArn);
    if (record.userIdentity() != null) {
      out.setUserIdentity(
          new Identity()
              .withPrincipalId(record.userIdentity().principalId())
              .withType(record.userIdentity().type()));
    }
    if (record.dynamodb() != null) {
      out.setDynamodb(streamRecord(record.dynamodb()));
    }
    return out;
  }

  /** The Lambda form of one attribute value. */
  public static AttributeValue toLambda(
      software.amazon.awssdk.services.dynamodb.model.AttributeValue value) {
    AttributeValue out = new AttributeValue();
    switch (value.type()) {
      case S -> out.setS(value.s());
      case N -> out.setN(value.n());
      case B -> out.setB(bytes(value.b()));
      case BOOL -> out.setBOOL(value.bool());
      case NUL -> out.setNULL(value.nul());
      case SS -> out.setSS(new ArrayList<>(value.ss()));
      case NS -> out.setNS(new ArrayList<>(value.ns()));
      case BS -> out.setBS(value.bs().stream().map(StreamRecordConverter::bytes).toList());
      case L -> out.setL(value.l().stream().map(StreamRecordConverter::toLambda).toList());
      case M -> out.setM(image(value.m()));
      default ->
          throw new IllegalArgumentException(
              "Cannot convert DynamoDB attribute value of unknown type: " + value);
    }
    return out;
  }

  /** The Lambda form of an item image or key map; {@code null} stays {@code null}. */
  public static Map<String, AttributeValue> image(
      Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> image) {
    if (image == null) {
      return null;
    }
    Map<String, AttributeValue> out = new LinkedHashMap<>();
    image.forEach((name, value) -> out.put(name, toLambda(value)));
    return out;
  }

  private static StreamRecord streamRecord(
      software.amazon.awssdk.services.dynamodb.model.StreamRecord in) {
    StreamRecord out = new StreamRecord();
    if (in.approximateCreationDateTime() != null) {
      out.setApproximateCreationDateTime(Date.from(in.approximateCreationDateTime()));
    }
    // The SDK answers "absent" with an empty auto-constructed map: has*() tells them apart.
    if (in.hasKeys()) {
      out.setKeys(image(in.keys()));
    }
    if (in.hasNewImage()) {
      out.setNewImage(image(in.newImage()));
    }
    if (in.hasOldImage()) {
      out.setOldImage(image(in.oldImage()));
    }
    out.setSequenceNumber(in.sequenceNumber());
    out.setSizeBytes(in.sizeBytes());
    if (in.streamViewTypeAsString() != null) {
      out.setStreamViewType(StreamViewType.fromValue(in.streamViewTypeAsString()));
    }
    return out;
  }

  private static ByteBuffer bytes(SdkBytes bytes) {
    // A private copy: handlers may consume or mutate the buffer.
    return ByteBuffer.wrap(bytes.asByteArray());
  }
}
