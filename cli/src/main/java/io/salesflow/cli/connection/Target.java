package io.salesflow.cli.connection;

import io.salesflow.cli.CliException;
import io.salesflow.cli.ExitCode;
import io.salesflow.core.catalog.CatalogAccessException;
import io.salesflow.core.catalog.CatalogFactory;
import io.salesflow.core.config.ConfigException;
import io.salesflow.core.config.SalesflowConfig;
import io.salesflow.localstack.LocalStack;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.catalog.Catalog;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Where a command works, resolved from flags, a running local stack or the environment: the
 * DynamoDB sales table and the Iceberg catalog, with their clients built on first use (and checked
 * for reachability first, so a wrong endpoint fails in seconds with the flag to fix). Closing it
 * closes the clients and a local stack it started.
 */
public final class Target implements AutoCloseable {

  private static final Map<String, String> FLAGS =
      Map.of(
          SalesflowConfig.STAGE, "--stage",
          SalesflowConfig.BUCKET, "--bucket",
          SalesflowConfig.WAREHOUSE, "--warehouse",
          SalesflowConfig.CATALOG_TYPE, "--catalog-type",
          SalesflowConfig.CATALOG_URI, "--catalog-uri",
          SalesflowConfig.CATALOG_PROPERTIES, "--catalog-property",
          SalesflowConfig.S3_ENDPOINT, "--s3-endpoint",
          SalesflowConfig.REGION, "--region");

  private final Map<String, String> environment;
  private final URI dynamoDbEndpoint;
  private final String dynamoDbOrigin;
  private final String catalogOrigin;
  private final String region;
  private final AwsCredentialsProvider credentials;
  private final String table;
  private final URI trinoUrl;
  private final LocalStack ownedStack;
  private DynamoDbClient dynamoDb;
  private DynamoDbStreamsClient streams;
  private Catalog catalog;
  private SalesflowConfig config;

  Target(
      Map<String, String> environment,
      URI dynamoDbEndpoint,
      String dynamoDbOrigin,
      String catalogOrigin,
      String region,
      AwsCredentialsProvider credentials,
      String table,
      URI trinoUrl,
      LocalStack ownedStack) {
    this.environment = Map.copyOf(environment);
    this.dynamoDbEndpoint = dynamoDbEndpoint;
    this.dynamoDbOrigin = dynamoDbOrigin;
    this.catalogOrigin = catalogOrigin;
    this.region = region;
    this.credentials = credentials;
    this.table = table;
    this.trinoUrl = trinoUrl;
    this.ownedStack = ownedStack;
  }

  /** The environment a deployed function would have here ({@code SALESFLOW_*}, region, ...). */
  public Map<String, String> environment() {
    return environment;
  }

  /** The DynamoDB sales table. */
  public String table() {
    return table;
  }

  /** The DynamoDB endpoint, empty for AWS. */
  public Optional<URI> dynamoDbEndpoint() {
    return Optional.ofNullable(dynamoDbEndpoint);
  }

  /** The Trino server given, if any. */
  public Optional<URI> trinoUrl() {
    return Optional.ofNullable(trinoUrl);
  }

  /** The local stack this target started (and will stop), if any. */
  public Optional<LocalStack> localStack() {
    return Optional.ofNullable(ownedStack);
  }

  /** The region of the DynamoDB clients. */
  public String region() {
    return resolveRegion().id();
  }

