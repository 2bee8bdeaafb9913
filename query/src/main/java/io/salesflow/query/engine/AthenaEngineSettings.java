package io.salesflow.query.engine;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where and how {@link AthenaQueryEngine} runs queries.
 *
 * @param workgroup Athena workgroup (engine v3), e.g. {@code primary}
 * @param catalog data catalog, {@code AwsDataCatalog} for Glue
 * @param database database the queries' unqualified tables resolve in
 * @param outputLocation {@code s3://} prefix for result files, or {@code null} to use the
 *     workgroup's (required when the workgroup enforces its own)
 * @param firstPoll delay before the second status poll; doubles up to {@code maxPoll}
 * @param maxPoll longest delay between status polls
 */
public record AthenaEngineSettings(
    String workgroup,
    String catalog,
    String database,
    String outputLocation,
    Duration firstPoll,
    Duration maxPoll) {

  /** Glue's data catalog in Athena. */
  public static final String DEFAULT_CATALOG = "AwsDataCatalog";

  /** Default first polling delay. */
  public static final Duration DEFAULT_FIRST_POLL = Duration.ofMillis(200);

  /** Default longest polling delay. */
  public static final Duration DEFAULT_MAX_POLL = Duration.ofSeconds(2);

  private static final Pattern WORKGROUP = Pattern.compile("[a-zA-Z0-9._-]{1,128}");
  private static final Pattern CATALOG = Pattern.compile("[a-zA-Z0-9_@-]{1,256}");
  private static final Pattern DATABASE = Pattern.compile("[a-z0-9_]{1,255}");

  public AthenaEngineSettings {
    check(WORKGROUP, workgroup, "workgroup", "letters, digits, '.', '_' or '-'");
    check(CATALOG, catalog, "catalog", "letters, digits, '_', '@' or '-'");
    check(DATABASE, database, "database", "lower-case letters, digits or '_'");
    if (outputLocation != null && !outputLocation.startsWith("s3://")) {
      throw new IllegalArgumentException(
          "Invalid Athena output location: '" + outputLocation + "', must start with s3://");
    }
    Objects.requireNonNull(firstPoll, "firstPoll");
    Objects.requireNonNull(maxPoll, "maxPoll");
  }

  /** Settings with the default catalog and polling delays. */
  public static AthenaEngineSettings of(String workgroup, String database, String outputLocation) {
    return new AthenaEngineSettings(
        workgroup, DEFAULT_CATALOG, database, outputLocation, DEFAULT_FIRST_POLL, DEFAULT_MAX_POLL);
  }

  private static void check(Pattern pattern, String value, String what, String rule) {
    if (value == null || !pattern.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "Invalid Athena " + what + ": '" + value + "', must be " + rule);
    }
  }
}
