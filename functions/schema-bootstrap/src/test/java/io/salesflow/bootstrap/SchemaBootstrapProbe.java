package io.salesflow.bootstrap;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/**
 * Runs the Lambda handler as Lambda would (no-argument constructor, configuration from the
 * environment) in a fresh JVM on the shaded jar, with an empty direct event (all tables), and
 * prints the result as one JSON line starting with {@code PROBE }.
 */
public final class SchemaBootstrapProbe {

  private SchemaBootstrapProbe() {}

  public static void main(String[] args) throws Exception {
    Map<String, Object> result = new SchemaBootstrapHandler().handleRequest(Map.of(), null);
    System.out.println("PROBE " + new ObjectMapper().writeValueAsString(result));
  }
}
