package io.salesflow.etl;

import io.salesflow.emulator.CheckpointStore;
import io.salesflow.emulator.OnFailureDestination;
import io.salesflow.emulator.StreamPoller;
import io.salesflow.localstack.AwsClients;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The real ETL behind the emulated event source mapping, in a process of its own, so a test can
 * kill it with SIGKILL: {@code EtlStreamProcess <dynamodb endpoint> <access key> <secret> <region>
 * <table> <checkpoint file> <on-failure file> follow|caught-up}. The handler reads its
 * configuration from the environment, as in Lambda. Exits 0 when caught up.
 */
public final class EtlStreamProcess {

  private EtlStreamProcess() {}

  public static void main(String[] args) {
    URI endpoint = URI.create(args[0]);
    AwsClients clients = new AwsClients(args[1], args[2], args[3]);
    String table = args[4];
    try (DynamoDbClient ddb = clients.dynamoDb(endpoint);
        DynamoDbStreamsClient streams = clients.dynamoDbStreams(endpoint)) {
      String streamArn = ddb.describeTable(b -> b.tableName(table)).table().latestStreamArn();
      StreamPoller poller =
          StreamPoller.builder()
              .streams(streams)
              .streamArn(streamArn)
              .handler(StreamEtlHandler::new)
              .config(IngestionHarness.defaults())
              .checkpoints(CheckpointStore.file(Path.of(args[5])))
              .onFailure(
                  OnFailureDestination.file(
                      Path.of(args[6]), IngestionHarness.defaults().functionArn()))
              .build();
      if (args[7].equals("follow")) {
        poller.run();
      } else {
        poller.runUntilCaughtUp(Duration.ofMinutes(3));
        System.out.println("caught up: " + poller.stats().snapshot());
      }
    }
    System.exit(0);
  }
}
