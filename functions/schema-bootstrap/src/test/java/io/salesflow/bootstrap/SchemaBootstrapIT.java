package io.salesflow.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salesflow.core.catalog.CatalogFactory;
import io.salesflow.core.config.SalesflowConfig;
import io.salesflow.core.table.TableDefinition;
import io.salesflow.localstack.LocalStack;
import io.salesflow.localstack.LocalStackExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.types.Types;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * schema-bootstrap against the real local REST catalog whose warehouse is on S3Proxy, through the
 * same environment configuration a deployed function reads.
 */
@ExtendWith(LocalStackExtension.class)
class SchemaBootstrapIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final LocalStack stack;
  private SalesflowConfig config;
  private Catalog catalog;
  private SchemaBootstrapHandler handler;

  SchemaBootstrapIT(LocalStack stack) {
    this.stack = stack;
  }

  @BeforeEach
  void setUp(TestInfo test) {
    String database =
        "it_"
            + test.getTestMethod()
                .orElseThrow()
                .getName()
                .toLowerCase()
                .replaceAll("[^a-z0-9]+", "_");
    config = SalesflowConfig.from(env(database));
    catalog = CatalogFactory.build(config.catalog());
    handler = new SchemaBootstrapHandler(config, new SchemaBootstrapService(catalog));
  }

  @AfterEach
  void tearDown() {
    CatalogFactory.close(catalog);
  }

  private Map<String, String> env(String database) {
    return BootstrapFixture.env(stack, database);
  }

  private static Map<String, Object> event(String name, String database) {
    try (InputStream in = SchemaBootstrapIT.class.getResourceAsStream("/events/" + name)) {
      String text = new String(in.readAllBytes()).replace("PLACEHOLDER", database);
      return JSON.readValue(text, new TypeReference<>() {});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Table load(TableDefinition def) {
    return catalog.loadTable(def.identifier());
  }

  private static String metadataLocation(Table table) {
    return ((BaseTable) table).operations().current().metadataFileLocation();
  }

  @Test
  void direct_createsDatabaseAndTablesExactlyAsDefined() {
    Map<String, Object> response =
        handler.handleRequest(event("direct.json", config.database()), null);

    assertThat(response)
        .containsEntry("database", config.database())
        .containsEntry("databaseCreated", true);
    assertThat(((SupportsNamespaces) catalog).namespaceExists(Namespace.of(config.database())))
        .isTrue();
    for (TableDefinition def : config.tables().all()) {
      Table table = load(def);
      assertThat(table.schema().sameSchema(def.schema())).as("schema of %s", def.name()).isTrue();
      assertThat(table.schema().identifierFieldNames())
          .isEqualTo(def.schema().identifierFieldNames());
      assertThat(table.spec().compatibleWith(def.spec())).as("spec of %s", def.name()).isTrue();
      assertThat(table.sortOrder().sameOrder(def.sortOrder()))
          .as("sort order of %s", def.name())
          .isTrue();
      // Exactly the definition's: neither Iceberg nor the REST catalog adds properties of its own
      // (format-version is reserved and kept out of the map).
      assertThat(table.properties()).as("properties of %s", def.name()).isEqualTo(def.properties());
      assertThat(((BaseTable) table).operations().current().formatVersion()).isEqualTo(2);
      assertThat(table.location()).isEqualTo(def.location());
      assertThat(metadataLocation(table))
          .startsWith(def.location() + "/metadata/")
          .endsWith(".gz.metadata.json");
    }
    assertThat(partitionFields(load(config.tables().salesHistory())))
        .containsExactly(
            tuple(1000, "year", "identity", "year"), tuple(1001, "month", "identity", "month"));
    assertThat(partitionFields(load(config.tables().errors())))
        .containsExactly(tuple(1000, "error_time_day", "day", "error_time"));
    // The metadata really is on the S3 server.
    String prefix =
        config.tables().salesHistory().location().replace("s3://" + stack.bucket() + "/", "")
            + "/metadata/";
    assertThat(
            stack.s3Client().listObjectsV2(b -> b.bucket(stack.bucket()).prefix(prefix)).contents())
        .extracting(S3Object::key)
        .anySatisfy(key -> assertThat(key).endsWith(".gz.metadata.json"));
  }

  /** (field id, name, transform, source column) of each partition field. */
  private static List<Tuple> partitionFields(Table table) {
    return table.spec().fields().stream()
        .map(
            f ->
                tuple(
                    f.fieldId(),
                    f.name(),
                    f.transform().toString(),
                    table.schema().findColumnName(f.sourceId())))
        .toList();
  }

  @Test
  void secondRun_leavesMetadataLocationUnchanged() {
    handler.handleRequest(Map.of(), null);
    Map<String, String> before = new HashMap<>();
    config.tables().all().forEach(def -> before.put(def.name(), metadataLocation(load(def))));

    Map<String, Object> again = handler.handleRequest(Map.of(), null);

    assertThat(again).containsEntry("databaseCreated", false);
    assertThat(tableActions(again)).containsOnly("UNCHANGED");
    config
        .tables()
        .all()
        .forEach(def -> assertThat(metadataLocation(load(def))).isEqualTo(before.get(def.name())));
  }

  @SuppressWarnings("unchecked")
  private static List<String> tableActions(Map<String, Object> response) {
    return ((List<Map<String, Object>>) response.get("tables"))
        .stream().map(t -> (String) t.get("action")).toList();
  }

  @Test
  void addedOptionalColumn_evolvesWithoutTouchingDataFiles() throws IOException {
    handler.handleRequest(Map.of(), null);
    Table table = load(config.tables().salesHistory());
    writeRows(
        table, List.of(row(table.schema(), "p-1", 2024, 3), row(table.schema(), "p-2", 2025, 11)));
    table.refresh();
    Set<String> filesBefore = dataFiles(table);
    long snapshotBefore = table.currentSnapshot().snapshotId();

    TableDefinition def = config.tables().salesHistory();
    List<Types.NestedField> columns = new ArrayList<>(def.schema().columns());
    columns.add(
        Types.NestedField.optional(
            100, "color", Types.StringType.get(), "Main colour of the product"));
    TableDefinition evolved =
        def.withSchema(new Schema(columns, def.schema().identifierFieldIds()));
    BootstrapResult result = new SchemaBootstrapService(catalog).bootstrap(List.of(evolved), false);

    assertThat(result.table("sales_history").action()).isEqualTo(TableResult.Action.EVOLVED);
    table.refresh();
    assertThat(table.schema().findField("color")).isNotNull();
    assertThat(table.currentSnapshot().snapshotId()).isEqualTo(snapshotBefore);
    assertThat(dataFiles(table)).isEqualTo(filesBefore);
    try (CloseableIterable<Record> rows = IcebergGenerics.read(table).build()) {
      List<Record> all = new ArrayList<>();
      rows.forEach(all::add);
      assertThat(all).hasSize(2).allSatisfy(r -> assertThat(r.getField("color")).isNull());
      assertThat(all)
          .extracting(r -> r.getField("product_id"))
          .containsExactlyInAnyOrder("p-1", "p-2");
    }
  }

  @Test
  void incompatibleChanges_failWithDocumentedMessage_andChangeNothing() {
    handler.handleRequest(Map.of(), null);
    TableDefinition def = config.tables().salesHistory();
    String before = metadataLocation(load(def));
    List<Types.NestedField> columns =
        def.schema().columns().stream()
            .map(
                f ->
                    f.name().equals("year")
                        ? Types.NestedField.required(
                            f.fieldId(), "year", Types.StringType.get(), f.doc())
                        : f)
            .collect(Collectors.toCollection(ArrayList::new));
    columns.add(Types.NestedField.required(100, "color", Types.StringType.get()));
    TableDefinition incompatible =
        def.withSchema(new Schema(columns, def.schema().identifierFieldIds()));

    assertThatThrownBy(
            () -> new SchemaBootstrapService(catalog).bootstrap(List.of(incompatible), false))
        .isInstanceOf(IncompatibleChangeException.class)
        .hasMessageContaining("Cannot evolve " + def.identifier() + ", nothing was changed")
        .hasMessageContaining("Cannot change the type of column 'year' from int to string")
        .hasMessageContaining("Cannot add required column 'color'");
    assertThat(metadataLocation(load(def))).isEqualTo(before);
  }

  @Test
  void narrowedPrice_isRefusedWithExactMessage_andNeitherTableChanges() {
    handler.handleRequest(Map.of(), null);
    TableDefinition def = config.tables().salesHistory();
    TableDefinition narrowed =
        def.withSchema(withColumnType(def.schema(), "sold_price", Types.DecimalType.of(8, 2)));

    assertRefusedAndNothingChanged(
        narrowed,
        "Cannot change the type of column 'sold_price' from decimal(10, 2) to decimal(8, 2):"
            + " only widening is safe (int to long, float to double, decimal precision up);"
            + " add a new column instead");
  }

  @Test
  void partitionByYearAndCategory_isRefusedWithExactMessage_andNeitherTableChanges() {
    handler.handleRequest(Map.of(), null);
    TableDefinition def = config.tables().salesHistory();
    PartitionSpec spec =
        PartitionSpec.builderFor(def.schema()).identity("year").identity("category").build();

    assertRefusedAndNothingChanged(
        withSpec(def, spec),
        "Cannot change the partition spec from [year=identity(year), month=identity(month)]"
            + " to [year=identity(year), category=identity(category)]: queries, the ETL's"
            + " deletes and the lifecycle rules depend on it; plan a partition migration by hand");
  }

  @Test
  void monthDroppedFromPartitioning_isRefusedWithExactMessage_andNeitherTableChanges() {
    handler.handleRequest(Map.of(), null);
    TableDefinition def = config.tables().salesHistory();
    PartitionSpec spec = PartitionSpec.builderFor(def.schema()).identity("year").build();

    assertRefusedAndNothingChanged(
        withSpec(def, spec),
        "Cannot change the partition spec from [year=identity(year), month=identity(month)]"
            + " to [year=identity(year)]: queries, the ETL's deletes and the lifecycle rules"
            + " depend on it; plan a partition migration by hand");
  }

  /**
   * Bootstraps the errors table with a pending property change and {@code history}, and expects
   * exactly {@code refusal} for sales_history with neither table's metadata changed: every table is
   * planned before any is changed.
   */
  private void assertRefusedAndNothingChanged(TableDefinition history, String refusal) {
    Map<String, String> before = metadataLocations();
    TableDefinition errors = config.tables().errors();
    Map<String, String> errorsProperties = new HashMap<>(errors.properties());
    errorsProperties.put("write.target-file-size-bytes", "1048576");
    TableDefinition errorsChanged =
        new TableDefinition(
            errors.identifier(),
            errors.schema(),
            errors.spec(),
            errors.sortOrder(),
            errors.location(),
            errors.formatVersion(),
            errorsProperties);

    assertThatThrownBy(
            () ->
                new SchemaBootstrapService(catalog)
                    .bootstrap(List.of(errorsChanged, history), false))
        .isInstanceOf(IncompatibleChangeException.class)
        .hasMessage("Cannot evolve " + history.identifier() + ", nothing was changed: " + refusal)
        .satisfies(
            e -> assertThat(((IncompatibleChangeException) e).refusals()).containsExactly(refusal));
    assertThat(metadataLocations()).isEqualTo(before);
  }

  private Map<String, String> metadataLocations() {
    Map<String, String> locations = new HashMap<>();
    config.tables().all().forEach(def -> locations.put(def.name(), metadataLocation(load(def))));
    return locations;
  }

  private static Schema withColumnType(
      Schema schema, String name, org.apache.iceberg.types.Type type) {
    List<Types.NestedField> columns =
        schema.columns().stream()
            .map(
                f ->
                    f.name().equals(name)
                        ? Types.NestedField.of(f.fieldId(), f.isOptional(), f.name(), type, f.doc())
                        : f)
            .toList();
    return new Schema(columns, schema.identifierFieldIds());
  }

  private static TableDefinition withSpec(TableDefinition def, PartitionSpec spec) {
    return new TableDefinition(
        def.identifier(),
        def.schema(),
        spec,
        def.sortOrder(),
        def.location(),
        def.formatVersion(),
        def.properties());
  }

  @Test
  void keyColumnsChangedInEnvironment_isRefused() {
    handler.handleRequest(Map.of(), null);
    Map<String, String> env = env(config.database());
    env.put("SALESFLOW_KEY_COLUMNS", "product_id");
    SchemaBootstrapHandler rekeyed =
        new SchemaBootstrapHandler(SalesflowConfig.from(env), new SchemaBootstrapService(catalog));

    assertThatThrownBy(() -> rekeyed.handleRequest(Map.of(), null))
        .isInstanceOf(IncompatibleChangeException.class)
        .hasMessageContaining("keep SALESFLOW_KEY_COLUMNS as");
  }

  @Test
  void customResource_createUpdateDelete() {
    String expectedId = "salesflow-schema/" + config.database();

    Map<String, Object> created =
        handler.handleRequest(event("cfn-create.json", config.database()), null);
    assertThat(created).containsEntry("PhysicalResourceId", expectedId);
    assertThat(data(created))
        .containsEntry("Database", config.database())
        .containsEntry("sales_history.Action", "CREATED")
        .containsEntry("sales_history_errors.Action", "CREATED")
        .containsEntry("sales_history_tombstones.Action", "CREATED");
    String metadata = metadataLocation(load(config.tables().salesHistory()));

    Map<String, Object> updated =
        handler.handleRequest(event("cfn-update.json", config.database()), null);
    assertThat(updated).containsEntry("PhysicalResourceId", expectedId);
    assertThat(data(updated))
        .containsEntry("sales_history.Action", "UNCHANGED")
        .containsEntry("sales_history.MetadataLocation", metadata);

    Map<String, Object> deleted =
        handler.handleRequest(event("cfn-delete.json", config.database()), null);
    assertThat(deleted).containsEntry("PhysicalResourceId", expectedId);
    assertThat(data(deleted)).containsEntry("sales_history.Action", "KEPT");
    assertThat(catalog.tableExists(config.tables().salesHistory().identifier())).isTrue();

    Map<String, Object> dropped =
        handler.handleRequest(event("cfn-delete-drop.json", config.database()), null);
    assertThat(data(dropped))
        .containsEntry("sales_history.Action", "DROPPED")
        .containsEntry("sales_history_errors.Action", "DROPPED")
        .containsEntry("sales_history_tombstones.Action", "DROPPED");
    assertThat(catalog.tableExists(config.tables().salesHistory().identifier())).isFalse();
    // Dropping never purges: the metadata file is still in the bucket.
    String key = metadata.replace("s3://" + stack.bucket() + "/", "");
    assertThat(stack.s3Client().headObject(b -> b.bucket(stack.bucket()).key(key)).contentLength())
        .isPositive();
  }

  @Test
  void customResource_updateAfterDefinitionGrew_evolvesAndCreates_underTheSameId() {
    // given tables bootstrapped by an older definition: sales_history without brand, no errors
    TableDefinition current = config.tables().salesHistory();
    TableDefinition older =
        current.withSchema(
            new Schema(
                current.schema().columns().stream().filter(f -> !f.name().equals("brand")).toList(),
                current.schema().identifierFieldIds()));
    new SchemaBootstrapService(catalog).bootstrap(List.of(older), false);
    String olderMetadata = metadataLocation(load(current));
    Map<String, Object> event = event("cfn-update.json", config.database());

    // when CloudFormation sends the Update for the new definition
    Map<String, Object> updated = handler.handleRequest(event, null);

    // then
    assertThat(updated)
        .containsEntry("PhysicalResourceId", event.get("PhysicalResourceId"))
        .containsEntry("PhysicalResourceId", "salesflow-schema/" + config.database());
    Table history = load(current);
    assertThat(data(updated))
        .containsEntry("sales_history.Action", "EVOLVED")
        .containsEntry("sales_history.MetadataLocation", metadataLocation(history))
        .containsEntry("sales_history_errors.Action", "CREATED");
    assertThat(metadataLocation(history)).isNotEqualTo(olderMetadata);
    assertThat(history.schema().findField("brand"))
        .satisfies(f -> assertThat(f.isOptional()).isTrue())
        .satisfies(f -> assertThat(f.type()).isEqualTo(Types.StringType.get()));
    assertThat(catalog.tableExists(config.tables().errors().identifier())).isTrue();
  }

  @Test
  void customResource_forAnotherStage_isRefused() {
    Map<String, Object> event = event("cfn-create.json", config.database());
    @SuppressWarnings("unchecked")
    Map<String, Object> props = (Map<String, Object>) event.get("ResourceProperties");
    props.put("Stage", "prod");

    assertThatThrownBy(() -> handler.handleRequest(event, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid stage 'prod': this function is configured for stage 'it'");
  }

  @Test
  void unknownTable_listsKnownOnes() {
    assertThatThrownBy(() -> handler.handleRequest(Map.of("tables", List.of("sales")), null))
        .hasMessageContaining(
            "Invalid table 'sales': known tables are [sales_history, sales_history_errors, sales_history_tombstones]");
  }

  @Test
  void catalogDown_failsWithCatalogNamed() {
    Map<String, String> env = env(config.database());
    env.put("SALESFLOW_CATALOG_URI", "http://127.0.0.1:1");

    assertThatThrownBy(() -> CatalogFactory.build(SalesflowConfig.from(env).catalog()))
        .isInstanceOf(io.salesflow.core.catalog.CatalogAccessException.class)
        .hasMessageContaining(
            "Cannot initialise Iceberg catalog 'salesflow' of type rest at http://127.0.0.1:1");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> data(Map<String, Object> response) {
    return (Map<String, String>) response.get("Data");
  }

  private static Set<String> dataFiles(Table table) throws IOException {
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      Set<String> paths = new java.util.HashSet<>();
      tasks.forEach(t -> paths.add(t.file().location()));
      return paths;
    }
  }

  private static Record row(Schema schema, String productId, int year, int month) {
    GenericRecord r = GenericRecord.create(schema);
    r.setField("product_id", productId);
    r.setField("tenant_id", "tenant-a");
    r.setField("category", "coats");
    r.setField("sold_price", new BigDecimal("120.50"));
    r.setField("sold_date", LocalDateTime.of(year, month, 5, 10, 0));
    r.setField("season", "Q" + ((month - 1) / 3 + 1));
    r.setField("source", "carousel");
    r.setField("year", year);
    r.setField("month", month);
    return r;
  }

  /** Writes one Parquet data file per row's partition and appends them in one commit. */
  private static void writeRows(Table table, List<Record> rows) throws IOException {
    GenericFileWriterFactory writers =
        new GenericFileWriterFactory.Builder(table).dataFileFormat(FileFormat.PARQUET).build();
    OutputFileFactory files =
        OutputFileFactory.builderFor(table, 1, 1).format(FileFormat.PARQUET).build();
    InternalRecordWrapper wrapper = new InternalRecordWrapper(table.schema().asStruct());
    var append = table.newAppend();
    for (Record row : rows) {
      PartitionKey key = new PartitionKey(table.spec(), table.schema());
      key.partition(wrapper.wrap(row));
      DataWriter<Record> writer =
          writers.newDataWriter(files.newOutputFile(table.spec(), key), table.spec(), key);
      try (writer) {
        writer.write(row);
      }
      DataFile file = writer.toDataFile();
      assertThat(file.location())
          .contains("/data/year=" + row.getField("year") + "/month=" + row.getField("month") + "/");
      append.appendFile(file);
    }
    append.commit();
  }
}
