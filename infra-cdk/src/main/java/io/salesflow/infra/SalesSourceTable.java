package io.salesflow.infra;

import io.salesflow.core.table.SalesHistoryTable;
import io.salesflow.infra.config.StageConfig;
import java.util.List;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.StreamViewType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.constructs.Construct;

/**
 * The DynamoDB sales table the ETL reads: keyed by the sale key the Iceberg table uses as its
 * identifier fields (partition key {@code tenant_id}, sort key {@code product_id}), on-demand,
 * point-in-time recovery, TTL on {@code ttl} (TTL deletions keep their history row), and a stream
 * with old and new images (upserts need the new image, moves between months the old one).
 */
public final class SalesSourceTable extends Construct {

  /** The TTL attribute. */
  public static final String TTL_ATTRIBUTE = "ttl";

  /**
   * Partition and sort key, in order: the sale key, i.e. the identifier fields of sales_history
   * ({@code SalesHistoryTable.DEFAULT_KEY_COLUMNS}). Built from core's column-name constants, which
   * the compiler inlines: reading the list itself would initialize that class and so need Iceberg
   * on the CDK app's class path. A test compares the two lists. The functions get it as
   * SALESFLOW_KEY_COLUMNS.
   */
  public static final List<String> KEY_COLUMNS =
      List.of(SalesHistoryTable.TENANT_ID, SalesHistoryTable.PRODUCT_ID);

  private final Table table;

  public SalesSourceTable(Construct scope, String id, StageConfig config) {
    super(scope, id);
    this.table =
        Table.Builder.create(this, "Table")
            .tableName(config.prefix() + "-sales")
            .partitionKey(
                Attribute.builder().name(KEY_COLUMNS.get(0)).type(AttributeType.STRING).build())
            .sortKey(
                Attribute.builder().name(KEY_COLUMNS.get(1)).type(AttributeType.STRING).build())
            .billingMode(BillingMode.PAY_PER_REQUEST)
            .pointInTimeRecoverySpecification(
                PointInTimeRecoverySpecification.builder().pointInTimeRecoveryEnabled(true).build())
            .timeToLiveAttribute(TTL_ATTRIBUTE)
            .stream(StreamViewType.NEW_AND_OLD_IMAGES)
            .deletionProtection(config.retainData())
            .removalPolicy(config.retainData() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
            .build();
  }

  /** The table, with its stream. */
  public ITable table() {
    return table;
  }

  /** The key columns as SALESFLOW_KEY_COLUMNS expects them. */
  public static String keyColumnsSetting() {
    return String.join(",", KEY_COLUMNS);
  }
}
