package io.salesflow.infra;

import static io.salesflow.infra.TestStacks.properties;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesflow.infra.config.MaintenanceSettings;
import io.salesflow.infra.config.StageConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.assertions.Template;

/** The table-maintenance function and its schedule take the stage's maintenance settings. */
class MaintenanceTest {

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void functionScheduleAndEnvironment_areTheStagesSettings_todaysNightlyRunInBothStages(
      String stage) {
    MaintenanceSettings settings =
        StageConfig.from(TestStacks.context(stage, Map.of())::get, TestStacks.MODULE).maintenance();

    assertThat(settings)
        .isEqualTo(new MaintenanceSettings(3008, 900, "cron(15 3 * * ? *)", 24, 72));
    assertDeployed(TestStacks.template(stage), settings);
  }

  @Test
  void commandLineOverrides_reachTheFunctionTheRuleAndTheEnvironment() {
    Map<String, Object> overrides =
        Map.of(
            "maintenanceMemoryMb", "2048",
            "maintenanceTimeoutSeconds", "600",
            "maintenanceSchedule", "cron(30 1 ? * SUN *)",
            "maintenanceActiveMonths", "36",
            "maintenanceOrphanMinAgeHours", "168");

    Template t = Template.fromStack(TestStacks.build("prod", overrides));

    assertDeployed(t, new MaintenanceSettings(2048, 600, "cron(30 1 ? * SUN *)", 36, 168));
    assertThat(properties(only(t, "AWS::Events::Rule", "MaintenanceNightly")).get("Description"))
        .isEqualTo(
            "Runs table-maintenance on cron(30 1 ? * SUN *); an unfinished run resumes on the next");
  }

  @SuppressWarnings("unchecked")
  private static void assertDeployed(Template t, MaintenanceSettings expected) {
    var fn = properties(only(t, "AWS::Lambda::Function", "MaintenanceFunction"));
    assertThat(fn)
        .containsEntry("MemorySize", expected.memoryMb())
        .containsEntry("Timeout", expected.timeoutSeconds())
        .containsEntry("ReservedConcurrentExecutions", 1);
    var env = (Map<String, Object>) ((Map<String, Object>) fn.get("Environment")).get("Variables");
    assertThat(env)
        .containsEntry("MAINTENANCE_ACTIVE_MONTHS", Integer.toString(expected.activeMonths()))
        .containsEntry(
            "MAINTENANCE_ORPHAN_MIN_AGE_HOURS", Integer.toString(expected.orphanMinAgeHours()))
        .containsEntry("MAINTENANCE_RESERVE_MS", "60000")
        .containsEntry("MAINTENANCE_TASKS", "compact,archive,manifests,expire,orphans");
    assertThat(properties(only(t, "AWS::Events::Rule", "MaintenanceNightly")))
        .containsEntry("ScheduleExpression", expected.schedule())
        .containsEntry("State", "ENABLED");
  }

  private static Map<String, Object> only(Template t, String type, String idPrefix) {
    var matches =
        t.findResources(type).entrySet().stream()
            .filter(e -> e.getKey().startsWith(idPrefix))
            .toList();
    assertThat(matches).as("%s %s*", type, idPrefix).hasSize(1);
    return matches.get(0).getValue();
  }
}
