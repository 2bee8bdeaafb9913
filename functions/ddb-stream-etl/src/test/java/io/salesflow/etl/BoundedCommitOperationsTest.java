package io.salesflow.etl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BoundedCommitOperationsTest {

  private static final Schema SCHEMA =
      new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));

  private InMemoryCatalog catalog;
  private Table table;

  @BeforeEach
  void setUp() {
    catalog = new InMemoryCatalog();
    catalog.initialize("test", Map.of());
    catalog.createNamespace(Namespace.of("db"));
    table =
        catalog.createTable(
            TableIdentifier.of("db", "t"),
            SCHEMA,
            PartitionSpec.unpartitioned(),
            Map.of(
                TableProperties.COMMIT_NUM_RETRIES, "10",
                TableProperties.COMMIT_TOTAL_RETRY_TIME_MS, "120000",
                TableProperties.COMMIT_MAX_RETRY_WAIT_MS, "60000",
                TableProperties.COMMIT_MIN_RETRY_WAIT_MS, "100"));
  }

  @AfterEach
  void tearDown() throws Exception {
    catalog.close();
  }

  @Test
  void view_boundsRetryTimeAndWaits_byTheBudget() {
    Table view = BoundedCommitOperations.view(table, 8_000);

    assertThat(view.properties())
        .containsEntry(TableProperties.COMMIT_TOTAL_RETRY_TIME_MS, "4000")
        .containsEntry(TableProperties.COMMIT_MAX_RETRY_WAIT_MS, "2000")
        .containsEntry(TableProperties.COMMIT_MIN_RETRY_WAIT_MS, "100")
        .containsEntry(TableProperties.COMMIT_NUM_RETRIES, "10");
  }

  @Test
  void view_neverRaisesWhatTheTableSays_evenWithUnlimitedTime() {
    Table view = BoundedCommitOperations.view(table, Long.MAX_VALUE);

    assertThat(view.properties())
        .containsEntry(TableProperties.COMMIT_TOTAL_RETRY_TIME_MS, "120000")
        .containsEntry(TableProperties.COMMIT_MAX_RETRY_WAIT_MS, "60000");
  }

  @Test
  void commitThroughTheView_landsInTheTable_withoutWritingTheOverride() {
    DataFile file =
        DataFiles.builder(PartitionSpec.unpartitioned())
            .withPath("memory://db/t/data/f1.parquet")
            .withFileSizeInBytes(10)
            .withRecordCount(1)
            .build();

    BoundedCommitOperations.view(table, 1_000).newRowDelta().addRows(file).commit();

    table.refresh();
    assertThat(table.currentSnapshot().addedDataFiles(table.io())).hasSize(1);
    assertThat(table.properties())
        .containsEntry(TableProperties.COMMIT_TOTAL_RETRY_TIME_MS, "120000")
        .containsEntry(TableProperties.COMMIT_MAX_RETRY_WAIT_MS, "60000");
    Table reloaded = catalog.loadTable(TableIdentifier.of("db", "t"));
    assertThat(reloaded.properties())
        .containsEntry(TableProperties.COMMIT_TOTAL_RETRY_TIME_MS, "120000");
  }
}
