package io.salesflow.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesflow.core.table.SalesHistoryTable;
import io.salesflow.core.table.SalesTables;
import io.salesflow.core.table.TableDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Planner and service behaviour on Iceberg's in-memory catalog; the REST/S3 path is in the IT. */
class EvolutionPlannerTest {

  private final SalesTables tables =
      new SalesTables(
          "db", "s3://bucket/pricing-intelligence", SalesHistoryTable.DEFAULT_KEY_COLUMNS);
  private InMemoryCatalog catalog;
  private SchemaBootstrapService service;

  @BeforeEach
  void setUp() {
    catalog = new InMemoryCatalog();
    catalog.initialize("mem", Map.of());
    service = new SchemaBootstrapService(catalog);
  }

  private Table history() {
    return catalog.loadTable(tables.salesHistory().identifier());
  }

  private static TableDefinition withColumn(TableDefinition def, Types.NestedField column) {
    List<Types.NestedField> columns = new ArrayList<>(def.schema().columns());
    columns.add(column);
    return def.withSchema(new Schema(columns, def.schema().identifierFieldIds()));
  }

  private static TableDefinition withColumnType(
      TableDefinition def, String name, org.apache.iceberg.types.Type type) {
    List<Types.NestedField> columns =
        def.schema().columns().stream()
            .map(
                f ->
                    f.name().equals(name)
                        ? Types.NestedField.of(f.fieldId(), f.isOptional(), f.name(), type, f.doc())
                        : f)
            .toList();
    return def.withSchema(new Schema(columns, def.schema().identifierFieldIds()));
  }

  @Test
  void firstRun_createsDatabaseAndEveryTable() {
    BootstrapResult result = service.bootstrap(tables.all(), false);

    assertThat(result.databaseCreated()).isTrue();
    assertThat(result.tables())
        .extracting(TableResult::action)
        .containsExactly(
            TableResult.Action.CREATED, TableResult.Action.CREATED, TableResult.Action.CREATED);
    assertThat(result.tables())
        .extracting(TableResult::table)
        .containsExactly(
            "db.sales_history", "db.sales_history_errors", "db.sales_history_tombstones");
    assertThat(catalog.namespaceExists(Namespace.of("db"))).isTrue();
    assertThat(history().schema().sameSchema(tables.salesHistory().schema())).isTrue();
  }

  @Test
  void dryRun_reportsPlanAndChangesNothing() {
    BootstrapResult result = service.bootstrap(tables.all(), true);

    assertThat(result.tables())
        .extracting(TableResult::action)
        .containsOnly(TableResult.Action.WOULD_CREATE);
    assertThat(catalog.tableExists(tables.salesHistory().identifier())).isFalse();
  }

  @Test
  void secondRun_isUnchanged_andCommitsNothing() {
    service.bootstrap(tables.all(), false);
    String before = metadata();

    BootstrapResult again = service.bootstrap(tables.all(), false);

    assertThat(again.databaseCreated()).isFalse();
    assertThat(again.tables())
        .extracting(TableResult::action)
        .containsOnly(TableResult.Action.UNCHANGED);
    assertThat(metadata()).isEqualTo(before);
  }

  /** Metadata file of each table by name. */
  private Map<String, String> metadataLocations() {
    Map<String, String> locations = new java.util.HashMap<>();
    tables
        .all()
        .forEach(
            def ->
                locations.put(
                    def.name(),
                    ((org.apache.iceberg.BaseTable) catalog.loadTable(def.identifier()))
                        .operations()
                        .current()
                        .metadataFileLocation()));
    return locations;
  }

  private String metadata() {
    return ((org.apache.iceberg.BaseTable) history()).operations().current().metadataFileLocation();
  }

  @Test
  void optionalColumn_isAdded() {
    service.bootstrap(tables.all(), false);
    TableDefinition evolved =
        withColumn(
            tables.salesHistory(),
            Types.NestedField.optional(100, "color", Types.StringType.get(), "Colour"));

    BootstrapResult result = service.bootstrap(List.of(evolved), false);

    assertThat(result.tables().get(0).action()).isEqualTo(TableResult.Action.EVOLVED);
    assertThat(result.tables().get(0).changes())
        .containsExactly("add optional column color string");
    assertThat(history().schema().findField("color").doc()).isEqualTo("Colour");
  }

  @Test
  void safeWidening_andRelaxedNullability_andDoc_areApplied() {
    service.bootstrap(tables.all(), false);
    TableDefinition def =
        withColumnType(tables.salesHistory(), "sold_price", Types.DecimalType.of(12, 2));
    List<Types.NestedField> cols =
        def.schema().columns().stream()
            .map(
                f ->
                    f.name().equals("season")
                        ? Types.NestedField.optional(f.fieldId(), f.name(), f.type(), "Quarter")
                        : f)
            .toList();
    def = def.withSchema(new Schema(cols, def.schema().identifierFieldIds()));

    BootstrapResult result = service.bootstrap(List.of(def), false);

    assertThat(result.tables().get(0).changes())
        .containsExactlyInAnyOrder(
            "widen column sold_price from decimal(10, 2) to decimal(12, 2)",
            "make column season optional",
            "update doc of column season");
    assertThat(history().schema().findType("sold_price")).isEqualTo(Types.DecimalType.of(12, 2));
    assertThat(history().schema().findField("season").isOptional()).isTrue();
  }

