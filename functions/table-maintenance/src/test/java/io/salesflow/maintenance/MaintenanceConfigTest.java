package io.salesflow.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesflow.core.config.ConfigException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MaintenanceConfigTest {

  private static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    env.put("SALESFLOW_STAGE", "dev");
    env.put("SALESFLOW_ANALYTICS_BUCKET", "carousel-dev-analytics");
    env.put("AWS_REGION", "eu-west-1");
    env.put("SALESFLOW_CATALOG_TYPE", "rest");
    env.put("SALESFLOW_CATALOG_URI", "https://glue.eu-west-1.amazonaws.com/iceberg");
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  @Test
  void defaults_runEveryTask_withAThreeDayOrphanWindow_andTheBucketsArchivePrefix() {
    MaintenanceConfig config = MaintenanceConfig.from(env());

    assertThat(config.tasks()).containsExactly(MaintenanceTask.values());
    assertThat(config.orphanMinAge()).isEqualTo(Duration.ofDays(3));
    assertThat(config.activeMonths()).isEqualTo(24);
    assertThat(config.archiveLocation()).isEqualTo("s3://carousel-dev-analytics/archive");
    assertThat(config.minInputFiles()).isEqualTo(5);
  }

  @Test
  void invalidValues_areAllReported_namingTheVariable() {
    assertThatThrownBy(
            () ->
                MaintenanceConfig.from(
                    env(
                        MaintenanceConfig.ORPHAN_MIN_AGE_HOURS, "2",
                        MaintenanceConfig.TASKS, "compact,vacuum",
                        MaintenanceConfig.ARCHIVE_LOCATION, "archive/")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Invalid MAINTENANCE_ORPHAN_MIN_AGE_HOURS: '2', must be between 24")
        .hasMessageContaining("Invalid MAINTENANCE_TASKS")
        .hasMessageContaining("Invalid MAINTENANCE_ARCHIVE_LOCATION: 'archive/'");
  }

  @Test
  void glueCatalog_isRefused_pointingToGluesIcebergRestEndpoint() {
    Map<String, String> env = env("SALESFLOW_CATALOG_TYPE", "glue");
    env.remove("SALESFLOW_CATALOG_URI");

    assertThatThrownBy(() -> MaintenanceConfig.from(env))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Invalid SALESFLOW_CATALOG_TYPE: 'glue'")
        .hasMessageContaining("SALESFLOW_CATALOG_TYPE=rest");
  }

  @Test
  void orphanWindow_shorterThanADay_isRefused() {
    MaintenanceConfig config = MaintenanceConfig.from(env());

    assertThatThrownBy(() -> config.withOrphanMinAge(Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 24 hours");
    assertThat(config.withOrphanMinAge(Duration.ofDays(7)).orphanMinAge())
        .isEqualTo(Duration.ofDays(7));
  }

  @Test
  void partitions_parseAndOrderByMonth() {
    MonthPartition march = MonthPartition.parse("year=2024/month=3");

    assertThat(march).isEqualTo(new MonthPartition(2024, 3));
    assertThat(march).isLessThan(new MonthPartition(2024, 11));
    assertThatThrownBy(() -> MonthPartition.parse("2024-03"))
        .hasMessageContaining("Invalid partition '2024-03'");
  }
}
