package io.salesflow.athenaquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesflow.core.config.ConfigException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AthenaQueryConfigTest {

  private static Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("SALESFLOW_STAGE", "dev");
    env.put("SALESFLOW_ANALYTICS_BUCKET", "carousel-dev-analytics");
    env.put("AWS_REGION", "eu-west-1");
    return env;
  }

  @Test
  void defaults_followTheStageAndBucket() {
    AthenaQueryConfig config = AthenaQueryConfig.from(env());

    assertThat(config.database()).isEqualTo("pricing_intelligence_dev");
    assertThat(config.engine()).isEqualTo("athena");
    assertThat(config.workgroup()).isEqualTo("primary");
    assertThat(config.athenaCatalog()).isEqualTo("AwsDataCatalog");
    assertThat(config.athenaOutputLocation())
        .isEqualTo("s3://carousel-dev-analytics/athena-results/");
    assertThat(config.reportBucket()).isEqualTo("carousel-dev-analytics");
    assertThat(config.reportPrefix()).isEqualTo("reports");
    assertThat(config.queryTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.maxRows()).isEqualTo(100_000);
    assertThat(config.s3Endpoint()).isNull();
  }

  @Test
  void trinoEngine_needsItsUrl() {
    Map<String, String> env = env();
    env.put("SALESFLOW_QUERY_ENGINE", "trino");

    assertThatThrownBy(() -> AthenaQueryConfig.from(env))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Missing SALESFLOW_TRINO_URL: set it to Trino's JDBC URL");

    env.put("SALESFLOW_TRINO_URL", "jdbc:trino://127.0.0.1:8080/iceberg");
    assertThat(AthenaQueryConfig.from(env).trinoUrl())
        .isEqualTo("jdbc:trino://127.0.0.1:8080/iceberg");
  }

  @Test
  void everyBadValue_isReportedWithItsVariable() {
    Map<String, String> env = new HashMap<>();
    env.put("SALESFLOW_STAGE", "Dev!");
    env.put("SALESFLOW_QUERY_ENGINE", "presto");
    env.put("SALESFLOW_ATHENA_WORKGROUP", "my group");
    env.put("SALESFLOW_ATHENA_OUTPUT_LOCATION", "/tmp/out");
    env.put("SALESFLOW_REPORT_PREFIX", "/reports/");
    env.put("SALESFLOW_QUERY_TIMEOUT_SECONDS", "3600");
    env.put("SALESFLOW_QUERY_MAX_ROWS", "lots");
    env.put("SALESFLOW_TRINO_URL", "jdbc:trino://x");
    env.put("SALESFLOW_S3_ENDPOINT", "localhost:9000");
    env.put("AWS_REGION", "Europe");

    assertThatThrownBy(() -> AthenaQueryConfig.from(env))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(11))
        .hasMessageContaining("Invalid SALESFLOW_STAGE: 'Dev!'")
        .hasMessageContaining(
            "Invalid SALESFLOW_QUERY_ENGINE: 'presto', must be one of athena, trino")
        .hasMessageContaining("Invalid SALESFLOW_ATHENA_WORKGROUP: 'my group'")
        .hasMessageContaining(
            "Invalid SALESFLOW_ATHENA_OUTPUT_LOCATION: '/tmp/out', must be an s3://bucket/prefix/ location")
        .hasMessageContaining(
            "Missing SALESFLOW_REPORT_BUCKET: set it (or SALESFLOW_ANALYTICS_BUCKET)")
        .hasMessageContaining("Invalid SALESFLOW_REPORT_PREFIX: '/reports/'")
        .hasMessageContaining(
            "Invalid SALESFLOW_QUERY_TIMEOUT_SECONDS: '3600', must be between 1 and 900")
        .hasMessageContaining("Invalid SALESFLOW_QUERY_MAX_ROWS: 'lots', must be a whole number")
        .hasMessageContaining(
            "Invalid SALESFLOW_TRINO_URL: 'jdbc:trino://x', is only used with SALESFLOW_QUERY_ENGINE=trino")
        .hasMessageContaining("Invalid SALESFLOW_S3_ENDPOINT: 'localhost:9000'")
        .hasMessageContaining("Invalid AWS_REGION: 'Europe'");
  }
}
