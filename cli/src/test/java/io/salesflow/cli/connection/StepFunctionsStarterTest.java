package io.salesflow.cli.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.salesflow.cli.CliException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * StartExecution at the client boundary (Step Functions cannot run here): a local HTTP server
 * answers as the API reference says and records what it was sent.
 */
class StepFunctionsStarterTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private HttpServer server;
  private final Map<String, String> seen = new ConcurrentHashMap<>();
  private volatile int status = 200;
  private volatile String answer =
      "{\"executionArn\":\"arn:aws:states:eu-west-1:1:execution:m:e\"}";

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          seen.put("target", exchange.getRequestHeaders().getFirst("X-Amz-Target"));
          seen.put("type", exchange.getRequestHeaders().getFirst("Content-Type"));
          seen.put("auth", exchange.getRequestHeaders().getFirst("Authorization"));
          seen.put(
              "body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          byte[] out = answer.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, out.length);
          exchange.getResponseBody().write(out);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private StepFunctionsStarter starter() {
    return new StepFunctionsStarter(
        URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"),
        Region.EU_WEST_1,
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")));
  }

  @Test
  void start_sendsASignedStartExecution_andReturnsTheExecutionArn() throws Exception {
    var input = JSON.createObjectNode().put("export", "s3://b/exports/AWSDynamoDB/1/");
    String arn;
    try (StepFunctionsStarter starter = starter()) {
      arn = starter.start("arn:aws:states:eu-west-1:1:stateMachine:m", "backfill-1", input);
    }
    assertThat(arn).isEqualTo("arn:aws:states:eu-west-1:1:execution:m:e");
    assertThat(seen.get("target")).isEqualTo("AWSStepFunctions.StartExecution");
    assertThat(seen.get("type")).isEqualTo("application/x-amz-json-1.0");
    assertThat(seen.get("auth"))
        .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
        .contains("/eu-west-1/states/aws4_request");
    JsonNode body = JSON.readTree(seen.get("body"));
    assertThat(body.path("stateMachineArn").asText())
        .isEqualTo("arn:aws:states:eu-west-1:1:stateMachine:m");
    assertThat(body.path("name").asText()).isEqualTo("backfill-1");
    assertThat(JSON.readTree(body.path("input").asText()).path("export").asText())
        .isEqualTo("s3://b/exports/AWSDynamoDB/1/");
  }

  @Test
  void aRefusal_namesTheErrorAndWhatToCheck() {
    status = 400;
    answer =
        "{\"__type\":\"com.amazonaws.swf.service.v2.model#StateMachineDoesNotExist\",\"message\":\"State Machine Does Not Exist\"}";
    try (StepFunctionsStarter starter = starter()) {
      assertThatThrownBy(
              () -> starter.start("arn:x", "n", JSON.createObjectNode().put("export", "s3://b/")))
          .isInstanceOf(CliException.class)
          .hasMessageContaining("StateMachineDoesNotExist: State Machine Does Not Exist")
          .hasMessageContaining("stack output BackfillStateMachine");
    }
  }
}
