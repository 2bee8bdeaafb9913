package io.salesflow.localstack;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;

/**
 * DynamoDB Local (in memory, streams included) in this JVM. It listens on all interfaces; clients
 * use 127.0.0.1. Its threads are non-daemon, so it must be stopped.
 */
final class DynamoDbLocalServer {

  private final DynamoDBProxyServer server;

  private DynamoDbLocalServer(DynamoDBProxyServer server) {
    this.server = server;
  }

  static DynamoDbLocalServer start(int port) {
    try {
      // -sharedDb: one database whatever the credentials and region of the caller.
      DynamoDBProxyServer server =
          ServerRunner.createServerFromCommandLineArgs(
              new String[] {
                "-inMemory", "-sharedDb", "-disableTelemetry", "-port", String.valueOf(port)
              });
      server.start();
      return new DynamoDbLocalServer(server);
    } catch (Exception e) {
      throw new LocalStackException("Cannot start DynamoDB Local on port " + port, e);
    }
  }

  void stop() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new LocalStackException("Cannot stop DynamoDB Local", e);
    }
  }
}
