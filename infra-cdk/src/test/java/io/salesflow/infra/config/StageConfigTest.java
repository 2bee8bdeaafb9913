package io.salesflow.infra.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Stage settings from cdk.json context, validated with messages that name the key and the fix. */
class StageConfigTest {

  private static final Path MODULE = Path.of("").toAbsolutePath();

  @Test
  void cdkJson_definesDevThatDestroys_andProdThatRetains() {
    StageConfig dev = read(context("dev"));
    StageConfig prod = read(context("prod"));

    assertThat(dev.retainData()).isFalse();
    assertThat(prod.retainData()).isTrue();
    assertThat(dev.bucketName()).isEqualTo("carousel-dev-analytics");
    assertThat(prod.database()).isEqualTo("pricing_intelligence_prod");
    assertThat(prod.lambdaRuntime()).isEqualTo("java25");
    assertThat(prod.etl().batchSize()).isEqualTo(1000);
    assertThat(prod.query().bytesScannedCutoffBytes()).isEqualTo(100L * 1024 * 1024 * 1024);
    assertThat(dev.artifacts().ddbStreamEtlJar())
        .isEqualTo(
            MODULE
                .getParent()
                .resolve("functions/ddb-stream-etl/target/ddb-stream-etl-lambda.jar"));
    assertThat(dev.artifacts().sqlDir()).isEqualTo(MODULE.getParent().resolve("sql"));
  }

  @Test
  void missingStage_asksForIt_listingTheStages() {
    Map<String, Object> context = context("dev");
    context.remove("stage");

    assertThatThrownBy(() -> read(context))
        .isInstanceOf(StageConfigException.class)
        .hasMessageContaining("Missing context stage: run with -c stage=<name>")
        .hasMessageContaining("dev, prod");
  }

  @Test
  void unknownStage_isRefused_namingTheKnownOnes() {
    assertThatThrownBy(() -> read(context("qa")))
        .isInstanceOf(StageConfigException.class)
        .hasMessageContaining("unknown stage 'qa'")
        .hasMessageContaining("dev, prod");
  }

