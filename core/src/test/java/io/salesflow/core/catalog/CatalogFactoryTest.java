package io.salesflow.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesflow.core.config.SalesflowConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.aws.glue.GlueCatalog;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogFactoryTest {

  @Test
  void jdbc_buildsWorkingCatalog(@TempDir Path dir) {
    CatalogSettings settings =
        CatalogSettings.of(
            "jdbc",
            dir.resolve("warehouse").toUri().toString(),
            "us-east-1",
            null,
            Map.of("uri", "jdbc:sqlite:" + dir.resolve("catalog.db")),
            Map.of("io-impl", "org.apache.iceberg.hadoop.HadoopFileIO"));

    Catalog catalog =
        CatalogFactory.build(
            settings.with("io-impl", "org.apache.iceberg.inmemory.InMemoryFileIO"));
    try {
      assertThat(catalog).isInstanceOf(JdbcCatalog.class);
      ((SupportsNamespaces) catalog).createNamespace(Namespace.of("db"));
      assertThat(((SupportsNamespaces) catalog).namespaceExists(Namespace.of("db"))).isTrue();
    } finally {
      CatalogFactory.close(catalog);
    }
  }

  @Test
  void glue_buildsGlueCatalog_withoutCallingAws() {
    // given the deployed configuration: Glue in an explicit region, static credentials
    Map<String, String> env = new HashMap<>();
    env.put("SALESFLOW_STAGE", "dev");
    env.put("SALESFLOW_ANALYTICS_BUCKET", "carousel-dev-analytics");
    env.put("SALESFLOW_CATALOG_TYPE", "glue");
    env.put("AWS_REGION", "eu-west-1");
    // An unreachable Glue endpoint: building the catalog must not call it.
    env.put(
        "SALESFLOW_CATALOG_PROPERTIES",
        "glue.endpoint=http://127.0.0.1:1,"
            + "client.credentials-provider="
            + "software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider,"
            + "s3.access-key-id=AKIDEXAMPLE,s3.secret-access-key=secret");
    CatalogSettings settings = SalesflowConfig.from(env).catalog();

    // when
    Catalog catalog = CatalogFactory.build(settings);

    // then
    try {
      assertThat(settings.properties())
          .containsEntry("type", "glue")
          .containsEntry("client.region", "eu-west-1")
          .containsEntry("http-client.type", "urlconnection");
      assertThat(catalog).isInstanceOf(GlueCatalog.class);
      assertThat(catalog.name()).isEqualTo("salesflow");
    } finally {
      CatalogFactory.close(catalog);
    }
  }

  @Test
  void unknownImplementation_failsWithCatalogNameAndFix() {
    CatalogSettings settings =
        new CatalogSettings("salesflow", Map.of("catalog-impl", "com.example.NoSuchCatalog"));

    assertThatThrownBy(() -> CatalogFactory.build(settings))
        .isInstanceOf(CatalogAccessException.class)
        .hasMessageContaining(
            "Cannot initialise Iceberg catalog 'salesflow' of type com.example.NoSuchCatalog")
        .hasMessageContaining("Check SALESFLOW_CATALOG_TYPE");
  }

  @Test
  void jdbcWithMissingDriver_failsNamingUri() {
    CatalogSettings settings =
        CatalogSettings.of(
            "jdbc", "s3://b/w", "us-east-1", null, Map.of("uri", "jdbc:nosuchdb://x"), Map.of());

    assertThatThrownBy(() -> CatalogFactory.build(settings))
        .isInstanceOf(CatalogAccessException.class)
        .hasMessageContaining("of type jdbc at jdbc:nosuchdb://x");
  }
}
