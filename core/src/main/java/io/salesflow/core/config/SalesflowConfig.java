package io.salesflow.core.config;

import io.salesflow.core.catalog.CatalogSettings;
import io.salesflow.core.table.Locations;
import io.salesflow.core.table.SalesHistoryTable;
import io.salesflow.core.table.SalesTables;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where the salesflow tables live and how to reach their catalog, read once from the environment
 * and validated. Every function reads this record; function-specific settings live in their own
 * records that compose it.
 *
 * @param stage deployment stage, e.g. {@code dev}
 * @param database Glue database / Iceberg namespace, {@code pricing_intelligence_{stage}} by
 *     default
 * @param warehouse S3 prefix of the tables, {@code s3://{bucket}/pricing-intelligence} by default
 * @param keyColumns sale key of the DynamoDB table, the identifier fields of sales_history
 * @param catalog how to build the Iceberg catalog
 */
public record SalesflowConfig(
    String stage,
    String database,
    String warehouse,
    List<String> keyColumns,
    CatalogSettings catalog) {

  /** Deployment stage (required): lower-case letters, digits and dashes, e.g. {@code dev}. */
  public static final String STAGE = "SALESFLOW_STAGE";

  /** Database name override; default {@code pricing_intelligence_{stage}}. */
  public static final String DATABASE = "SALESFLOW_DATABASE";

  /** Analytics bucket holding the tables (required unless SALESFLOW_WAREHOUSE is set). */
  public static final String BUCKET = "SALESFLOW_ANALYTICS_BUCKET";

  /** Full warehouse location override, e.g. {@code s3://bucket/pricing-intelligence}. */
  public static final String WAREHOUSE = "SALESFLOW_WAREHOUSE";

  /** Sale key columns, comma separated; default {@code tenant_id,product_id}. */
  public static final String KEY_COLUMNS = "SALESFLOW_KEY_COLUMNS";

  /** Catalog implementation: {@code glue} (default), {@code rest} or {@code jdbc}. */
  public static final String CATALOG_TYPE = "SALESFLOW_CATALOG_TYPE";

  /** Catalog URI: required for rest ({@code http(s)://...}) and jdbc ({@code jdbc:...}). */
  public static final String CATALOG_URI = "SALESFLOW_CATALOG_URI";

  /** Extra Iceberg catalog properties, {@code key=value} pairs separated by commas. */
  public static final String CATALOG_PROPERTIES = "SALESFLOW_CATALOG_PROPERTIES";

  /** S3 endpoint override for S3-compatible servers (path-style access is then used). */
  public static final String S3_ENDPOINT = "SALESFLOW_S3_ENDPOINT";

  /** AWS region; Lambda sets it. */
  public static final String REGION = "AWS_REGION";

  private static final Pattern STAGE_PATTERN = Pattern.compile("[a-z][a-z0-9-]{0,19}");
  private static final Pattern DATABASE_PATTERN = Pattern.compile("[a-z][a-z0-9_]{0,254}");
  // S3 bucket naming rules, without the rarely used dotted forms' IP-address check.
  private static final Pattern BUCKET_PATTERN = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern WAREHOUSE_PATTERN = Pattern.compile("(s3|s3a|file):/.+");
  private static final Pattern COLUMN_PATTERN = Pattern.compile("[a-z][a-z0-9_]*");
  private static final Pattern REGION_PATTERN = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");

  public SalesflowConfig {
    keyColumns = List.copyOf(keyColumns);
  }

  /** Reads and validates; throws {@link ConfigException} listing every problem. */
  public static SalesflowConfig from(Map<String, String> env) {
    EnvReader reader = new EnvReader(env);
    SalesflowConfig config = read(reader);
    reader.throwIfInvalid();
    return config;
  }

  /** Reads from the process environment. */
  public static SalesflowConfig fromEnvironment() {
    return from(System.getenv());
  }

  /**
   * Reads into {@code reader}, recording problems without throwing, so that a function config
   * composing this one reports all problems together. The result is only meaningful if {@code
   * reader.throwIfInvalid()} then passes.
   */
  public static SalesflowConfig read(EnvReader reader) {
    String stage =
        reader.matching(
            STAGE,
            reader.required(STAGE, "set it to the deployment stage, e.g. dev or prod"),
            STAGE_PATTERN,
            "must be lower-case letters, digits or '-', starting with a letter, at most 20 chars");
    String database =
        reader.matching(
            DATABASE,
            reader.optional(DATABASE, stage == null ? null : Locations.database(stage)),
            DATABASE_PATTERN,
            "must be lower-case letters, digits or '_', starting with a letter");
    String warehouse = readWarehouse(reader);
    List<String> keyColumns =
        reader.list(
            KEY_COLUMNS,
            SalesHistoryTable.DEFAULT_KEY_COLUMNS,
            COLUMN_PATTERN,
            "is not a column name (lower-case letters, digits, '_')");
    reader.parsed(
        KEY_COLUMNS,
        String.join(",", keyColumns),
        v -> SalesHistoryTable.schema(keyColumns),
        "must name required string/int columns of sales_history");
    return new SalesflowConfig(
        stage, database, warehouse, keyColumns, readCatalog(reader, warehouse));
  }

  private static String readWarehouse(EnvReader reader) {
    String explicit = reader.raw(WAREHOUSE);
    if (explicit != null) {
      String value =
          reader.matching(
              WAREHOUSE, explicit, WAREHOUSE_PATTERN, "must be an s3://bucket/prefix location");
      return value == null ? null : value.replaceAll("/+$", "");
    }
    String bucket =
        reader.matching(
            BUCKET,
            reader.required(
                BUCKET, "set it to the analytics bucket name, e.g. carousel-dev-analytics"),
            BUCKET_PATTERN,
            "must be a valid S3 bucket name (3-63 lower-case letters, digits, '.' or '-')");
    return bucket == null ? null : Locations.warehouse(bucket);
  }

  private static CatalogSettings readCatalog(EnvReader reader, String warehouse) {
    String type = reader.oneOf(CATALOG_TYPE, "glue", List.of("glue", "rest", "jdbc"));
    String uri = reader.raw(CATALOG_URI);
    Map<String, String> props = new LinkedHashMap<>();
    if ("rest".equals(type)) {
      URI parsed =
          reader.httpUri(
              CATALOG_URI,
              reader.required(
                  CATALOG_URI, "set it to the REST catalog URL, e.g. http://127.0.0.1:8181"));
      if (parsed != null) {
        props.put("uri", parsed.toString());
      }
    } else if ("jdbc".equals(type)) {
      String jdbc =
          reader.matching(
              CATALOG_URI,
              reader.required(
                  CATALOG_URI, "set it to a JDBC URL, e.g. jdbc:sqlite:/tmp/catalog.db"),
              Pattern.compile("jdbc:.+"),
              "must start with jdbc:");
      if (jdbc != null) {
        props.put("uri", jdbc);
      }
    } else if (uri != null && "glue".equals(type)) {
      reader.invalid(
          CATALOG_URI, uri, "is only used with SALESFLOW_CATALOG_TYPE=rest or jdbc; unset it");
    }
    String region =
        reader.matching(
            REGION, reader.raw(REGION), REGION_PATTERN, "must be an AWS region, e.g. eu-west-1");
    URI s3Endpoint = reader.httpUri(S3_ENDPOINT, reader.raw(S3_ENDPOINT));
    Map<String, String> extra = reader.properties(CATALOG_PROPERTIES);
    return CatalogSettings.of(type, warehouse, region, s3Endpoint, props, extra);
  }

  /** The table definitions of this stage. */
  public SalesTables tables() {
    return new SalesTables(database, warehouse, keyColumns);
  }
}
