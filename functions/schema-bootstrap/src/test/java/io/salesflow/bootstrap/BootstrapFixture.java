package io.salesflow.bootstrap;

import io.salesflow.localstack.LocalStack;
import java.util.Map;

/** The environment a deployed schema-bootstrap reads, pointed at the local stack. */
final class BootstrapFixture {

  private BootstrapFixture() {}

  /** REST catalog over S3Proxy; tables of {@code database} under their own warehouse prefix. */
  static Map<String, String> env(LocalStack stack, String database) {
    Map<String, String> env = stack.functionEnvironment("it", database);
    env.put("SALESFLOW_ANALYTICS_BUCKET", stack.bucket());
    return env;
  }
}
