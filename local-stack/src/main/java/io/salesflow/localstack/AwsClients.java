package io.salesflow.localstack;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.s3.S3Client;

/** Builds the SDK clients of a {@link LocalStack}: URL-connection HTTP, static credentials. */
public final class AwsClients {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration API_CALL_ATTEMPT_TIMEOUT = Duration.ofSeconds(30);

  private final StaticCredentialsProvider credentials;
  private final Region region;

  public AwsClients(String accessKeyId, String secretAccessKey, String region) {
    this.credentials =
        StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey));
    this.region = Region.of(region);
  }

  public DynamoDbClient dynamoDb(URI endpoint) {
    return DynamoDbClient.builder()
        .endpointOverride(endpoint)
        .region(region)
        .credentialsProvider(credentials)
        .httpClientBuilder(httpClient())
        .overrideConfiguration(timeouts())
        .build();
  }

  public DynamoDbStreamsClient dynamoDbStreams(URI endpoint) {
    return DynamoDbStreamsClient.builder()
        .endpointOverride(endpoint)
        .region(region)
        .credentialsProvider(credentials)
        .httpClientBuilder(httpClient())
        .overrideConfiguration(timeouts())
        .build();
  }

  S3Client s3(URI endpoint) {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .region(region)
        .credentialsProvider(credentials)
        .forcePathStyle(true)
        .httpClientBuilder(httpClient())
        .overrideConfiguration(timeouts())
        .build();
  }

  private static UrlConnectionHttpClient.Builder httpClient() {
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
