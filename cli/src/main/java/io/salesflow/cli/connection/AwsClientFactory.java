package io.salesflow.cli.connection;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the CLI's SDK clients in one place: URL-connection HTTP client, explicit timeouts,
 * optional endpoint override, the region and credentials of the target.
 */
final class AwsClientFactory {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
  private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration API_CALL_ATTEMPT_TIMEOUT = Duration.ofSeconds(30);

  private final URI endpoint;
  private final Region region;
  private final AwsCredentialsProvider credentials;

  AwsClientFactory(URI endpoint, Region region, AwsCredentialsProvider credentials) {
    this.endpoint = endpoint;
    this.region = region;
    this.credentials = credentials;
  }

  DynamoDbClient dynamoDb() {
    var builder =
        DynamoDbClient.builder()
            .region(region)
            .credentialsProvider(credentials)
            .httpClientBuilder(http())
            .overrideConfiguration(timeouts());
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    return builder.build();
  }

  DynamoDbStreamsClient streams() {
    var builder =
        DynamoDbStreamsClient.builder()
            .region(region)
            .credentialsProvider(credentials)
            .httpClientBuilder(http())
            .overrideConfiguration(timeouts());
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    return builder.build();
  }

  /** SQS in AWS (the on-failure queue); never a local endpoint. */
  SqsClient sqs() {
    return SqsClient.builder()
        .region(region)
        .credentialsProvider(credentials)
        .httpClientBuilder(http())
        .overrideConfiguration(timeouts())
        .build();
  }

  /** Athena in AWS (ad-hoc SQL); never a local endpoint. */
  AthenaClient athena() {
    return AthenaClient.builder()
        .region(region)
        .credentialsProvider(credentials)
        .httpClientBuilder(http())
        .overrideConfiguration(timeouts())
        .build();
  }

  private static UrlConnectionHttpClient.Builder http() {
    return UrlConnectionHttpClient.builder()
        .connectionTimeout(CONNECT_TIMEOUT)
        .socketTimeout(SOCKET_TIMEOUT);
  }

  private static ClientOverrideConfiguration timeouts() {
    return ClientOverrideConfiguration.builder()
        .apiCallTimeout(API_CALL_TIMEOUT)
        .apiCallAttemptTimeout(API_CALL_ATTEMPT_TIMEOUT)
        .build();
  }
}
