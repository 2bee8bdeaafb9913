package io.salesflow.cli.connection;

import io.salesflow.cli.Output;
import io.salesflow.core.config.SalesflowConfig;
import io.salesflow.localstack.LocalStack;
import io.salesflow.localstack.LocalStackOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Resolves {@link ConnectionOptions} into a {@link Target}. Each part comes from, in order: its
 * flags; a local stack ({@link #resolve}: the one {@code salesflow stack} runs in this checkout;
 * {@link #startLocal}: a new one started here); AWS with the default credential chain and the
 * {@code SALESFLOW_*} environment variables. Catalog flags replace all catalog settings of a stack,
 * so a given catalog is never mixed with a local warehouse.
 */
public final class TargetResolver {

  private final Path home;
  private final Map<String, String> processEnv;
  private final Output output;

  public TargetResolver(Path home, Map<String, String> processEnv, Output output) {
    this.home = home;
    this.processEnv = processEnv;
    this.output = output;
  }

  /** For commands that work on something that already exists. */
  public Target resolve(ConnectionOptions options) {
    URI dynamoDb = Urls.http("--dynamodb-endpoint", options.dynamoDbEndpoint);
    Optional<StackFile.Info> stack = StackFile.read(home);
    Map<String, String> env = new LinkedHashMap<>();
    String catalogOrigin;
    if (stack.isPresent() && !options.catalogGiven()) {
      env.putAll(stack.get().environment());
      catalogOrigin = "the local stack of `salesflow stack`, pid " + stack.get().pid();
    } else {
      env.putAll(fromProcess());
      catalogOrigin = options.catalogGiven() ? "catalog flags" : "SALESFLOW_* environment";
    }
    applyFlags(env, options);
    String dynamoDbOrigin;
    AwsCredentialsProvider credentials;
    if (dynamoDb != null) {
      dynamoDbOrigin = "--dynamodb-endpoint";
      credentials = endpointCredentials();
    } else if (stack.isPresent()) {
      dynamoDb = stack.get().dynamoDbEndpoint();
      dynamoDbOrigin = "the local stack of `salesflow stack`, pid " + stack.get().pid();
      credentials = staticCredentials(stack.get().environment());
    } else {
      dynamoDbOrigin = "AWS, default credential chain";
      credentials = DefaultCredentialsProvider.builder().build();
    }
    return new Target(
        env,
        dynamoDb,
        dynamoDbOrigin,
        catalogOrigin,
        region(options, env, dynamoDb),
        credentials,
        options.table,
        trino(options)
            .or(
                () ->
                    stack.isPresent() && !options.catalogGiven()
                        ? stack.get().trinoUrl()
                        : Optional.empty())
            .orElse(null),
        null);
  }

  /**
   * For {@code demo} and {@code stack}: starts a local stack for every part not given by flags (the
   * returned target stops it on close).
   */
  public Target startLocal(ConnectionOptions options, LocalStackOptions stackOptions) {
    URI dynamoDb = Urls.http("--dynamodb-endpoint", options.dynamoDbEndpoint);
    boolean localCatalog = !options.catalogGiven();
    LocalStack stack = dynamoDb == null || localCatalog ? start(stackOptions) : null;
    Map<String, String> env = new LinkedHashMap<>();
    env.putAll(localCatalog ? LocalEnvironment.of(stack) : fromProcess());
    applyFlags(env, options);
    AwsCredentialsProvider credentials;
    String dynamoDbOrigin;
    if (dynamoDb == null) {
      dynamoDb = stack.dynamoDbEndpoint();
      dynamoDbOrigin = "local stack";
      credentials = staticCredentials(LocalEnvironment.of(stack));
    } else {
      dynamoDbOrigin = "--dynamodb-endpoint";
      credentials = endpointCredentials();
    }
    return new Target(
        env,
        dynamoDb,
        dynamoDbOrigin,
        localCatalog ? "local stack" : "catalog flags",
        region(options, env, dynamoDb),
        credentials,
        options.table,
        trino(options).orElse(null),
        stack);
  }

  private LocalStack start(LocalStackOptions stackOptions) {
    if (output.verbose()) {
      return LocalStack.start(stackOptions);
    }
    // DynamoDB Local prints its configuration banner to System.out; keep results clean.
    PrintStream original = System.out;
    ByteArrayOutputStream swallowed = new ByteArrayOutputStream();
    System.setOut(new PrintStream(swallowed, true, StandardCharsets.UTF_8));
    try {
      return LocalStack.start(stackOptions);
    } finally {
      System.setOut(original);
    }
  }

  private Map<String, String> fromProcess() {
    Map<String, String> env = new LinkedHashMap<>();
    processEnv.forEach(
        (key, value) -> {
          if (key.startsWith("SALESFLOW_") || key.equals(SalesflowConfig.REGION)) {
            env.put(key, value);
          }
        });
    return env;
  }

  private static void applyFlags(Map<String, String> env, ConnectionOptions options) {
    put(env, SalesflowConfig.STAGE, options.stage);
    if (options.catalogUri != null) {
      env.put(SalesflowConfig.CATALOG_URI, options.catalogUri.trim());
      if (options.catalogType == null) {
        env.put(
            SalesflowConfig.CATALOG_TYPE,
            options.catalogUri.trim().startsWith("jdbc:") ? "jdbc" : "rest");
      }
    }
    put(env, SalesflowConfig.CATALOG_TYPE, options.catalogType);
    put(env, SalesflowConfig.WAREHOUSE, options.warehouse);
    put(env, SalesflowConfig.BUCKET, options.bucket);
    put(env, SalesflowConfig.S3_ENDPOINT, options.s3Endpoint);
    put(env, SalesflowConfig.REGION, options.region);
    if (!options.catalogProperties.isEmpty()) {
      StringBuilder props =
          new StringBuilder(env.getOrDefault(SalesflowConfig.CATALOG_PROPERTIES, ""));
      options.catalogProperties.forEach(
          (k, v) -> props.append(props.length() == 0 ? "" : ",").append(k).append('=').append(v));
      env.put(SalesflowConfig.CATALOG_PROPERTIES, props.toString());
    }
  }

  private static void put(Map<String, String> env, String key, String value) {
    if (value != null && !value.isBlank()) {
      env.put(key, value.trim());
    }
  }

  private String region(ConnectionOptions options, Map<String, String> env, URI dynamoDb) {
    if (options.region != null) {
      return options.region.trim();
    }
    String fromEnv = env.get(SalesflowConfig.REGION);
    if (fromEnv == null) {
      fromEnv = processEnv.get("AWS_DEFAULT_REGION");
    }
    if (fromEnv != null) {
      return fromEnv;
    }
    // A local endpoint does not care; AWS falls back to the SDK's region chain.
    return dynamoDb != null && isLoopback(dynamoDb) ? LocalStackOptions.DEFAULT_REGION : null;
  }

  /** --trino-url, else SALESFLOW_TRINO_URL. */
  private Optional<URI> trino(ConnectionOptions options) {
    String value =
        options.trinoUrl != null ? options.trinoUrl : processEnv.get("SALESFLOW_TRINO_URL");
    return Optional.ofNullable(
        Urls.http(options.trinoUrl != null ? "--trino-url" : "SALESFLOW_TRINO_URL", value));
  }

  private static boolean isLoopback(URI uri) {
    String host = uri.getHost();
    return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
  }

  /** Endpoint overrides are mostly local servers, which accept any key: fall back to a dummy. */
  private static AwsCredentialsProvider endpointCredentials() {
    return AwsCredentialsProviderChain.builder()
        .credentialsProviders(
            DefaultCredentialsProvider.builder().build(),
            StaticCredentialsProvider.create(AwsBasicCredentials.create("salesflowlocal", "local")))
        .build();
  }

  private static AwsCredentialsProvider staticCredentials(Map<String, String> env) {
    return StaticCredentialsProvider.create(
        AwsBasicCredentials.create(
            env.getOrDefault("AWS_ACCESS_KEY_ID", "salesflowlocal"),
            env.getOrDefault("AWS_SECRET_ACCESS_KEY", "local")));
  }
}
