package io.salesflow.sample;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** Translates SDK exceptions into messages naming the table, the endpoint and the fix. */
final class DynamoDbErrors {

  private DynamoDbErrors() {}

  static SampleDataException translate(
      String action, String table, DynamoDbClient client, SdkException e) {
    String where = where(client);
    if (e instanceof ResourceNotFoundException) {
      return new SampleDataException(
          "Cannot "
              + action
              + " DynamoDB table "
              + table
              + where
              + ": the table does not exist. Create it (load-sample does unless"
              + " --no-create-table) or pass the right --table.",
          e);
    }
    if (e instanceof SdkClientException) {
      return new SampleDataException(
          "Cannot "
              + action
              + " DynamoDB table "
              + table
              + where
              + ": "
              + e.getMessage()
              + ". Check the endpoint (--dynamodb-endpoint), the region and the credentials.",
          e);
    }
    return new SampleDataException(
        "Cannot " + action + " DynamoDB table " + table + where + ": " + e.getMessage(), e);
  }

  static String where(DynamoDbClient client) {
    try {
      return client
          .serviceClientConfiguration()
          .endpointOverride()
          .map(uri -> " at " + uri)
          .orElseGet(() -> " in " + client.serviceClientConfiguration().region());
    } catch (RuntimeException e) {
      return ""; // test doubles may not have a configuration
    }
  }
}
