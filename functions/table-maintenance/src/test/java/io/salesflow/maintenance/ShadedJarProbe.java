package io.salesflow.maintenance;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/**
 * Runs the Lambda handler as Lambda would (no-argument constructor, configuration from the
 * environment) in a fresh JVM on the shaded jar, with an on-demand event, and prints the report as
 * one JSON line starting with {@code PROBE }.
 */
public final class ShadedJarProbe {

  private ShadedJarProbe() {}

  public static void main(String[] args) throws Exception {
    Map<String, Object> report =
        new TableMaintenanceHandler().handleRequest(Map.of("timeBudgetSeconds", 600), null);
    System.out.println("PROBE " + new ObjectMapper().writeValueAsString(report));
  }
}
