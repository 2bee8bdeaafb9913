package io.salesflow.cli.connection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.salesflow.cli.CliException;
import io.salesflow.cli.ExitCode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * Starts a Step Functions execution ({@code StartExecution}, the AWS JSON 1.0 protocol), signed
 * with the SDK's SigV4 signer and sent with its URL-connection client. Written here because the
 * SDK's {@code sfn} module is not among the packages this project can fetch; it is one call, and
 * its request and errors are as the API reference gives them.
 */
public final class StepFunctionsStarter implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI endpoint;
  private final Region region;
  private final AwsCredentialsProvider credentials;
  private final SdkHttpClient http;

  /**
   * @param endpoint {@code https://states.<region>.amazonaws.com}, or another for tests
   */
  public StepFunctionsStarter(URI endpoint, Region region, AwsCredentialsProvider credentials) {
    this.endpoint = endpoint;
    this.region = region;
    this.credentials = credentials;
    this.http =
        UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(5))
            .socketTimeout(Duration.ofSeconds(30))
            .build();
  }

  static URI endpointOf(Region region) {
    return URI.create("https://states." + region.id() + ".amazonaws.com/");
  }

  /**
   * Starts the state machine with {@code input}; returns the execution's ARN.
   *
   * @param name the execution's name (unique per state machine for 90 days)
   */
  public String start(String stateMachineArn, String name, ObjectNode input) {
    ObjectNode body = JSON.createObjectNode();
    body.put("stateMachineArn", stateMachineArn);
    body.put("name", name);
    body.put("input", input.toString());
    byte[] payload = body.toString().getBytes(StandardCharsets.UTF_8);
    SdkHttpRequest request =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(endpoint)
            .putHeader("Content-Type", "application/x-amz-json-1.0")
            .putHeader("X-Amz-Target", "AWSStepFunctions.StartExecution")
            .putHeader("Content-Length", Integer.toString(payload.length))
            .build();
    SignedRequest signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(credentials.resolveCredentials())
                        .request(request)
                        .payload(ContentStreamProvider.fromByteArray(payload))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "states")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region.id()));
    try {
      HttpExecuteResponse response =
          http.prepareRequest(
                  HttpExecuteRequest.builder()
                      .request(signed.request())
                      .contentStreamProvider(signed.payload().orElse(null))
                      .build())
              .call();
      JsonNode answer = read(response);
      if (!response.httpResponse().isSuccessful()) {
        String type = answer.path("__type").asText("error");
        throw new CliException(
            ExitCode.FAILURE,
            "Step Functions refused StartExecution of "
                + stateMachineArn
                + ": "
                + type.substring(type.indexOf('#') + 1)
                + ": "
                + answer.path("message").asText(answer.path("Message").asText(""))
                + " (the ARN is the stack output BackfillStateMachine; your role needs"
                + " states:StartExecution on it)");
      }
      return answer.path("executionArn").asText();
    } catch (IOException e) {
      throw CliException.failure(
          "Cannot reach Step Functions at " + endpoint + ": " + e.getMessage(), e);
    }
  }

  private static JsonNode read(HttpExecuteResponse response) throws IOException {
    if (response.responseBody().isEmpty()) {
      return JSON.createObjectNode();
    }
    try (InputStream in = response.responseBody().get()) {
      JsonNode node = JSON.readTree(in);
      return node == null ? JSON.createObjectNode() : node;
    }
  }

  @Override
  public void close() {
    http.close();
  }
}