  @Test
  void requiredColumn_isRefused_andNothingChanges() {
    service.bootstrap(tables.all(), false);
    String before = metadata();
    TableDefinition evolved =
        withColumn(
            tables.salesHistory(),
            Types.NestedField.required(100, "color", Types.StringType.get()));

    assertThatThrownBy(() -> service.bootstrap(List.of(evolved), false))
        .isInstanceOf(IncompatibleChangeException.class)
        .hasMessageContaining("Cannot evolve db.sales_history, nothing was changed")
        .hasMessageContaining(
            "Cannot add required column 'color': existing rows have no value for it; add it as optional");
    assertThat(metadata()).isEqualTo(before);
  }

  @Test
  void narrowing_isRefused_andNothingChanges() {
    service.bootstrap(tables.all(), false);
    Map<String, String> before = metadataLocations();

    assertThatThrownBy(
            () ->
                service.bootstrap(
                    List.of(
                        withColumnType(
                            tables.salesHistory(), "sold_price", Types.DecimalType.of(8, 2))),
                    false))
        .isInstanceOf(IncompatibleChangeException.class)
        .hasMessageContaining(
            "Cannot change the type of column 'sold_price' from decimal(10, 2) to decimal(8, 2): only widening is safe");
    assertThat(metadataLocations()).isEqualTo(before);
  }

  @Test
  void partitionChange_isRefused_andNothingChanges() {
    service.bootstrap(tables.all(), false);
    Map<String, String> before = metadataLocations();
    TableDefinition def = tables.salesHistory();
    TableDefinition repartitioned =
        new TableDefinition(
            def.identifier(),
            def.schema(),
            PartitionSpec.builderFor(def.schema()).identity("year").identity("category").build(),
            def.sortOrder(),
            def.location(),
            def.formatVersion(),
            def.properties());

    assertThatThrownBy(() -> service.bootstrap(List.of(repartitioned), false))
        .isInstanceOf(IncompatibleChangeException.class)
        .hasMessageContaining(
            "Cannot change the partition spec from [year=identity(year), month=identity(month)] to [year=identity(year), category=identity(category)]");
    assertThat(metadataLocations()).isEqualTo(before);
    assertThat(history().spec().fields())
        .extracting(f -> f.name())
        .containsExactly("year", "month");
  }

  @Test
  void keyChange_isRefused() {
    service.bootstrap(tables.all(), false);
    TableDefinition byProduct =
        new SalesTables("db", "s3://bucket/pricing-intelligence", List.of("product_id"))
            .salesHistory();

    assertThatThrownBy(() -> service.bootstrap(List.of(byProduct), false))
        .hasMessageContaining("Cannot change the identifier fields (upsert key)");
  }

  @Test
  void oneRefusedTable_leavesTheOtherUnchangedToo() {
    service.bootstrap(tables.all(), false);
    String errorsBefore =
        ((org.apache.iceberg.BaseTable) catalog.loadTable(tables.errors().identifier()))
            .operations()
            .current()
            .metadataFileLocation();
    TableDefinition errorsWithNewProperty =
        new TableDefinition(
            tables.errors().identifier(),
            tables.errors().schema(),
            tables.errors().spec(),
            tables.errors().sortOrder(),
            tables.errors().location(),
            2,
            Map.of("write.target-file-size-bytes", "1"));
    TableDefinition badHistory =
        withColumn(
            tables.salesHistory(),
            Types.NestedField.required(100, "color", Types.StringType.get()));

    assertThatThrownBy(() -> service.bootstrap(List.of(errorsWithNewProperty, badHistory), false))
        .isInstanceOf(IncompatibleChangeException.class);
    assertThat(
            ((org.apache.iceberg.BaseTable) catalog.loadTable(tables.errors().identifier()))
                .operations()
                .current()
                .metadataFileLocation())
        .isEqualTo(errorsBefore);
  }

  @Test
  void changedProperty_isSetBack() {
    service.bootstrap(tables.all(), false);
    history().updateProperties().set("write.parquet.compression-codec", "zstd").commit();

    BootstrapResult result = service.bootstrap(List.of(tables.salesHistory()), false);

    assertThat(result.tables().get(0).changes())
        .containsExactly("set property write.parquet.compression-codec=snappy (was zstd)");
    assertThat(history().properties()).containsEntry("write.parquet.compression-codec", "snappy");
  }

  @Test
  void drop_removesTablesFromCatalog() {
    service.bootstrap(tables.all(), false);

    BootstrapResult result = service.drop(tables.all());

    assertThat(result.tables())
        .extracting(TableResult::action)
        .containsOnly(TableResult.Action.DROPPED);
    assertThat(catalog.tableExists(tables.salesHistory().identifier())).isFalse();
  }
}
