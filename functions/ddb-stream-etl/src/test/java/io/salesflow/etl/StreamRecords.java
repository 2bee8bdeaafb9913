package io.salesflow.etl;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.Identity;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * Converts DynamoDB Streams records (SDK v2, as read from DynamoDB Local) into the Lambda events
 * model, the way the event source mapping delivers them.
 */
final class StreamRecords {

  private StreamRecords() {}

  static DynamodbStreamRecord toLambda(Record rec, String streamArn, String region) {
    DynamodbStreamRecord r = new DynamodbStreamRecord();
    r.setEventID(rec.eventID());
    r.setEventName(rec.eventNameAsString());
    r.setEventVersion(rec.eventVersion());
    r.setEventSource("aws:dynamodb");
    r.setAwsRegion(region);
    r.setEventSourceARN(streamArn);
    StreamRecord s = new StreamRecord();
    var d = rec.dynamodb();
    s.setKeys(image(d.keys()));
    if (d.hasNewImage()) {
      s.setNewImage(image(d.newImage()));
    }
    if (d.hasOldImage()) {
      s.setOldImage(image(d.oldImage()));
    }
    s.setSequenceNumber(d.sequenceNumber());
    s.setSizeBytes(d.sizeBytes());
    s.setStreamViewType(
        com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType.fromValue(
            d.streamViewTypeAsString()));
    if (d.approximateCreationDateTime() != null) {
      s.setApproximateCreationDateTime(Date.from(d.approximateCreationDateTime()));
    }
    r.setDynamodb(s);
    if (rec.userIdentity() != null) {
      r.setUserIdentity(identity(rec.userIdentity().type(), rec.userIdentity().principalId()));
    }
    return r;
  }

  /** Marks a REMOVE as made by DynamoDB TTL, as the stream does for expired items. */
  static DynamodbStreamRecord asTtl(DynamodbStreamRecord record) {
    record.setUserIdentity(identity("Service", StreamRecordDecoder.TTL_PRINCIPAL));
    return record;
  }

  private static Identity identity(String type, String principal) {
    Identity identity = new Identity();
    identity.setType(type);
    identity.setPrincipalId(principal);
    return identity;
  }

  static Map<String, AttributeValue> image(
      Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> image) {
    Map<String, AttributeValue> result = new LinkedHashMap<>();
    image.forEach((k, v) -> result.put(k, value(v)));
    return result;
  }

  static AttributeValue value(software.amazon.awssdk.services.dynamodb.model.AttributeValue v) {
    AttributeValue a = new AttributeValue();
    if (v.s() != null) {
      return a.withS(v.s());
    }
    if (v.n() != null) {
      return a.withN(v.n());
    }
    if (v.b() != null) {
      return a.withB(v.b().asByteBuffer());
    }
    if (v.bool() != null) {
      return a.withBOOL(v.bool());
    }
    if (Boolean.TRUE.equals(v.nul())) {
      return a.withNULL(true);
    }
    if (v.hasM()) {
      return a.withM(image(v.m()));
    }
    if (v.hasL()) {
      return a.withL(v.l().stream().map(StreamRecords::value).toList());
    }
    if (v.hasSs()) {
      return a.withSS(v.ss());
    }
    if (v.hasNs()) {
      return a.withNS(v.ns());
    }
    if (v.hasBs()) {
      return a.withBS(v.bs().stream().map(b -> b.asByteBuffer()).toList());
    }
    return a.withNULL(true);
  }
}
