package io.salesflow.etl;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Renders attribute values in DynamoDB JSON ({@code {"S": "..."}}, {@code {"N": "1.5"}}, binary as
 * base64), the form the AWS CLI and console show, for the errors table's raw image.
 */
final class DynamoJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private DynamoJson() {}

  static ObjectNode image(Map<String, AttributeValue> image) {
    ObjectNode node = MAPPER.createObjectNode();
    if (image != null) {
      image.forEach((name, value) -> node.set(name, value(value)));
    }
    return node;
  }

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static JsonNode value(AttributeValue v) {
    ObjectNode node = MAPPER.createObjectNode();
    if (v == null) {
      return node.put("NULL", true);
    }
    if (v.getS() != null) {
      node.put("S", v.getS());
    } else if (v.getN() != null) {
      node.put("N", v.getN());
    } else if (v.getB() != null) {
      node.put("B", base64(v.getB()));
    } else if (v.getBOOL() != null) {
      node.put("BOOL", v.getBOOL());
    } else if (Boolean.TRUE.equals(v.getNULL())) {
      node.put("NULL", true);
    } else if (v.getM() != null) {
      node.set("M", image(v.getM()));
    } else if (v.getL() != null) {
      ArrayNode list = node.putArray("L");
      v.getL().forEach(item -> list.add(value(item)));
    } else if (v.getSS() != null) {
      strings(node.putArray("SS"), v.getSS());
    } else if (v.getNS() != null) {
      strings(node.putArray("NS"), v.getNS());
    } else if (v.getBS() != null) {
      ArrayNode list = node.putArray("BS");
      v.getBS().forEach(b -> list.add(base64(b)));
    }
    return node;
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }

  private static String base64(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }
}
