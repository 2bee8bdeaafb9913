package io.salesflow.infra.config;

import io.salesflow.core.table.Locations;
import io.salesflow.core.table.SalesHistoryErrorsTable;
import io.salesflow.core.table.SalesHistoryTable;
import io.salesflow.core.table.SalesHistoryTombstonesTable;
import java.util.List;

/**
 * Key prefixes of the analytics bucket (each ends with '/'). The Iceberg warehouse and table
 * locations come from the core module, the same code the functions use, so IAM scopes and lifecycle
 * checks cannot drift from where the tables really are.
 */
public final class BucketLayout {

  /** Where the live Iceberg tables are: {@code pricing-intelligence/}. */
  public static final String WAREHOUSE = Locations.WAREHOUSE_PREFIX + "/";

  /** Athena query results (the workgroup's output location); expire quickly. */
  public static final String ATHENA_RESULTS = "athena-results/";

  /** Reports written by athena-query (SALESFLOW_REPORT_PREFIX). */
  public static final String REPORTS = "reports/";

  /** Partitions moved out of the live table by the archival job; Glacier, then expiry. */
  public static final String ARCHIVE = "archive/";

  /**
   * DynamoDB exports the backfill reads ({@code ExportTableToPointInTime --s3-prefix exports/});
   * the backfill is granted read on this prefix only.
   */
  public static final String EXPORTS = "exports/";

  /** Temporary files of batch jobs; expire quickly. */
  public static final String STAGING = "staging/";

  /** The Iceberg tables in the warehouse. */
  public static final List<String> TABLES =
      List.of(
          SalesHistoryTable.NAME, SalesHistoryErrorsTable.NAME, SalesHistoryTombstonesTable.NAME);

  /**
   * The tables reports read: not the ETL's {@code sales_history_tombstones}, which only the ETL,
   * schema bootstrap and maintenance touch.
   */
  public static final List<String> QUERY_TABLES =
      List.of(SalesHistoryTable.NAME, SalesHistoryErrorsTable.NAME);

  private BucketLayout() {}

  /** {@code pricing-intelligence/{table}/}: data, delete and metadata files of one table. */
  public static String table(String table) {
    return WAREHOUSE + table + "/";
  }

  /** {@code pricing-intelligence/{table}/metadata/}. */
  public static String metadata(String table) {
    return table(table) + "metadata/";
  }

  /** Every table's prefix. */
  public static List<String> tablePrefixes() {
    return TABLES.stream().map(BucketLayout::table).toList();
  }

  /** The prefixes of the tables reports read. */
  public static List<String> queryTablePrefixes() {
    return QUERY_TABLES.stream().map(BucketLayout::table).toList();
  }

  /** Every table's metadata prefix. */
  public static List<String> metadataPrefixes() {
    return TABLES.stream().map(BucketLayout::metadata).toList();
  }
}
