package io.salesflow.core.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

class SalesTablesTest {

  private final SalesTables tables =
      new SalesTables(
          "pricing_intelligence_dev",
          "s3://bucket/pricing-intelligence",
          SalesHistoryTable.DEFAULT_KEY_COLUMNS);

  @Test
  void salesHistory_hasTheSpecifiedColumnsAndTypes() {
    TableDefinition def = tables.salesHistory();

    assertThat(def.identifier().toString()).isEqualTo("pricing_intelligence_dev.sales_history");
    assertThat(def.location()).isEqualTo("s3://bucket/pricing-intelligence/sales_history");
    assertThat(def.schema().columns().stream().map(Types.NestedField::name))
        .containsExactly(
            "product_id",
            "tenant_id",
            "category",
            "brand",
            "condition",
            "sold_price",
            "sold_date",
            "season",
            "image_s3_key",
            "embedding",
            "description",
            "source",
            "year",
            "month",
            "stream_seq",
            "stream_event",
            "event_time",
            "ingested_at");
    assertThat(def.schema().findType("sold_price")).isEqualTo(Types.DecimalType.of(10, 2));
    assertThat(def.schema().findType("sold_date")).isEqualTo(Types.TimestampType.withoutZone());
    assertThat(def.schema().findType("embedding"))
        .isEqualTo(Types.ListType.ofRequired(19, Types.DoubleType.get()));
    assertThat(def.schema().identifierFieldNames())
        .containsExactlyInAnyOrder("tenant_id", "product_id");
    assertThat(def.schema().columns()).allSatisfy(f -> assertThat(f.doc()).isNotBlank());
  }

  @Test
  void salesHistory_partitionedByYearMonth_sortedByTenantCategory() {
    TableDefinition def = tables.salesHistory();

    assertThat(def.spec().fields())
        .extracting(f -> f.name() + ":" + f.transform())
        .containsExactly("year:identity", "month:identity");
    assertThat(def.sortOrder().fields())
        .extracting(f -> def.schema().findColumnName(f.sourceId()))
        .containsExactly("tenant_id", "category");
  }

  @Test
  void properties_snappyV2MergeOnRead() {
    Map<String, String> props = tables.salesHistory().properties();

    assertThat(tables.salesHistory().formatVersion()).isEqualTo(2);
    assertThat(props)
        .containsEntry("write.format.default", "parquet")
        .containsEntry("write.parquet.compression-codec", "snappy")
        .containsEntry("write.metadata.compression-codec", "gzip")
        .containsEntry("write.target-file-size-bytes", "134217728")
        .containsEntry("commit.retry.num-retries", "10")
        .containsEntry("history.expire.max-snapshot-age-ms", "432000000")
        .containsEntry("write.delete.mode", "merge-on-read")
        .containsEntry("write.update.mode", "merge-on-read")
        .containsEntry("write.merge.mode", "merge-on-read")
        .doesNotContainKey("format-version");
  }

  @Test
  void errorsTable_partitionedByDay_keyedByErrorId() {
    TableDefinition def = tables.errors();

    assertThat(def.name()).isEqualTo("sales_history_errors");
    assertThat(def.spec().fields())
        .extracting(f -> f.name() + ":" + f.transform())
        .containsExactly("error_time_day:day");
    assertThat(def.schema().identifierFieldNames()).containsExactly("error_id");
    assertThat(def.properties()).containsEntry("write.parquet.compression-codec", "snappy");
  }

  @Test
  void createdTable_equalsDefinition() {
    InMemoryCatalog catalog = new InMemoryCatalog();
    catalog.initialize("test", Map.of());
    catalog.createNamespace(Namespace.of("pricing_intelligence_dev"));

    for (TableDefinition def : tables.all()) {
      Table table =
          catalog
              .buildTable(def.identifier(), def.schema())
              .withPartitionSpec(def.spec())
              .withSortOrder(def.sortOrder())
              .withProperties(def.properties())
              .withProperty("format-version", "2")
              .create();

      assertThat(table.schema().sameSchema(def.schema())).as(def.name()).isTrue();
      assertThat(table.spec().compatibleWith(def.spec())).isTrue();
      assertThat(table.sortOrder().sameOrder(def.sortOrder())).isTrue();
      assertThat(((BaseTable) table).operations().current().formatVersion()).isEqualTo(2);
    }
  }

  @Test
  void keyColumns_configurable() {
    SalesTables byProduct = new SalesTables("db", "s3://b/p", List.of("product_id"));

    assertThat(byProduct.salesHistory().schema().identifierFieldNames())
        .containsExactly("product_id");
  }

  @Test
  void keyColumns_mustBeRequiredPrimitives() {
    assertThatThrownBy(() -> SalesHistoryTable.schema(List.of("embedding")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "Invalid key column 'embedding': must be a required string or int column");
    assertThatThrownBy(() -> SalesHistoryTable.schema(List.of()))
        .hasMessageContaining("at least one column");
  }

  @Test
  void withSchema_rebindsSpecAndSortOrder() {
    TableDefinition def = tables.salesHistory();
    var evolved =
        new org.apache.iceberg.Schema(
            org.apache.iceberg.relocated.com.google.common.collect.ImmutableList
                .<Types.NestedField>builder()
                .addAll(def.schema().columns())
                .add(Types.NestedField.optional(20, "color", Types.StringType.get(), "Colour"))
                .build(),
            def.schema().identifierFieldIds());

    TableDefinition copy = def.withSchema(evolved);

    assertThat(copy.schema().findField("color")).isNotNull();
    assertThat(copy.spec().fields()).hasSize(2);
    assertThat(copy.sortOrder().fields()).hasSize(2);
  }
}