  /** One line per service saying where it is and why. */
  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    lines.add(
        "DynamoDB: "
            + (dynamoDbEndpoint == null ? "AWS " + describeRegion() : dynamoDbEndpoint.toString())
            + ", table "
            + table
            + " ("
            + dynamoDbOrigin
            + ")");
    String type = environment.getOrDefault(SalesflowConfig.CATALOG_TYPE, "glue");
    String uri = environment.get(SalesflowConfig.CATALOG_URI);
    lines.add(
        "Catalog: "
            + type
            + (uri == null ? "" : " " + uri)
            + Optional.ofNullable(environment.get(SalesflowConfig.WAREHOUSE))
                .map(w -> ", warehouse " + w)
                .orElse("")
            + " ("
            + catalogOrigin
            + ")");
    return lines;
  }

  /** The validated configuration; a usage error naming flags and variables if invalid. */
  public synchronized SalesflowConfig config() {
    if (config == null) {
      try {
        config = SalesflowConfig.from(environment);
      } catch (ConfigException e) {
        List<String> problems = e.problems().stream().map(Target::withFlag).toList();
        throw CliException.usage(
            "Invalid catalog configuration ("
                + catalogOrigin
                + "):\n  "
                + String.join("\n  ", problems)
                + "\nPass the flags, set the variables, or start a local stack with `./salesflow"
                + " stack`.");
      }
    }
    return config;
  }

  /** The Iceberg catalog, built once. */
  public synchronized Catalog catalog() {
    if (catalog == null) {
      SalesflowConfig cfg = config();
      String hint =
          ownedStack != null || catalogOrigin.startsWith("the local stack")
              ? "The local stack is not answering; restart it with `./salesflow stack`."
              : "Check the URL, or start a local stack with `./salesflow stack`.";
      String uri = cfg.catalog().properties().get("uri");
      if ("rest".equals(cfg.catalog().type()) && uri != null) {
        Reachability.check(URI.create(uri), "the Iceberg REST catalog", catalogOrigin, hint);
      }
      String s3 = cfg.catalog().properties().get("s3.endpoint");
      if (s3 != null) {
        Reachability.check(URI.create(s3), "S3", catalogOrigin, hint);
      }
      try {
        catalog = CatalogFactory.build(cfg.catalog());
      } catch (CatalogAccessException e) {
        throw new CliException(ExitCode.FAILURE, e.getMessage(), e);
      }
    }
    return catalog;
  }

  /** The DynamoDB client, built once. */
  public synchronized DynamoDbClient dynamoDb() {
    if (dynamoDb == null) {
      checkDynamoDbReachable();
      dynamoDb = clients().dynamoDb();
    }
    return dynamoDb;
  }

  /** The DynamoDB Streams client, built once. */
  public synchronized DynamoDbStreamsClient streams() {
    if (streams == null) {
      checkDynamoDbReachable();
      streams = clients().streams();
    }
    return streams;
  }

  /** An SQS client for the target's region and credentials; the caller closes it. */
  public SqsClient newSqsClient() {
    return clients().sqs();
  }

  /** Starts Step Functions executions in the target's region; the caller closes it. */
  public StepFunctionsStarter newStepFunctionsStarter() {
    return new StepFunctionsStarter(
        StepFunctionsStarter.endpointOf(resolveRegion()), resolveRegion(), credentials);
  }

  /** An Athena client for the target's region and credentials; the caller closes it. */
  public AthenaClient newAthenaClient() {
    return clients().athena();
  }

  @Override
  public synchronized void close() {
    if (catalog != null) {
      CatalogFactory.close(catalog);
    }
    if (dynamoDb != null) {
      dynamoDb.close();
    }
    if (streams != null) {
      streams.close();
    }
    if (ownedStack != null) {
      ownedStack.close();
    }
  }

  private AwsClientFactory clients() {
    return new AwsClientFactory(dynamoDbEndpoint, resolveRegion(), credentials);
  }

  private void checkDynamoDbReachable() {
    if (dynamoDbEndpoint != null) {
      Reachability.check(
          dynamoDbEndpoint,
          "DynamoDB",
          dynamoDbOrigin,
          "Check the URL, or start a local stack with `./salesflow stack`.");
    }
  }

  private Region resolveRegion() {
    if (region != null) {
      return Region.of(region);
    }
    try {
      return new DefaultAwsRegionProviderChain().getRegion();
    } catch (SdkClientException e) {
      throw CliException.usage(
          "Cannot determine the AWS region: pass --region (e.g. --region eu-west-1) or set"
              + " AWS_REGION.");
    }
  }

  private String describeRegion() {
    try {
      return resolveRegion().id();
    } catch (CliException e) {
      return "(region not set)";
    }
  }

  private static String withFlag(String problem) {
    for (Map.Entry<String, String> entry : FLAGS.entrySet()) {
      String key = entry.getKey();
      for (String verb : List.of("Missing ", "Invalid ")) {
        if (problem.startsWith(verb + key + ":") || problem.startsWith(verb + key + " ")) {
          return verb
              + entry.getValue()
              + " ("
              + key
              + ")"
              + problem.substring(verb.length() + key.length());
        }
      }
    }
    return problem;
  }
}
