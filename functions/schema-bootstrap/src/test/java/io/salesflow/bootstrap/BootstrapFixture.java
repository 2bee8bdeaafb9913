package io.salesflow.bootstrap;

import io.salesflow.localstack.LocalStack;
import java.util.HashMap;
import java.util.Map;

/** The environment a deployed schema-bootstrap reads, pointed at the local stack. */
final class BootstrapFixture {

  private BootstrapFixture() {}

  /** REST catalog over S3Proxy; tables of {@code database} under their own warehouse prefix. */
  static Map<String, String> env(LocalStack stack, String database) {
    Map<String, String> env = new HashMap<>();
    env.put("SALESFLOW_STAGE", "it");
    env.put("SALESFLOW_DATABASE", database);
    env.put("SALESFLOW_ANALYTICS_BUCKET", stack.bucket());
    env.put("SALESFLOW_WAREHOUSE", stack.warehouse() + "/" + database);
    env.put("SALESFLOW_CATALOG_TYPE", "rest");
    env.put("SALESFLOW_CATALOG_URI", stack.catalogUri().toString());
    env.put("SALESFLOW_S3_ENDPOINT", stack.s3Endpoint().toString());
    env.put("AWS_REGION", stack.region());
    env.put(
        "SALESFLOW_CATALOG_PROPERTIES",
        "s3.access-key-id="
            + stack.accessKeyId()
            + ",s3.secret-access-key="
            + stack.secretAccessKey());
    return env;
  }
}
