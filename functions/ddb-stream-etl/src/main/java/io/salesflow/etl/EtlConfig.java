package io.salesflow.etl;

import io.salesflow.core.config.ConfigException;
import io.salesflow.core.config.EnvReader;
import io.salesflow.core.config.SalesflowConfig;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Configuration of the ddb-stream-etl function, read once at init and validated; every problem is
 * reported together, each naming the variable and the fix.
 *
 * @param tables where the tables live and how to reach the catalog
 * @param mode upsert (default) or append
 * @param deleteMode upsert mode: position deletes found by key lookup (default) or equality deletes
 *     (see DeleteMode)
 * @param safetyMarginMillis no commit is started with less Lambda time left than this
 * @param commitAttempts attempts of the whole commit (each with Iceberg's own retries inside)
 * @param maxStringLength longest accepted string attribute (description), in characters
 * @param keyIndexMegabytes heap the position-mode key index may hold (estimated), 0 for none
 */
public record EtlConfig(
    SalesflowConfig tables,
    WriteMode mode,
    DeleteMode deleteMode,
    long safetyMarginMillis,
    int commitAttempts,
    int maxStringLength,
    int keyIndexMegabytes) {

  /** {@code upsert} (default) or {@code append}. */
  public static final String MODE = "ETL_MODE";

  /** {@code position} (default) or {@code equality}: how upsert mode deletes rows. */
  public static final String DELETE_MODE = "ETL_DELETE_MODE";

  /** Milliseconds of Lambda time that must remain to start a commit; default 10000. */
  public static final String SAFETY_MARGIN_MS = "ETL_COMMIT_SAFETY_MARGIN_MS";

  /** Attempts of the commit when it keeps conflicting; default 5. */
  public static final String COMMIT_ATTEMPTS = "ETL_COMMIT_ATTEMPTS";

  /** Longest accepted description, in characters; default 20000. */
  public static final String MAX_STRING_LENGTH = "ETL_MAX_STRING_LENGTH";

  /**
   * Megabytes of heap the key index may hold (estimated); default 512, a 1M-row month in a 2 GB
   * function; 0 turns it off (every lookup reads the table).
   */
  public static final String KEY_INDEX_MB = "ETL_KEY_INDEX_MB";

  public static final int DEFAULT_KEY_INDEX_MB = 512;
  public static final long DEFAULT_SAFETY_MARGIN_MS = 10_000;
  public static final int DEFAULT_COMMIT_ATTEMPTS = 5;
  public static final int DEFAULT_MAX_STRING_LENGTH = 20_000;

  /** Reads and validates; throws {@link ConfigException} listing every problem. */
  public static EtlConfig from(Map<String, String> env) {
    EnvReader reader = new EnvReader(env);
    SalesflowConfig tables = SalesflowConfig.read(reader);
    String mode = reader.oneOf(MODE, "upsert", List.of("upsert", "append"));
    String deleteMode = reader.oneOf(DELETE_MODE, "position", List.of("position", "equality"));
    long margin = reader.longInRange(SAFETY_MARGIN_MS, DEFAULT_SAFETY_MARGIN_MS, 0, 900_000);
    long attempts = reader.longInRange(COMMIT_ATTEMPTS, DEFAULT_COMMIT_ATTEMPTS, 1, 100);
    long maxString = reader.longInRange(MAX_STRING_LENGTH, DEFAULT_MAX_STRING_LENGTH, 1, 400_000);
    long keyIndex = reader.longInRange(KEY_INDEX_MB, DEFAULT_KEY_INDEX_MB, 0, 8_192);
    if (tables != null && "glue".equals(tables.catalog().type()) && !glueSdkPresent()) {
      reader.invalid(
          SalesflowConfig.CATALOG_TYPE,
          "glue",
          "this function reaches the Glue Data Catalog through Glue's Iceberg REST endpoint (the"
              + " Glue SDK is not in its jar): set SALESFLOW_CATALOG_TYPE=rest,"
              + " SALESFLOW_CATALOG_URI=https://glue.<region>.amazonaws.com/iceberg and"
              + " SALESFLOW_CATALOG_PROPERTIES=warehouse=<account id>,rest.sigv4-enabled=true,"
              + "rest.signing-name=glue,rest.signing-region=<region>");
    }
    reader.throwIfInvalid();
    return new EtlConfig(
        tables,
        WriteMode.valueOf(mode.toUpperCase(Locale.ROOT)),
        DeleteMode.valueOf(deleteMode.toUpperCase(Locale.ROOT)),
        margin,
        (int) attempts,
        (int) maxString,
        (int) keyIndex);
  }

  private static boolean glueSdkPresent() {
    try {
      Class.forName(
          "software.amazon.awssdk.services.glue.GlueClient",
          false,
          EtlConfig.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** Reads from the process environment. */
  public static EtlConfig fromEnvironment() {
    return from(System.getenv());
  }
}
