package io.salesflow.core.table;

/** Naming of databases and S3 locations per stage. */
public final class Locations {

  /** Prefix of every table under the analytics bucket. */
  public static final String WAREHOUSE_PREFIX = "pricing-intelligence";

  private Locations() {}

  /** {@code pricing_intelligence_{stage}}, with dashes in the stage turned into underscores. */
  public static String database(String stage) {
    return "pricing_intelligence_" + stage.replace('-', '_');
  }

  /** {@code s3://{bucket}/pricing-intelligence}. */
  public static String warehouse(String bucket) {
    return "s3://" + bucket + "/" + WAREHOUSE_PREFIX;
  }

  /** {@code {warehouse}/{table}}, without a trailing slash. */
  public static String tableLocation(String warehouse, String table) {
    String base =
        warehouse.endsWith("/") ? warehouse.substring(0, warehouse.length() - 1) : warehouse;
    return base + "/" + table;
  }
}
