package io.salesflow.sample;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Creates the sales table if it is absent: key {@code tenant_id} (S) + {@code product_id} (S),
 * on-demand capacity, stream {@code NEW_AND_OLD_IMAGES}, TTL on {@code ttl}. An existing table is
 * left as it is and described, so callers can warn when its stream is off or of another view type.
 */
public final class SalesTableCreator {

  private static final Logger LOG = LoggerFactory.getLogger(SalesTableCreator.class);

  private final DynamoDbClient client;

  public SalesTableCreator(DynamoDbClient client) {
    this.client = client;
  }

  /**
   * What the table is like after {@link #ensure}.
   *
   * @param table table name
   * @param created whether this call created it
   * @param streamArn ARN of its latest stream, {@code null} when streams are off
   * @param streamViewType view type of that stream, {@code null} when streams are off
   */
  public record TableState(String table, boolean created, String streamArn, String streamViewType) {

    /** Whether the stream carries what the ETL needs: both images. */
    public boolean streamReady() {
      return streamArn != null && "NEW_AND_OLD_IMAGES".equals(streamViewType);
    }
  }

  /** Creates {@code table} if absent, with its stream, and waits until it is active. */
  public TableState ensure(String table) {
    return ensure(table, true);
  }

  /**
   * Creates {@code table} if absent and waits until it is active.
   *
   * @param withStream whether a new table gets its stream now; without, {@link #enableStream} adds
   *     it later, as on a table that holds sales before the pipeline exists
   */
  public TableState ensure(String table, boolean withStream) {
    TableDescription existing = describe(table);
    if (existing != null) {
      return state(existing, false);
    }
    try {
      client.createTable(
          b ->
              b.tableName(table)
                  .attributeDefinitions(
                      attribute(SalesAttributes.TENANT_ID), attribute(SalesAttributes.PRODUCT_ID))
                  .keySchema(
                      key(SalesAttributes.TENANT_ID, KeyType.HASH),
                      key(SalesAttributes.PRODUCT_ID, KeyType.RANGE))
                  .billingMode(BillingMode.PAY_PER_REQUEST)
                  .streamSpecification(
                      s -> {
                        if (withStream) {
                          s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES);
                        } else {
                          s.streamEnabled(false);
                        }
                      }));
    } catch (ResourceInUseException e) {
      LOG.debug("Table {} created concurrently", table);
    } catch (SdkException e) {
      throw DynamoDbErrors.translate("create", table, client, e);
    }
    TableDescription created = awaitActive(table);
    enableTtl(table);
    LOG.info("Created DynamoDB table {} with stream {}", table, created.latestStreamArn());
    return state(created, true);
  }

  /** Turns the table's stream on (NEW_AND_OLD_IMAGES) and returns its state once active. */
  public TableState enableStream(String table) {
    try {
      client.updateTable(
          b ->
              b.tableName(table)
                  .streamSpecification(
                      s ->
                          s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
    } catch (SdkException e) {
      throw DynamoDbErrors.translate("enable the stream of", table, client, e);
    }
    TableDescription active = awaitActive(table);
    LOG.info("Enabled the stream of DynamoDB table {}: {}", table, active.latestStreamArn());
    return state(active, false);
  }

  private TableDescription describe(String table) {
    try {
      return client.describeTable(b -> b.tableName(table)).table();
    } catch (ResourceNotFoundException e) {
      return null;
    } catch (SdkException e) {
      throw DynamoDbErrors.translate("describe", table, client, e);
    }
  }

  private TableDescription awaitActive(String table) {
    try {
      return client
          .waiter()
          .waitUntilTableExists(
              DescribeTableRequest.builder().tableName(table).build(),
              WaiterOverrideConfiguration.builder()
                  .backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofSeconds(1)))
                  .maxAttempts(180)
                  .build())
          .matched()
          .response()
          .orElseThrow(
              () ->
                  new SampleDataException("Cannot create DynamoDB table " + table + ": timed out"))
          .table();
    } catch (SdkException e) {
      throw DynamoDbErrors.translate("wait for", table, client, e);
    }
  }

  private void enableTtl(String table) {
    try {
      client.updateTimeToLive(
          b ->
              b.tableName(table)
                  .timeToLiveSpecification(
                      t -> t.enabled(true).attributeName(SalesAttributes.TTL)));
    } catch (DynamoDbException e) {
      // The pipeline works without TTL; expiry is a retention nicety, not a requirement.
      LOG.warn(
          "Cannot enable TTL on {} (attribute {}): {}", table, SalesAttributes.TTL, e.getMessage());
    }
  }

  private static TableState state(TableDescription table, boolean created) {
    boolean enabled =
        table.streamSpecification() != null
            && Boolean.TRUE.equals(table.streamSpecification().streamEnabled());
    return new TableState(
        table.tableName(),
        created,
        enabled ? table.latestStreamArn() : null,
        enabled ? table.streamSpecification().streamViewTypeAsString() : null);
  }

  private static AttributeDefinition attribute(String name) {
    return AttributeDefinition.builder()
        .attributeName(name)
        .attributeType(ScalarAttributeType.S)
        .build();
  }

  private static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }
}
