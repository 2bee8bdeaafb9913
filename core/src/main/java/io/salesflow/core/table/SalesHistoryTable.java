package io.salesflow.core.table;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.NullOrder;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * The {@code sales_history} table: one row per sale, as last seen in the DynamoDB sales table.
 *
 * <p>Field ids are those Iceberg assigns when it creates the table (top-level fields first, then
 * nested ones), so the definition and the created table compare equal. Partitioned by identity
 * {@code year}, {@code month} (both derived from {@code sold_date} in UTC, so queries can prune
 * with plain predicates); sorted by tenant then category to cluster each tenant's rows.
 */
public final class SalesHistoryTable {

  /** Table name in the catalog. */
  public static final String NAME = "sales_history";

  /** Number of values in every {@code embedding} (Amazon Titan multimodal embeddings). */
  public static final int EMBEDDING_DIMENSIONS = 1024;

  /** Sale key of the DynamoDB table, the default identifier (upsert key) of the table. */
  public static final List<String> DEFAULT_KEY_COLUMNS = List.of("tenant_id", "product_id");

  /** Precision and scale of {@code sold_price}. */
  public static final int PRICE_PRECISION = 10;

  public static final int PRICE_SCALE = 2;

  public static final String PRODUCT_ID = "product_id";
  public static final String TENANT_ID = "tenant_id";
  public static final String CATEGORY = "category";
  public static final String BRAND = "brand";
  public static final String CONDITION = "condition";
  public static final String SOLD_PRICE = "sold_price";
  public static final String SOLD_DATE = "sold_date";
  public static final String SEASON = "season";
  public static final String IMAGE_S3_KEY = "image_s3_key";
  public static final String EMBEDDING = "embedding";
  public static final String DESCRIPTION = "description";
  public static final String SOURCE = "source";
  public static final String YEAR = "year";
  public static final String MONTH = "month";
  public static final String STREAM_SEQ = "stream_seq";
  public static final String STREAM_EVENT = "stream_event";
  public static final String EVENT_TIME = "event_time";
  public static final String INGESTED_AT = "ingested_at";

  private static final Type TIMESTAMP = Types.TimestampType.withoutZone();

  private static final List<Types.NestedField> COLUMNS =
      List.of(
          required(1, PRODUCT_ID, Types.StringType.get(), "Product identifier"),
          required(2, TENANT_ID, Types.StringType.get(), "Multi-tenant identifier"),
          optional(3, CATEGORY, Types.StringType.get(), "Product category (coats, handbags, ...)"),
          optional(4, BRAND, Types.StringType.get(), "Product brand"),
          optional(
              5, CONDITION, Types.StringType.get(), "Condition (new_with_tags, like_new, ...)"),
          required(
              6,
              SOLD_PRICE,
              Types.DecimalType.of(PRICE_PRECISION, PRICE_SCALE),
              "Actual sale price, exact to the cent"),
          required(7, SOLD_DATE, TIMESTAMP, "Sale completion time, UTC"),
          required(8, SEASON, Types.StringType.get(), "Quarter of sold_date: Q1, Q2, Q3 or Q4"),
          optional(9, IMAGE_S3_KEY, Types.StringType.get(), "S3 key of the product image"),
          optional(
              10,
              EMBEDDING,
              Types.ListType.ofRequired(19, Types.DoubleType.get()),
              "1024-dimensional Titan embedding of the product image"),
          optional(11, DESCRIPTION, Types.StringType.get(), "Product description"),
          required(12, SOURCE, Types.StringType.get(), "Data source: smartgo or carousel"),
          required(13, YEAR, Types.IntegerType.get(), "Year of sold_date (UTC), partition"),
          required(14, MONTH, Types.IntegerType.get(), "Month 1-12 of sold_date (UTC), partition"),
          optional(
              15, STREAM_SEQ, Types.StringType.get(), "Lineage: DynamoDB stream sequence number"),
          optional(16, STREAM_EVENT, Types.StringType.get(), "Lineage: INSERT or MODIFY"),
          optional(
              17,
              EVENT_TIME,
              TIMESTAMP,
              "Lineage: approximate time DynamoDB recorded the change, UTC"),
          optional(18, INGESTED_AT, TIMESTAMP, "Lineage: time the ETL wrote the row, UTC"));

  private SalesHistoryTable() {}

  /**
   * The schema with the given key columns as identifier fields.
   *
   * @throws IllegalArgumentException if a key column is unknown, optional or not a string/int
   */
  public static Schema schema(List<String> keyColumns) {
    return new Schema(COLUMNS, identifierIds(keyColumns));
  }

  /** The full definition of {@code database.sales_history} under {@code warehouse}. */
  public static TableDefinition definition(
      String database, String warehouse, List<String> keyColumns) {
    Schema schema = schema(keyColumns);
    PartitionSpec spec = PartitionSpec.builderFor(schema).identity(YEAR).identity(MONTH).build();
    SortOrder order =
        SortOrder.builderFor(schema)
            .asc(TENANT_ID, NullOrder.NULLS_FIRST)
            .asc(CATEGORY, NullOrder.NULLS_FIRST)
            .build();
    Map<String, String> props = SalesTableProperties.common();
    // The embedding and free text are never filtered on: skip their column statistics.
    props.put("write.metadata.metrics.column." + EMBEDDING + ".element", "none");
    props.put("write.metadata.metrics.column." + DESCRIPTION, "counts");
    // Embedding values are near-unique floats: a dictionary for them only grows until Parquet
    // falls back to plain encoding, which was the largest cost of writing them (backfill
    // benchmark). Plain encoding from the start.
    props.put("write.parquet.dict-encoding-enabled.column." + EMBEDDING + ".element", "false");
    // The ETL looks rows up by key: Parquet Bloom filters on the key columns let it skip every
    // row group that cannot hold a key (min/max statistics of random ids rarely can).
    for (String key : keyColumns) {
      props.put(TableProperties.PARQUET_BLOOM_FILTER_COLUMN_ENABLED_PREFIX + key, "true");
    }
    return new TableDefinition(
        TableIdentifier.of(database, NAME),
        schema,
        spec,
        order,
        Locations.tableLocation(warehouse, NAME),
        SalesTableProperties.FORMAT_VERSION,
        props);
  }

  private static Set<Integer> identifierIds(List<String> keyColumns) {
    if (keyColumns == null || keyColumns.isEmpty()) {
      throw new IllegalArgumentException("Invalid key columns: at least one column is required");
    }
    Set<Integer> ids = new LinkedHashSet<>();
    for (String column : keyColumns) {
      Types.NestedField field =
          COLUMNS.stream().filter(f -> f.name().equals(column)).findFirst().orElse(null);
      if (field == null) {
        throw new IllegalArgumentException(
            "Invalid key column '"
                + column
                + "': not a column of "
                + NAME
                + ", use one of "
                + keyCandidates());
      }
      if (!isKeyCandidate(field)) {
        throw new IllegalArgumentException(
            "Invalid key column '"
                + column
                + "': must be a required string or int column, use one of "
                + keyCandidates());
      }
      if (!ids.add(field.fieldId())) {
        throw new IllegalArgumentException("Invalid key columns: '" + column + "' is listed twice");
      }
    }
    return ids;
  }

  private static boolean isKeyCandidate(Types.NestedField field) {
    return field.isRequired()
        && (field.type().typeId() == Type.TypeID.STRING
            || field.type().typeId() == Type.TypeID.INTEGER);
  }

  private static List<String> keyCandidates() {
    return COLUMNS.stream()
        .filter(SalesHistoryTable::isKeyCandidate)
        .map(Types.NestedField::name)
        .toList();
  }
}
