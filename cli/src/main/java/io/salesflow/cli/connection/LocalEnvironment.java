package io.salesflow.cli.connection;

import io.salesflow.core.config.SalesflowConfig;
import io.salesflow.localstack.LocalStack;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment a deployed function would get, for the local stack: the same {@code SALESFLOW_*}
 * variables the CDK stack sets, pointing at the local servers.
 */
public final class LocalEnvironment {

  /** Stage of the local stack: database {@code pricing_intelligence_local}. */
  public static final String STAGE = "local";

  private LocalEnvironment() {}

  public static Map<String, String> of(LocalStack stack) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put(SalesflowConfig.STAGE, STAGE);
    env.put(SalesflowConfig.WAREHOUSE, stack.warehouse());
    env.put(SalesflowConfig.CATALOG_TYPE, "rest");
    env.put(SalesflowConfig.CATALOG_URI, stack.catalogUri().toString());
    env.put(SalesflowConfig.S3_ENDPOINT, stack.s3Endpoint().toString());
    env.put(
        SalesflowConfig.CATALOG_PROPERTIES,
        "s3.access-key-id="
            + stack.accessKeyId()
            + ",s3.secret-access-key="
            + stack.secretAccessKey());
    env.put(SalesflowConfig.REGION, stack.region());
    env.put("AWS_ACCESS_KEY_ID", stack.accessKeyId());
    env.put("AWS_SECRET_ACCESS_KEY", stack.secretAccessKey());
    // The SDK's standard endpoint variables, for handlers that build their own clients.
    env.put("AWS_ENDPOINT_URL_DYNAMODB", stack.dynamoDbEndpoint().toString());
    env.put("AWS_ENDPOINT_URL_S3", stack.s3Endpoint().toString());
    return env;
  }
}
