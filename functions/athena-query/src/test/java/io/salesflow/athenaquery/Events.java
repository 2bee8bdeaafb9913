package io.salesflow.athenaquery;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** Event fixtures from src/test/resources/events, as Lambda's deserializer delivers them. */
final class Events {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Events() {}

  static Map<String, Object> load(String name) {
    try (InputStream in = Events.class.getResourceAsStream("/events/" + name)) {
      return JSON.readValue(in, new TypeReference<>() {});
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read event fixture " + name, e);
    }
  }
}