  @Test
  void badValues_areAllReportedTogether_eachNamingItsKey() {
    Map<String, Object> context = context("dev");
    stageObject(context, "dev")
        .putAll(
            Map.of(
                "batchSize", 0,
                "parallelizationFactor", 11,
                "removalPolicy", "keep",
                "logRetentionDays", 10,
                "maxRecordAgeSeconds", 30,
                "etlMode", "merge"));
    context.put("bucketName", "Not_A_Bucket");

    assertThatThrownBy(() -> read(context))
        .isInstanceOfSatisfying(
            StageConfigException.class,
            e ->
                assertThat(e.problems())
                    .hasSize(7)
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .startsWith(
                                    "Invalid context batchSize: 0, must be between 1 and 10000"))
                    .anySatisfy(
                        p -> assertThat(p).startsWith("Invalid context parallelizationFactor: 11"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .contains("removalPolicy: 'keep', must be one of retain, destroy"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .contains(
                                    "logRetentionDays: 10, must be a CloudWatch Logs retention"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .contains(
                                    "maxRecordAgeSeconds: 30, must be -1 (no limit) or between 60"))
                    .anySatisfy(p -> assertThat(p).contains("etlMode: 'merge'"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .contains(
                                    "bucketName: 'Not_A_Bucket', must be a valid S3 bucket name")));
  }

  @Test
  void misspelledSetting_isRefusedRatherThanIgnored() {
    Map<String, Object> context = context("prod");
    stageObject(context, "prod").put("batchsize", 100);

    assertThatThrownBy(() -> read(context))
        .isInstanceOf(StageConfigException.class)
        .hasMessageContaining("Invalid context salesflow:stages.prod.batchsize: unknown setting")
        .hasMessageContaining("batchSize");
  }

  @Test
  void everyArtifactSetting_isAcceptedInAStageObject() {
    Map<String, Object> context = context("prod");
    stageObject(context, "prod")
        .putAll(
            Map.of(
                "repoRoot", "..",
                "schemaBootstrapJar",
                    "functions/schema-bootstrap/target/schema-bootstrap-lambda.jar",
                "ddbStreamEtlJar", "functions/ddb-stream-etl/target/ddb-stream-etl-lambda.jar",
                "athenaQueryJar", "functions/athena-query/target/athena-query-lambda.jar",
                "tableMaintenanceJar",
                    "functions/table-maintenance/target/table-maintenance-lambda.jar"));

    Artifacts artifacts = read(context).artifacts();

    assertThat(ArtifactsReader.KEYS)
        .containsExactlyInAnyOrder(
            "repoRoot",
            "schemaBootstrapJar",
            "ddbStreamEtlJar",
            "athenaQueryJar",
            "tableMaintenanceJar");
    assertThat(artifacts.repoRoot()).isEqualTo(MODULE.getParent());
    assertThat(artifacts.tableMaintenanceJar())
        .isEqualTo(
            MODULE
                .getParent()
                .resolve("functions/table-maintenance/target/table-maintenance-lambda.jar"));
  }

  @Test
  void tableMaintenanceJar_inTheStageObject_pointsTheStackAtThatJar(@TempDir Path dir)
      throws IOException {
    // Given a jar elsewhere (only its existence is checked before synthesis)
    Path jar = Files.createFile(dir.resolve("table-maintenance-custom.jar"));
    Map<String, Object> context = context("dev");
    stageObject(context, "dev").put("tableMaintenanceJar", jar.toString());

    assertThat(read(context).artifacts().tableMaintenanceJar()).isEqualTo(jar);
  }

  @Test
  void commandLineValue_overridesTheStageObject() {
    Map<String, Object> context = context("prod");
    context.put("etlMemoryMb", "4096");
    context.put("reportTenants", "a-shop, b-shop");
    context.put("alarmEmail", "ops@example.com");

    StageConfig config = read(context);

    assertThat(config.etl().memoryMb()).isEqualTo(4096);
    assertThat(config.query().reportTenants()).containsExactly("a-shop", "b-shop");
    assertThat(config.alarms().email()).contains("ops@example.com");
  }

  @Test
  void commitSafetyMargin_mustLeaveTimeToCommit() {
    Map<String, Object> context = context("dev");
    context.put("etlTimeoutSeconds", "30");
    context.put("etlCommitSafetyMarginMs", "30000");

    assertThatThrownBy(() -> read(context))
        .hasMessageContaining(
            "Invalid context etlCommitSafetyMarginMs: 30000, must be below etlTimeoutSeconds");
  }

  @Test
  void moreTenantsThanRuleTargets_isRefused() {
    Map<String, Object> context = context("dev");
    context.put("reportTenants", "a,b,c,d,e,f");

    assertThatThrownBy(() -> read(context)).hasMessageContaining("6 tenants, at most 5");
  }

  @Test
  void maintenanceSettings_absentFromTheStage_defaultToTheNightlyRunWithLambdasLongestTimeout() {
    Map<String, Object> context = context("dev");
    stageObject(context, "dev").keySet().removeAll(MaintenanceReader.KEYS);

    MaintenanceSettings maintenance = read(context).maintenance();

    assertThat(maintenance)
        .isEqualTo(new MaintenanceSettings(3008, 900, "cron(15 3 * * ? *)", 24, 72));
  }

  @Test
  void maintenanceSettings_fromTheCommandLine_overrideTheStage() {
    Map<String, Object> context = context("prod");
    context.put("maintenanceMemoryMb", "2048");
    context.put("maintenanceTimeoutSeconds", "600");
    context.put("maintenanceSchedule", "cron(30 1 ? * SUN *)");
    context.put("maintenanceActiveMonths", "36");
    context.put("maintenanceOrphanMinAgeHours", "168");

    assertThat(read(context).maintenance())
        .isEqualTo(new MaintenanceSettings(2048, 600, "cron(30 1 ? * SUN *)", 36, 168));
  }

  @Test
  void badMaintenanceValues_areAllReportedTogether_eachNamingItsKey() {
    Map<String, Object> context = context("prod");
    stageObject(context, "prod")
        .putAll(
            Map.of(
                "maintenanceMemoryMb", 512,
                "maintenanceTimeoutSeconds", 60,
                "maintenanceSchedule", "cron(15 3 * * *)",
                "maintenanceActiveMonths", 0,
                "maintenanceOrphanMinAgeHours", 12));

    assertThatThrownBy(() -> read(context))
        .isInstanceOfSatisfying(
            StageConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactlyInAnyOrder(
                        "Invalid context maintenanceMemoryMb: 512, must be between 1024 and 10240",
                        "Invalid context maintenanceTimeoutSeconds: 60, must be between 120 and"
                            + " 900",
                        "Invalid context maintenanceSchedule: 'cron(15 3 * * *)', has 5 fields,"
                            + " needs 6; must be an EventBridge cron expression cron(minutes hours"
                            + " day-of-month month day-of-week year) with '?' in exactly one of"
                            + " day-of-month and day-of-week, e.g. cron(15 3 * * ? *)",
                        "Invalid context maintenanceActiveMonths: 0, must be between 1 and 1200",
                        "Invalid context maintenanceOrphanMinAgeHours: 12, must be between 24 and"
                            + " 8760"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "rate(1 day)                | not a cron(...) expression",
        "0 3 * * ? *                | not a cron(...) expression",
        "cron(15 3 * * * *)         | needs '?' in exactly one of day-of-month and day-of-week",
        "cron(15 3 ? * ? *)         | needs '?' in exactly one of day-of-month and day-of-week",
        "cron(15 24 * * ? *)        | hours '24' is not a value, range, list or step within 0-23",
        "cron(60 3 * * ? *)         | minutes '60' is not a value",
        "cron(15 3 ? * 8 *)         | day-of-week '8' is not a value, range, list or step within"
            + " 1-7 (or SUN...)",
        "cron(15 3 ? * MON-FRIDAY *) | day-of-week 'MON-FRIDAY' is not a value",
        "cron(15 3 * 13 ? *)        | month '13' is not a value",
        "cron(0/0 3 * * ? *)        | minutes '0/0' is not a value",
        "cron(15 3 32W * ? *)       | day-of-month '32W' names no day of the month",
        "cron(15 3 * * ? 1969)      | year '1969' is not a value",
        "cron(? 3 * * ? *)          | minutes '?' is not a value"
      })
  void badMaintenanceSchedule_isRefused_sayingWhatIsWrongAndTheForm(
      String schedule, String reason) {
    Map<String, Object> context = context("dev");
    context.put("maintenanceSchedule", schedule);

    assertThatThrownBy(() -> read(context))
        .isInstanceOf(StageConfigException.class)
        .hasMessageContaining("Invalid context maintenanceSchedule: '" + schedule + "', " + reason)
        .hasMessageContaining("must be an EventBridge cron expression cron(minutes hours");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "cron(15 3 * * ? *)",
        "cron(0/30 1-4 ? * MON-FRI *)",
        "cron(0 2 L * ? *)",
        "cron(0 2 15W * ? 2030-2040)",
        "cron(0 2 ? * 6#3 *)",
        "cron(0 2 ? * 6L *)",
        "cron(5,35 */6 1,15 jan-jun ? *)"
      })
  void eventBridgeCronExpressions_areAccepted(String schedule) {
    Map<String, Object> context = context("dev");
    context.put("maintenanceSchedule", schedule);

    assertThat(read(context).maintenance().schedule()).isEqualTo(schedule);
  }

  @Test
  void misspelledMaintenanceSetting_isRefused_namingTheRealOne() {
    Map<String, Object> context = context("dev");
    stageObject(context, "dev").put("maintenanceMemory", 2048);

    assertThatThrownBy(() -> read(context))
        .isInstanceOf(StageConfigException.class)
        .hasMessageContaining("Invalid context salesflow:stages.dev.maintenanceMemory: unknown")
        .hasMessageContaining("maintenanceMemoryMb, maintenanceOrphanMinAgeHours");
  }

  @Test
  void missingLambdaJar_namesTheBuildCommand(@TempDir Path repo) throws IOException {
    for (String dir : List.of("sql", "lifecycle", "functions")) {
      Files.createDirectories(repo.resolve(dir));
    }
    Map<String, Object> context = context("dev");
    context.put("repoRoot", repo.toString());

    assertThatThrownBy(() -> read(context))
        .isInstanceOfSatisfying(
            StageConfigException.class,
            e ->
                assertThat(e.problems())
                    .hasSize(4)
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .startsWith("Cannot find the ddb-stream-etl Lambda jar at")
                                .contains("mvn -B -ntp -pl functions/ddb-stream-etl -am package")
                                .contains("-c ddbStreamEtlJar=")));
  }

  @Test
  void lambdaJars_fitLambdasDeploymentPackageLimit() throws IOException {
    Artifacts artifacts = read(context("prod")).artifacts();

    for (Path jar :
        List.of(
            artifacts.schemaBootstrapJar(),
            artifacts.ddbStreamEtlJar(),
            artifacts.athenaQueryJar(),
            artifacts.tableMaintenanceJar())) {
      long unzipped = 0;
      try (var zip = new java.util.zip.ZipFile(jar.toFile())) {
        for (var entries = zip.entries(); entries.hasMoreElements(); ) {
          unzipped += entries.nextElement().getSize();
        }
      }
      // Lambda's limit for a package deployed from S3 (as CDK assets are): 250 MB unzipped.
      assertThat(unzipped).as("%s unzipped", jar.getFileName()).isLessThan(250L * 1024 * 1024);
    }
  }

  private static StageConfig read(Map<String, Object> context) {
    return StageConfig.from(context::get, MODULE);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> stageObject(Map<String, Object> context, String stage) {
    var stages = (Map<String, Object>) context.get(StageConfig.STAGES);
    return (Map<String, Object>) stages.get(stage);
  }

  /** cdk.json's context (deep-copied, mutable) plus {@code stage}. */
  static Map<String, Object> context(String stage) {
    try {
      Map<String, Object> cdkJson =
          new ObjectMapper()
              .readValue(MODULE.resolve("cdk.json").toFile(), new TypeReference<>() {});
      @SuppressWarnings("unchecked")
      Map<String, Object> context = new HashMap<>((Map<String, Object>) cdkJson.get("context"));
      Map<?, ?> stages = (Map<?, ?>) context.get(StageConfig.STAGES);
      Map<String, Object> copy = new LinkedHashMap<>();
      stages.forEach((k, v) -> copy.put((String) k, new LinkedHashMap<>((Map<?, ?>) v)));
      context.put(StageConfig.STAGES, copy);
      context.put("stage", stage);
      return context;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
