package io.salesflow.athenaquery;

import java.time.Duration;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Builds the function's SDK clients once per container: URL-connection HTTP client (no Netty, no
 * Apache), region from the configuration (Lambda's AWS_REGION), explicit timeouts, and an endpoint
 * override for S3-compatible servers.
 */
final class ClientFactory {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
  private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration API_CALL_ATTEMPT_TIMEOUT = Duration.ofSeconds(20);

  private final AthenaQueryConfig config;

  ClientFactory(AthenaQueryConfig config) {
    this.config = config;
  }

  AthenaClient athena() {
    var builder =
        AthenaClient.builder().httpClientBuilder(httpClient()).overrideConfiguration(timeouts());
    if (config.region() != null) {
      builder.region(Region.of(config.region()));
    }
    return builder.build();
  }

  S3Client s3() {
    var builder =
        S3Client.builder().httpClientBuilder(httpClient()).overrideConfiguration(timeouts());
    if (config.region() != null) {
      builder.region(Region.of(config.region()));
    }
    if (config.s3Endpoint() != null) {
      builder.endpointOverride(config.s3Endpoint()).forcePathStyle(true);
    }
    return builder.build();
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
