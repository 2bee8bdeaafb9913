package io.salesflow.infra.config;

import io.salesflow.core.table.Locations;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Everything that differs between stages, read once from CDK context and validated: {@code -c
 * stage=dev} picks the stage object under {@value #STAGES} in {@code cdk.json}; any setting can be
 * overridden with {@code -c <setting>=<value>}. All problems are reported together ({@link
 * StageConfigException}), each naming the context key and the fix.
 *
 * @param stage stage name, e.g. {@code dev}
 * @param bucketName analytics bucket
 * @param database Glue database, {@code pricing_intelligence_{stage}}
 * @param retainData {@code removalPolicy=retain}: bucket, table and database survive {@code cdk
 *     destroy} and the stack has termination protection; {@code destroy} removes them
 * @param lambdaRuntime Lambda runtime of the four functions ({@code java25} or {@code java21})
 * @param logRetentionDays retention of the functions' log groups
 * @param account AWS account to pin the stack to, if set
 * @param region AWS region to pin the stack to, if set
 * @param etl ingestion settings
 * @param query reporting settings
 * @param maintenance table-maintenance settings
 * @param alarms alarm settings
 * @param artifacts input files
 */
public record StageConfig(
    String stage,
    String bucketName,
    String database,
    boolean retainData,
    String lambdaRuntime,
    int logRetentionDays,
    Optional<String> account,
    Optional<String> region,
    EtlSettings etl,
    QuerySettings query,
    MaintenanceSettings maintenance,
    AlarmSettings alarms,
    Artifacts artifacts) {

  /** Context key of the stage to synthesize (required): {@code -c stage=dev}. */
  public static final String STAGE = "stage";

  /** Context key (in {@code cdk.json}) of the per-stage settings objects, by stage name. */
  public static final String STAGES = "salesflow:stages";

  /** Analytics bucket name; default {@code carousel-{stage}-analytics}. */
  public static final String BUCKET_NAME = "bucketName";

  /** {@code retain} (default) or {@code destroy}. */
  public static final String REMOVAL_POLICY = "removalPolicy";

  /** {@code java25} (default: the newest Java runtime with SnapStart) or {@code java21}. */
  public static final String LAMBDA_RUNTIME = "lambdaRuntime";

  /** Days the functions' logs are kept (a CloudWatch Logs retention value); default 30. */
  public static final String LOG_RETENTION_DAYS = "logRetentionDays";

  /** AWS account id to pin the stack to; default environment-agnostic. */
  public static final String ACCOUNT = "account";

  /** AWS region to pin the stack to; default environment-agnostic. */
  public static final String REGION = "region";

  /** CloudWatch Logs retention values (days) accepted by {@value #LOG_RETENTION_DAYS}. */
  static final Set<Integer> LOG_RETENTION_VALUES =
      Set.of(
          1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557,
          2922, 3288, 3653);

  private static final Pattern STAGE_PATTERN = Pattern.compile("[a-z][a-z0-9-]{0,19}");
  private static final Pattern BUCKET_PATTERN =
      Pattern.compile("(?!xn--)(?!.*\\.\\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern ACCOUNT_PATTERN = Pattern.compile("\\d{12}");
  private static final Pattern REGION_PATTERN = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");

  public StageConfig {
    account = account == null ? Optional.empty() : account;
    region = region == null ? Optional.empty() : region;
  }

  /**
   * Reads and validates the configuration of the stage named by the {@value #STAGE} context key.
   *
   * @param context CDK context lookup, e.g. {@code app.getNode()::tryGetContext}
   * @param workingDirectory where relative paths and the repository root search start
   * @throws StageConfigException listing every problem
   */
  public static StageConfig from(
      Function<String, Object> context, java.nio.file.Path workingDirectory) {
    Map<String, Map<String, Object>> stages = stages(context.apply(STAGES));
    Object stageValue = context.apply(STAGE);
    if (stageValue == null || stageValue.toString().isBlank()) {
      throw new StageConfigException(
          List.of(
              "Missing context "
                  + STAGE
                  + ": run with -c stage=<name>; stages in cdk.json: "
                  + String.join(", ", stages.keySet())));
    }
    String stage = stageValue.toString().trim();
    if (!stages.containsKey(stage)) {
      throw new StageConfigException(
          List.of(
              "Invalid context "
                  + STAGE
                  + ": unknown stage '"
                  + stage
                  + "'; stages in cdk.json ("
                  + STAGES
                  + "): "
                  + String.join(", ", stages.keySet())));
    }
    ContextReader reader = new ContextReader(context, stages.get(stage), STAGES + "." + stage);
    reader.rejectUnknown(knownSettings());
    StageConfig config = read(reader, stage, workingDirectory);
    if (!reader.problems().isEmpty()) {
      throw new StageConfigException(reader.problems());
    }
    return config;
  }

  private static StageConfig read(
      ContextReader reader, String stage, java.nio.file.Path workingDirectory) {
    if (!STAGE_PATTERN.matcher(stage).matches()) {
      reader.problem(
          "Invalid context "
              + STAGE
              + ": '"
              + stage
              + "', must be lower-case letters, digits or '-', starting with a letter, at most 20"
              + " characters");
    }
    String bucket =
        reader.matching(
            BUCKET_NAME,
            reader.string(BUCKET_NAME, "carousel-" + stage + "-analytics"),
            BUCKET_PATTERN,
            "must be a valid S3 bucket name (3-63 lower-case letters, digits, '.' or '-')");
    String removal = reader.oneOf(REMOVAL_POLICY, "retain", List.of("retain", "destroy"));
    String runtime = reader.oneOf(LAMBDA_RUNTIME, "java25", List.of("java25", "java21"));
    int retention = reader.integer(LOG_RETENTION_DAYS, 30, 1, 3653);
    if (!LOG_RETENTION_VALUES.contains(retention)) {
      reader.problem(
          "Invalid context "
              + LOG_RETENTION_DAYS
              + ": "
              + retention
              + ", must be a CloudWatch Logs retention: "
              + new TreeSet<>(LOG_RETENTION_VALUES));
    }
    Optional<String> account =
        Optional.ofNullable(
            reader.matching(
                ACCOUNT, reader.string(ACCOUNT, null), ACCOUNT_PATTERN, "must be 12 digits"));
    Optional<String> region =
        Optional.ofNullable(
            reader.matching(
                REGION,
                reader.string(REGION, null),
                REGION_PATTERN,
                "must be an AWS region, e.g. eu-west-1"));
    return new StageConfig(
        stage,
        bucket,
        Locations.database(stage),
        "retain".equals(removal),
        runtime,
        retention,
        account,
        region,
        SettingsReader.etl(reader),
        SettingsReader.query(reader),
        MaintenanceReader.read(reader),
        SettingsReader.alarms(reader),
        ArtifactsReader.read(reader, workingDirectory));
  }

  /** Every setting a stage object may hold. */
  static Set<String> knownSettings() {
    Set<String> keys =
        new TreeSet<>(
            Set.of(
                BUCKET_NAME, REMOVAL_POLICY, LAMBDA_RUNTIME, LOG_RETENTION_DAYS, ACCOUNT, REGION));
    keys.addAll(SettingsReader.KEYS);
    keys.addAll(MaintenanceReader.KEYS);
    keys.addAll(ArtifactsReader.KEYS);
    return keys;
  }

  private static Map<String, Map<String, Object>> stages(Object value) {
    if (!(value instanceof Map<?, ?> map) || map.isEmpty()) {
      throw new StageConfigException(
          List.of(
              "Missing context "
                  + STAGES
                  + ": cdk.json must define an object of stages, e.g. {\"dev\": {...}, \"prod\":"
                  + " {...}}"));
    }
    Map<String, Map<String, Object>> stages = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getValue() instanceof Map<?, ?> settings)) {
        throw new StageConfigException(
            List.of("Invalid context " + STAGES + "." + e.getKey() + ": must be an object"));
      }
      Map<String, Object> typed = new LinkedHashMap<>();
      settings.forEach((k, v) -> typed.put(String.valueOf(k), v));
      stages.put(String.valueOf(e.getKey()), typed);
    }
    return stages;
  }

  /** {@code salesflow-{stage}}. */
  public String stackName() {
    return "salesflow-" + stage;
  }

  /** A name prefix for this stage's resources, {@code salesflow-{stage}}. */
  public String prefix() {
    return "salesflow-" + stage;
  }
}
