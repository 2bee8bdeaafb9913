package io.salesflow.athenaquery;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/**
 * Invokes the handler the way Lambda does (no-argument constructor, environment configuration) with
 * the event given as JSON, printing the response or {@code ERROR <type>: <message>}. Run by {@link
 * LambdaJarIT} in a child JVM whose class path is the shaded jar alone.
 */
public final class LambdaJarMain {

  private LambdaJarMain() {}

  @SuppressWarnings("unchecked")
  public static void main(String[] args) throws Exception {
    // Map.class, not a TypeReference: an anonymous class would be a second class file to ship.
    Map<String, Object> event = new ObjectMapper().readValue(args[0], Map.class);
    try {
      System.out.println("OK " + new AthenaQueryHandler().handleRequest(event, null));
    } catch (RuntimeException e) {
      System.out.println("ERROR " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }
}
