package io.salesflow.etl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesflow.core.config.ConfigException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EtlConfigTest {

  private static Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("SALESFLOW_STAGE", "dev");
    env.put("SALESFLOW_ANALYTICS_BUCKET", "carousel-dev-analytics");
    env.put("SALESFLOW_CATALOG_TYPE", "rest");
    env.put("SALESFLOW_CATALOG_URI", "https://glue.eu-west-1.amazonaws.com/iceberg");
    return env;
  }

  @Test
  void defaults() {
    EtlConfig config = EtlConfig.from(env());

    assertThat(config.mode()).isEqualTo(WriteMode.UPSERT);
    assertThat(config.deleteMode()).isEqualTo(DeleteMode.POSITION);
    assertThat(config.safetyMarginMillis()).isEqualTo(10_000);
    assertThat(config.commitAttempts()).isEqualTo(5);
    assertThat(config.keyIndexMegabytes()).isEqualTo(512);
    assertThat(config.tables().database()).isEqualTo("pricing_intelligence_dev");
  }

  @Test
  void appendModeAndLimits() {
    Map<String, String> env = env();
    env.put("ETL_MODE", "APPEND");
    env.put("ETL_COMMIT_SAFETY_MARGIN_MS", "2500");
    env.put("ETL_COMMIT_ATTEMPTS", "9");
    env.put("ETL_DELETE_MODE", "equality");

    EtlConfig config = EtlConfig.from(env);

    assertThat(config.mode()).isEqualTo(WriteMode.APPEND);
    assertThat(config.deleteMode()).isEqualTo(DeleteMode.EQUALITY);
    assertThat(config.safetyMarginMillis()).isEqualTo(2500);
    assertThat(config.commitAttempts()).isEqualTo(9);
  }

  @Test
  void eachBadValue_hasItsOwnMessage_withTableConfigProblemsToo() {
    Map<String, String> env = env();
    env.put("ETL_MODE", "merge");
    env.put("ETL_COMMIT_SAFETY_MARGIN_MS", "-1");
    env.put("ETL_COMMIT_ATTEMPTS", "lots");
    env.put("ETL_MAX_STRING_LENGTH", "0");
    env.put("ETL_DELETE_MODE", "merge");
    env.put("ETL_KEY_INDEX_MB", "9000");
    env.remove("SALESFLOW_STAGE");

    assertThatThrownBy(() -> EtlConfig.from(env))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactlyInAnyOrder(
                        "Missing SALESFLOW_STAGE: set it to the deployment stage, e.g. dev or prod",
                        "Invalid ETL_MODE: 'merge', must be one of upsert, append",
                        "Invalid ETL_COMMIT_SAFETY_MARGIN_MS: '-1', must be between 0 and 900000",
                        "Invalid ETL_COMMIT_ATTEMPTS: 'lots', must be a whole number between 1 and 100",
                        "Invalid ETL_MAX_STRING_LENGTH: '0', must be between 1 and 400000",
                        "Invalid ETL_DELETE_MODE: 'merge', must be one of position, equality",
                        "Invalid ETL_KEY_INDEX_MB: '9000', must be between 0 and 8192"));
  }

  @Test
  void glueCatalogType_pointsToGlueRestEndpoint() {
    Map<String, String> env = env();
    env.put("SALESFLOW_CATALOG_TYPE", "glue");
    env.remove("SALESFLOW_CATALOG_URI");

    assertThatThrownBy(() -> EtlConfig.from(env))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Invalid SALESFLOW_CATALOG_TYPE: 'glue'")
        .hasMessageContaining("https://glue.<region>.amazonaws.com/iceberg");
  }
}
