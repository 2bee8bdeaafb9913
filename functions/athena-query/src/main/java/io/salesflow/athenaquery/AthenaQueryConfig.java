package io.salesflow.athenaquery;

import io.salesflow.core.config.EnvReader;
import io.salesflow.core.table.Locations;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Configuration of the athena-query function, read once from the environment and validated; every
 * bad value is reported with its variable and the fix. Stage and database follow the shared
 * variables of {@code SalesflowConfig} (same names, same rules); the catalog settings are not read:
 * this function only queries, through Athena (or Trino locally).
 *
 * @param stage deployment stage
 * @param database database the queries' tables resolve in
 * @param engine {@code athena} or {@code trino}
 * @param workgroup Athena workgroup
 * @param athenaCatalog Athena data catalog
 * @param athenaOutputLocation {@code s3://} prefix for Athena's result files, or {@code null} for
 *     the workgroup's
 * @param trinoUrl JDBC URL of Trino (engine trino only)
 * @param trinoUser Trino user
 * @param reportBucket bucket the reports are written to
 * @param reportPrefix key prefix of the reports, without slashes at either end
 * @param queryTimeout longest a query may run
 * @param maxRows most rows a report holds
 * @param s3Endpoint S3 endpoint override (local S3 servers), or {@code null}
 * @param region AWS region, or {@code null} for the SDK default
 */
public record AthenaQueryConfig(
    String stage,
    String database,
    String engine,
    String workgroup,
    String athenaCatalog,
    String athenaOutputLocation,
    String trinoUrl,
    String trinoUser,
    String reportBucket,
    String reportPrefix,
    Duration queryTimeout,
    int maxRows,
    URI s3Endpoint,
    String region) {

  /** Deployment stage (required), e.g. {@code dev}. */
  public static final String STAGE = "SALESFLOW_STAGE";

  /** Database override; default {@code pricing_intelligence_{stage}}. */
  public static final String DATABASE = "SALESFLOW_DATABASE";

  /** Analytics bucket: default for the report bucket and Athena's result location. */
  public static final String BUCKET = "SALESFLOW_ANALYTICS_BUCKET";

  /** Query engine: {@code athena} (default) or {@code trino} (local runs). */
  public static final String ENGINE = "SALESFLOW_QUERY_ENGINE";

  /** Athena workgroup (engine v3); default {@code primary}. */
  public static final String WORKGROUP = "SALESFLOW_ATHENA_WORKGROUP";

  /** Athena data catalog; default {@code AwsDataCatalog} (Glue). */
  public static final String ATHENA_CATALOG = "SALESFLOW_ATHENA_CATALOG";

  /** Athena result location; default {@code s3://{analytics bucket}/athena-results/}. */
  public static final String ATHENA_OUTPUT = "SALESFLOW_ATHENA_OUTPUT_LOCATION";

  /** Trino JDBC URL with the catalog, e.g. {@code jdbc:trino://127.0.0.1:8080/iceberg}. */
  public static final String TRINO_URL = "SALESFLOW_TRINO_URL";

  /** Trino user; default {@code salesflow}. */
  public static final String TRINO_USER = "SALESFLOW_TRINO_USER";

  /** Bucket for reports; default the analytics bucket. */
  public static final String REPORT_BUCKET = "SALESFLOW_REPORT_BUCKET";

  /** Key prefix for reports; default {@code reports}. */
  public static final String REPORT_PREFIX = "SALESFLOW_REPORT_PREFIX";

  /** Longest a query may run, seconds (1-900); default 600. */
  public static final String QUERY_TIMEOUT = "SALESFLOW_QUERY_TIMEOUT_SECONDS";

  /** Most rows a report holds (1-1,000,000); default 100,000. */
  public static final String MAX_ROWS = "SALESFLOW_QUERY_MAX_ROWS";

  /** S3 endpoint override for S3-compatible servers. */
  public static final String S3_ENDPOINT = "SALESFLOW_S3_ENDPOINT";

  /** AWS region; Lambda sets it. */
  public static final String REGION = "AWS_REGION";

  private static final Pattern STAGE_PATTERN = Pattern.compile("[a-z][a-z0-9-]{0,19}");
  private static final Pattern DATABASE_PATTERN = Pattern.compile("[a-z][a-z0-9_]{0,254}");
  private static final Pattern BUCKET_PATTERN = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern WORKGROUP_PATTERN = Pattern.compile("[a-zA-Z0-9._-]{1,128}");
  private static final Pattern CATALOG_PATTERN = Pattern.compile("[a-zA-Z0-9_@-]{1,256}");
  private static final Pattern S3_LOCATION =
      Pattern.compile("s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/.*)?");
  private static final Pattern PREFIX_PATTERN =
      Pattern.compile("[A-Za-z0-9!_.*'()-]+(/[A-Za-z0-9!_.*'()-]+)*");
  private static final Pattern REGION_PATTERN = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");

  /** Reads and validates; throws {@code ConfigException} listing every problem. */
  public static AthenaQueryConfig from(Map<String, String> env) {
    EnvReader r = new EnvReader(env);
    String stage =
        r.matching(
            STAGE,
            r.required(STAGE, "set it to the deployment stage, e.g. dev or prod"),
            STAGE_PATTERN,
            "must be lower-case letters, digits or '-', starting with a letter, at most 20 chars");
    String database =
        r.matching(
            DATABASE,
            r.optional(DATABASE, stage == null ? null : Locations.database(stage)),
            DATABASE_PATTERN,
            "must be lower-case letters, digits or '_', starting with a letter");
    String bucket =
        r.matching(BUCKET, r.raw(BUCKET), BUCKET_PATTERN, "must be a valid S3 bucket name");
    String engine = r.oneOf(ENGINE, "athena", List.of("athena", "trino"));
    String workgroup =
        r.matching(
            WORKGROUP,
            r.optional(WORKGROUP, "primary"),
            WORKGROUP_PATTERN,
            "must be 1-128 letters, digits, '.', '_' or '-'");
    String catalog =
        r.matching(
            ATHENA_CATALOG,
            r.optional(ATHENA_CATALOG, "AwsDataCatalog"),
            CATALOG_PATTERN,
            "must be letters, digits, '_', '@' or '-'");
    String output =
        r.matching(
            ATHENA_OUTPUT,
            r.optional(
                ATHENA_OUTPUT, bucket == null ? null : "s3://" + bucket + "/athena-results/"),
            S3_LOCATION,
            "must be an s3://bucket/prefix/ location");
    String trinoUrl = r.raw(TRINO_URL);
    if ("trino".equals(engine)) {
      trinoUrl =
          r.matching(
              TRINO_URL,
              r.required(
                  TRINO_URL,
                  "set it to Trino's JDBC URL with the catalog, e.g. jdbc:trino://127.0.0.1:8080/iceberg"),
              Pattern.compile("jdbc:trino://.+"),
              "must start with jdbc:trino://");
    } else if (trinoUrl != null) {
      r.invalid(TRINO_URL, trinoUrl, "is only used with " + ENGINE + "=trino; unset it");
    }
    String reportBucket =
        r.matching(
            REPORT_BUCKET,
            r.optional(REPORT_BUCKET, bucket),
            BUCKET_PATTERN,
            "must be a valid S3 bucket name");
    if (reportBucket == null && r.raw(REPORT_BUCKET) == null && bucket == null) {
      r.problem(
          "Missing "
              + REPORT_BUCKET
              + ": set it (or "
              + BUCKET
              + ") to the bucket the reports go to");
    }
    String prefix =
        r.matching(
            REPORT_PREFIX,
            r.optional(REPORT_PREFIX, "reports"),
            PREFIX_PATTERN,
            "must be S3 key segments separated by '/', without a leading or trailing '/'");
    long timeout = r.longInRange(QUERY_TIMEOUT, 600, 1, 900);
    long maxRows = r.longInRange(MAX_ROWS, 100_000, 1, 1_000_000);
    URI s3Endpoint = r.httpUri(S3_ENDPOINT, r.raw(S3_ENDPOINT));
    String region =
        r.matching(REGION, r.raw(REGION), REGION_PATTERN, "must be an AWS region, e.g. eu-west-1");
    r.throwIfInvalid();
    return new AthenaQueryConfig(
        stage,
        database,
        engine,
        workgroup,
        catalog,
        output,
        trinoUrl,
        r.optional(TRINO_USER, "salesflow"),
        reportBucket,
        prefix,
        Duration.ofSeconds(timeout),
        (int) maxRows,
        s3Endpoint,
        region);
  }

  /** Reads the process environment. */
  public static AthenaQueryConfig fromEnvironment() {
    return from(System.getenv());
  }
}
