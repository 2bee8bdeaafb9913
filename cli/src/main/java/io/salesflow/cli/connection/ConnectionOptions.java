package io.salesflow.cli.connection;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where the tables and the sales table are: given endpoints, else a running {@code salesflow
 * stack}, else AWS (default credential chain, {@code SALESFLOW_*} environment variables).
 */
public final class ConnectionOptions {

  @Option(
      names = "--dynamodb-endpoint",
      paramLabel = "URL",
      description = "DynamoDB (and DynamoDB Streams) endpoint, e.g. http://127.0.0.1:8000.")
  String dynamoDbEndpoint;

  @Option(
      names = "--table",
      paramLabel = "NAME",
      defaultValue = "sales",
      description = "DynamoDB sales table (default: ${DEFAULT-VALUE}).")
  String table;

  @Option(
      names = "--region",
      paramLabel = "REGION",
      description = "AWS region, e.g. eu-west-1 (default: AWS_REGION or the SDK's region chain).")
  String region;

  @Option(
      names = "--catalog-uri",
      paramLabel = "URI",
      description = "Iceberg catalog URI: a REST catalog URL or a jdbc: URL.")
  String catalogUri;

  @Option(
      names = "--catalog-type",
      paramLabel = "TYPE",
      description =
          "Iceberg catalog type: glue, rest or jdbc (default: from --catalog-uri, else glue).")
  String catalogType;

  @Option(
      names = "--catalog-property",
      paramLabel = "KEY=VALUE",
      description = "Extra Iceberg catalog property, repeatable, e.g. s3.access-key-id=...")
  Map<String, String> catalogProperties = new LinkedHashMap<>();

  @Option(
      names = "--s3-endpoint",
      paramLabel = "URL",
      description = "S3-compatible endpoint of the warehouse (path-style access).")
  String s3Endpoint;

  @Option(
      names = "--warehouse",
      paramLabel = "S3_URI",
      description = "Warehouse location, e.g. s3://bucket/pricing-intelligence.")
  String warehouse;

  @Option(
      names = "--bucket",
      paramLabel = "NAME",
      description = "Analytics bucket (warehouse s3://NAME/pricing-intelligence).")
  String bucket;

  @Option(
      names = "--stage",
      paramLabel = "STAGE",
      description =
          "Stage: database pricing_intelligence_STAGE (default: SALESFLOW_STAGE; local for the local stack).")
  String stage;

  @Option(
      names = "--trino-url",
      paramLabel = "URL",
      description = "Trino server for the query library, e.g. http://127.0.0.1:8080.")
  String trinoUrl;

  /** Whether any catalog setting was given: then none comes from a local stack. */
  boolean catalogGiven() {
    return catalogUri != null
        || catalogType != null
        || warehouse != null
        || bucket != null
        || s3Endpoint != null
        || !catalogProperties.isEmpty();
  }

  public String table() {
    return table;
  }

  /** Options with only a table: everything else from a local stack or the environment. */
  public static ConnectionOptions forTable(String table) {
    ConnectionOptions options = new ConnectionOptions();
    options.table = table;
    return options;
  }
}
