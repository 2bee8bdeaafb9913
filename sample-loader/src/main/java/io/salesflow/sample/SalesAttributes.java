package io.salesflow.sample;

/**
 * Attribute names of the DynamoDB sales table: partition key {@code tenant_id}, sort key {@code
 * product_id}, the sale's fields as in the seed, and {@code ttl} (epoch seconds, 7 years after the
 * sale: the seed's retention).
 */
public final class SalesAttributes {

  /** Partition key (S). */
  public static final String TENANT_ID = "tenant_id";

  /** Sort key (S). */
  public static final String PRODUCT_ID = "product_id";

  public static final String CATEGORY = "category";
  public static final String BRAND = "brand";
  public static final String CONDITION = "condition";

  /** Sale price (N), exact to the cent. */
  public static final String SOLD_PRICE = "sold_price";

  /** Sale time (S), ISO-8601 UTC, e.g. {@code 2024-03-15T14:23:11Z}. */
  public static final String SOLD_DATE = "sold_date";

  /** Quarter of {@code sold_date} (S): Q1..Q4. */
  public static final String SEASON = "season";

  public static final String IMAGE_S3_KEY = "image_s3_key";

  /** 1024 values: a list of numbers (L of N) or a little-endian float32/float64 blob (B). */
  public static final String EMBEDDING = "embedding";

  public static final String DESCRIPTION = "description";

  /** smartgo or carousel (S). */
  public static final String SOURCE = "source";

  /** Expiry time (N, epoch seconds) for DynamoDB TTL. */
  public static final String TTL = "ttl";

  /** Default name of the sales table. */
  public static final String DEFAULT_TABLE = "sales";

  /** Retention of a sale in the sales table: 7 years, the seed's expiry rule. */
  public static final long TTL_DAYS = 2555;

  private SalesAttributes() {}
}
