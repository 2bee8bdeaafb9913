package io.salesflow.emulator;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** Finds the stream of a table, as an event source mapping is created from a stream ARN. */
public final class StreamLocator {

  private StreamLocator() {}

  /**
   * The ARN of the table's latest stream.
   *
   * @throws StreamPollerException if the table does not exist, has no stream, or its stream does
   *     not carry both images (the ETL needs the old image of MODIFY and REMOVE)
   */
  public static String latestStreamArn(DynamoDbClient dynamoDb, String table) {
    TableDescription description;
    try {
      description = dynamoDb.describeTable(b -> b.tableName(table)).table();
    } catch (ResourceNotFoundException e) {
      throw new StreamPollerException(
          "Cannot poll table "
              + table
              + ": it does not exist. Create and fill it with `salesflow load-sample --table "
              + table
              + "`.",
          e);
    } catch (SdkException e) {
      throw new StreamPollerException(
          "Cannot describe table " + table + ": " + e.getMessage() + ". Check the endpoint.", e);
    }
    boolean enabled =
        description.streamSpecification() != null
            && Boolean.TRUE.equals(description.streamSpecification().streamEnabled());
    if (!enabled || description.latestStreamArn() == null) {
      throw new StreamPollerException(
          "Cannot poll table "
              + table
              + ": its stream is off. Enable it with `aws dynamodb update-table --table-name "
              + table
              + " --stream-specification StreamEnabled=true,StreamViewType=NEW_AND_OLD_IMAGES`.");
    }
    String viewType = description.streamSpecification().streamViewTypeAsString();
    if (!"NEW_AND_OLD_IMAGES".equals(viewType)) {
      throw new StreamPollerException(
          "Cannot poll table "
              + table
              + ": its stream view type is "
              + viewType
              + ", the ETL needs NEW_AND_OLD_IMAGES. Disable the stream and enable it again with"
              + " StreamViewType=NEW_AND_OLD_IMAGES.");
    }
    return description.latestStreamArn();
  }
}
