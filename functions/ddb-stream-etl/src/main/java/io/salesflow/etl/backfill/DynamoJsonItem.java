package io.salesflow.etl.backfill;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads DynamoDB JSON, the format of an export's items ({@code {"S": "..."}}, {@code {"N": "1.5"}},
 * binary as base64), into the attribute values the stream's converter takes.
 */
final class DynamoJsonItem {

  private DynamoJsonItem() {}

  /**
   * @throws IllegalArgumentException naming the attribute, if a value is not DynamoDB JSON
   */
  static Map<String, AttributeValue> image(JsonNode object) {
    if (object == null || !object.isObject()) {
      throw new IllegalArgumentException("the item is not a JSON object");
    }
    Map<String, AttributeValue> image = new LinkedHashMap<>();
    object.fields().forEachRemaining(e -> image.put(e.getKey(), value(e.getKey(), e.getValue())));
    return image;
  }

  private static AttributeValue value(String name, JsonNode node) {
    if (node == null || !node.isObject() || node.size() != 1) {
      throw new IllegalArgumentException(
          "attribute '" + name + "' is not DynamoDB JSON (one type key, e.g. {\"S\": \"...\"})");
    }
    Map.Entry<String, JsonNode> typed = node.fields().next();
    JsonNode v = typed.getValue();
    AttributeValue out = new AttributeValue();
    switch (typed.getKey()) {
      case "S" -> out.setS(text(name, v));
      case "N" -> out.setN(text(name, v));
      case "B" -> out.setB(binary(name, v));
      case "BOOL" -> out.setBOOL(v.asBoolean());
      case "NULL" -> out.setNULL(true);
      case "M" -> out.setM(image(v));
      case "L" -> {
        List<AttributeValue> list = new ArrayList<>();
        v.forEach(item -> list.add(value(name, item)));
        out.setL(list);
      }
      case "SS" -> out.setSS(texts(name, v));
      case "NS" -> out.setNS(texts(name, v));
      case "BS" -> {
        List<ByteBuffer> list = new ArrayList<>();
        v.forEach(item -> list.add(binary(name, item)));
        out.setBS(list);
      }
      default ->
          throw new IllegalArgumentException(
              "attribute '" + name + "' has unknown DynamoDB type '" + typed.getKey() + "'");
    }
    return out;
  }

  private static String text(String name, JsonNode v) {
    if (!v.isTextual()) {
      throw new IllegalArgumentException("attribute '" + name + "' must be a JSON string");
    }
    return v.asText();
  }

  private static List<String> texts(String name, JsonNode v) {
    List<String> values = new ArrayList<>();
    v.forEach(item -> values.add(text(name, item)));
    return values;
  }

  private static ByteBuffer binary(String name, JsonNode v) {
    try {
      return ByteBuffer.wrap(Base64.getDecoder().decode(text(name, v)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("attribute '" + name + "' is not base64 binary", e);
    }
  }
}
