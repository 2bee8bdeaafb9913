package io.salesflow.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SalesflowConfigTest {

  private static Map<String, String> valid() {
    Map<String, String> env = new HashMap<>();
    env.put("SALESFLOW_STAGE", "dev");
    env.put("SALESFLOW_ANALYTICS_BUCKET", "carousel-dev-analytics");
    return env;
  }

  private static Map<String, String> with(String key, String value) {
    Map<String, String> env = valid();
    if (value == null) {
      env.remove(key);
    } else {
      env.put(key, value);
    }
    return env;
  }

  @Test
  void defaults_derivedFromStageAndBucket() {
    SalesflowConfig config = SalesflowConfig.from(valid());

    assertThat(config.stage()).isEqualTo("dev");
    assertThat(config.database()).isEqualTo("pricing_intelligence_dev");
    assertThat(config.warehouse()).isEqualTo("s3://carousel-dev-analytics/pricing-intelligence");
    assertThat(config.keyColumns()).containsExactly("tenant_id", "product_id");
    assertThat(config.catalog().properties())
        .containsEntry("type", "glue")
        .containsEntry("warehouse", "s3://carousel-dev-analytics/pricing-intelligence")
        .containsEntry("io-impl", "org.apache.iceberg.aws.s3.S3FileIO")
        .containsEntry("http-client.type", "urlconnection");
    assertThat(config.tables().salesHistory().location())
        .isEqualTo("s3://carousel-dev-analytics/pricing-intelligence/sales_history");
  }

  @Test
  void restCatalog_withLocalS3Endpoint_andExtraProperties() {
    Map<String, String> env = valid();
    env.put("SALESFLOW_CATALOG_TYPE", "REST");
    env.put("SALESFLOW_CATALOG_URI", "http://127.0.0.1:8181");
    env.put("SALESFLOW_S3_ENDPOINT", "http://127.0.0.1:9000");
    env.put("SALESFLOW_CATALOG_PROPERTIES", "s3.access-key-id=a, s3.secret-access-key=b");
    env.put("AWS_REGION", "eu-west-1");

    SalesflowConfig config = SalesflowConfig.from(env);

    assertThat(config.catalog().properties())
        .containsEntry("type", "rest")
        .containsEntry("uri", "http://127.0.0.1:8181")
        .containsEntry("s3.endpoint", "http://127.0.0.1:9000")
        .containsEntry("s3.path-style-access", "true")
        .containsEntry("s3.access-key-id", "a")
        .containsEntry("client.region", "eu-west-1")
        .containsEntry("rest-metrics-reporting-enabled", "false");
    assertThat(config.catalog().redacted()).containsEntry("s3.secret-access-key", "****");
  }

  @Test
  void jdbcCatalog_keepsUri() {
    Map<String, String> env = valid();
    env.put("SALESFLOW_CATALOG_TYPE", "jdbc");
    env.put("SALESFLOW_CATALOG_URI", "jdbc:sqlite:/tmp/c.db");

    assertThat(SalesflowConfig.from(env).catalog().properties())
        .containsEntry("uri", "jdbc:sqlite:/tmp/c.db")
        .containsEntry("jdbc.schema-version", "V1");
  }

  @Test
  void explicitDatabaseWarehouseAndKeys_override() {
    Map<String, String> env = with("SALESFLOW_ANALYTICS_BUCKET", null);
    env.put("SALESFLOW_WAREHOUSE", "s3://other/lake/");
    env.put("SALESFLOW_DATABASE", "sales_db");
    env.put("SALESFLOW_KEY_COLUMNS", "product_id");

    SalesflowConfig config = SalesflowConfig.from(env);

    assertThat(config.warehouse()).isEqualTo("s3://other/lake");
    assertThat(config.database()).isEqualTo("sales_db");
    assertThat(config.keyColumns()).containsExactly("product_id");
  }

  @Test
  void missingStage_namesVariableAndFix() {
    assertThatThrownBy(() -> SalesflowConfig.from(with("SALESFLOW_STAGE", null)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Missing SALESFLOW_STAGE: set it to the deployment stage");
  }

  @Test
  void badStage_isInvalid() {
    assertThatThrownBy(() -> SalesflowConfig.from(with("SALESFLOW_STAGE", "Dev Stage")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Invalid SALESFLOW_STAGE: 'Dev Stage', must be lower-case");
  }

  @Test
  void missingBucket_namesVariable() {
    assertThatThrownBy(() -> SalesflowConfig.from(with("SALESFLOW_ANALYTICS_BUCKET", " ")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Missing SALESFLOW_ANALYTICS_BUCKET: set it to the analytics bucket");
  }

  @Test
  void badBucket_isInvalid() {
    assertThatThrownBy(() -> SalesflowConfig.from(with("SALESFLOW_ANALYTICS_BUCKET", "My_Bucket")))
        .hasMessageContaining(
            "Invalid SALESFLOW_ANALYTICS_BUCKET: 'My_Bucket', must be a valid S3 bucket name");
  }

  @Test
  void badWarehouse_isInvalid() {
    assertThatThrownBy(() -> SalesflowConfig.from(with("SALESFLOW_WAREHOUSE", "bucket/prefix")))
        .hasMessageContaining("Invalid SALESFLOW_WAREHOUSE: 'bucket/prefix', must be an s3://");
  }

  @Test
  void badDatabase_isInvalid() {
    assertThatThrownBy(() -> SalesflowConfig.from(with("SALESFLOW_DATABASE", "sales-db")))
        .hasMessageContaining("Invalid SALESFLOW_DATABASE: 'sales-db'");
  }

  @Test
  void unknownCatalogType_listsAllowedValues() {
    assertThatThrownBy(() -> SalesflowConfig.from(with("SALESFLOW_CATALOG_TYPE", "hive")))
        .hasMessageContaining(
            "Invalid SALESFLOW_CATALOG_TYPE: 'hive', must be one of glue, rest, jdbc");
  }

  @Test
  void restWithoutUri_isMissing() {
    assertThatThrownBy(() -> SalesflowConfig.from(with("SALESFLOW_CATALOG_TYPE", "rest")))
        .hasMessageContaining("Missing SALESFLOW_CATALOG_URI: set it to the REST catalog URL");
  }

  @Test
  void restWithNonHttpUri_isInvalid() {
    Map<String, String> env = with("SALESFLOW_CATALOG_TYPE", "rest");
    env.put("SALESFLOW_CATALOG_URI", "localhost:8181");
    assertThatThrownBy(() -> SalesflowConfig.from(env))
        .hasMessageContaining(
            "Invalid SALESFLOW_CATALOG_URI: 'localhost:8181', must be an http://");
  }

  @Test
  void jdbcWithNonJdbcUri_isInvalid() {
    Map<String, String> env = with("SALESFLOW_CATALOG_TYPE", "jdbc");
    env.put("SALESFLOW_CATALOG_URI", "sqlite:/tmp/x");
    assertThatThrownBy(() -> SalesflowConfig.from(env))
        .hasMessageContaining(
            "Invalid SALESFLOW_CATALOG_URI: 'sqlite:/tmp/x', must start with jdbc:");
  }

  @Test
  void glueWithUri_isRejectedAsUnused() {
    assertThatThrownBy(() -> SalesflowConfig.from(with("SALESFLOW_CATALOG_URI", "http://x")))
        .hasMessageContaining("Invalid SALESFLOW_CATALOG_URI: 'http://x', is only used with");
  }

  @Test
  void badS3Endpoint_isInvalid() {
    assertThatThrownBy(() -> SalesflowConfig.from(with("SALESFLOW_S3_ENDPOINT", "ftp://x")))
        .hasMessageContaining("Invalid SALESFLOW_S3_ENDPOINT: 'ftp://x'");
  }

  @Test
  void badCatalogProperties_isInvalid() {
    assertThatThrownBy(() -> SalesflowConfig.from(with("SALESFLOW_CATALOG_PROPERTIES", "a=b,oops")))
        .hasMessageContaining(
            "Invalid SALESFLOW_CATALOG_PROPERTIES: 'oops', each entry must be key=value");
  }

  @Test
  void badRegion_isInvalid() {
    assertThatThrownBy(() -> SalesflowConfig.from(with("AWS_REGION", "europe")))
        .hasMessageContaining("Invalid AWS_REGION: 'europe', must be an AWS region");
  }

  @Test
  void unknownKeyColumn_isInvalid() {
    assertThatThrownBy(() -> SalesflowConfig.from(with("SALESFLOW_KEY_COLUMNS", "tenant_id,sku")))
        .hasMessageContaining("Invalid SALESFLOW_KEY_COLUMNS: 'tenant_id,sku'")
        .hasMessageContaining("'sku': not a column of sales_history");
  }

  @Test
  void optionalKeyColumn_isInvalid() {
    assertThatThrownBy(() -> SalesflowConfig.from(with("SALESFLOW_KEY_COLUMNS", "category")))
        .hasMessageContaining("must be a required string or int column");
  }

  @Test
  void severalProblems_areAllReported() {
    Map<String, String> env = new HashMap<>();
    env.put("SALESFLOW_CATALOG_TYPE", "oracle");

    assertThatThrownBy(() -> SalesflowConfig.from(env))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .hasSize(3)
                    .anySatisfy(p -> assertThat(p).startsWith("Missing SALESFLOW_STAGE"))
                    .anySatisfy(p -> assertThat(p).startsWith("Missing SALESFLOW_ANALYTICS_BUCKET"))
                    .anySatisfy(p -> assertThat(p).startsWith("Invalid SALESFLOW_CATALOG_TYPE")));
  }

  @Test
  void keyColumnsListedTwice_isInvalid() {
    assertThatThrownBy(
            () -> SalesflowConfig.from(with("SALESFLOW_KEY_COLUMNS", "product_id,product_id")))
        .hasMessageContaining("'product_id' is listed twice");
  }
}
