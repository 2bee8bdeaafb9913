package io.salesflow.emulator;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Writes DynamoDB events in the JSON form Lambda delivers them ({@code {"Records":[{"eventID": ...,
 * "dynamodb": {"Keys": ..., "NewImage": ...}}]}}, binary values in base64, the creation time in
 * epoch seconds). Used to measure the payload against Lambda's 6 MB limit, and to print events.
 */
public final class LambdaEventJson {

  private static final JsonFactory JSON = new JsonFactory();
  private static final String ENVELOPE_START = "{\"Records\":[";
  private static final String ENVELOPE_END = "]}";

  private LambdaEventJson() {}

  /** Bytes of the event envelope around the records. */
  public static int envelopeBytes() {
    return ENVELOPE_START.length() + ENVELOPE_END.length();
  }

  /** Bytes of an event holding records of these sizes: envelope, records, separating commas. */
  public static long eventBytes(long recordBytesSum, int records) {
    return envelopeBytes() + recordBytesSum + Math.max(0, records - 1);
  }

  /** UTF-8 size of one record's JSON. */
  public static int recordBytes(DynamodbEvent.DynamodbStreamRecord record) {
    CountingStream counter = new CountingStream();
    try (JsonGenerator out = JSON.createGenerator(counter)) {
      write(out, record);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot measure a stream record", e);
    }
    return Math.toIntExact(counter.count);
  }

  /** The whole event as Lambda's JSON. */
  public static String toJson(DynamodbEvent event) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JsonGenerator out = JSON.createGenerator(bytes)) {
      out.writeStartObject();
      out.writeArrayFieldStart("Records");
      for (DynamodbEvent.DynamodbStreamRecord record : event.getRecords()) {
        write(out, record);
      }
      out.writeEndArray();
      out.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write a DynamoDB event as JSON", e);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static void write(JsonGenerator out, DynamodbEvent.DynamodbStreamRecord record)
      throws IOException {
    out.writeStartObject();
    field(out, "eventID", record.getEventID());
    field(out, "eventName", record.getEventName());
    field(out, "eventVersion", record.getEventVersion());
    field(out, "eventSource", record.getEventSource());
    field(out, "awsRegion", record.getAwsRegion());
    if (record.getDynamodb() != null) {
      out.writeFieldName("dynamodb");
      write(out, record.getDynamodb());
    }
    if (record.getUserIdentity() != null) {
      out.writeObjectFieldStart("userIdentity");
      field(out, "type", record.getUserIdentity().getType());
      field(out, "principalId", record.getUserIdentity().getPrincipalId());
      out.writeEndObject();
    }
    field(out, "eventSourceARN", record.getEventSourceARN());
    out.writeEndObject();
  }

  private static void write(JsonGenerator out, StreamRecord record) throws IOException {
    out.writeStartObject();
    if (record.getApproximateCreationDateTime() != null) {
      out.writeFieldName("ApproximateCreationDateTime");
      out.writeNumber(
          BigDecimal.valueOf(record.getApproximateCreationDateTime().getTime(), 3)
              .stripTrailingZeros());
    }
    image(out, "Keys", record.getKeys());
    image(out, "NewImage", record.getNewImage());
    image(out, "OldImage", record.getOldImage());
    field(out, "SequenceNumber", record.getSequenceNumber());
    if (record.getSizeBytes() != null) {
      out.writeNumberField("SizeBytes", record.getSizeBytes());
    }
    field(out, "StreamViewType", record.getStreamViewType());
    out.writeEndObject();
  }

  private static void image(JsonGenerator out, String name, Map<String, AttributeValue> image)
      throws IOException {
    if (image == null) {
      return;
    }
    out.writeFieldName(name);
    map(out, image);
  }

  private static void map(JsonGenerator out, Map<String, AttributeValue> image) throws IOException {
    out.writeStartObject();
    for (Map.Entry<String, AttributeValue> entry : image.entrySet()) {
      out.writeFieldName(entry.getKey());
      value(out, entry.getValue());
    }
    out.writeEndObject();
  }

  private static void value(JsonGenerator out, AttributeValue value) throws IOException {
    out.writeStartObject();
    if (value.getS() != null) {
      out.writeStringField("S", value.getS());
    } else if (value.getN() != null) {
      out.writeStringField("N", value.getN());
    } else if (value.getB() != null) {
      out.writeStringField("B", base64(value.getB()));
    } else if (value.getBOOL() != null) {
      out.writeBooleanField("BOOL", value.getBOOL());
    } else if (value.getNULL() != null) {
      out.writeBooleanField("NULL", value.getNULL());
    } else if (value.getSS() != null) {
      strings(out, "SS", value.getSS());
    } else if (value.getNS() != null) {
      strings(out, "NS", value.getNS());
    } else if (value.getBS() != null) {
      out.writeArrayFieldStart("BS");
      for (ByteBuffer b : value.getBS()) {
        out.writeString(base64(b));
      }
      out.writeEndArray();
    } else if (value.getL() != null) {
      out.writeArrayFieldStart("L");
      for (AttributeValue element : value.getL()) {
        value(out, element);
      }
      out.writeEndArray();
    } else if (value.getM() != null) {
      out.writeFieldName("M");
      map(out, value.getM());
    }
    out.writeEndObject();
  }

  private static void strings(JsonGenerator out, String name, List<String> values)
      throws IOException {
    out.writeArrayFieldStart(name);
    for (String v : values) {
      out.writeString(v);
    }
    out.writeEndArray();
  }

  private static String base64(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static void field(JsonGenerator out, String name, String value) throws IOException {
    if (value != null) {
      out.writeStringField(name, value);
    }
  }

  private static final class CountingStream extends OutputStream {
    private long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }
}
