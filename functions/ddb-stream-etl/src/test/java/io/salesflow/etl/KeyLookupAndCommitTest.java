package io.salesflow.etl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The key lookup, the position-delete writer and the committer on Iceberg's in-memory catalog: a
 * small table partitioned like sales_history, rows written and deleted the way the ETL does.
 */
class KeyLookupAndCommitTest {

  static final List<String> KEYS = List.of("tenant_id", "product_id");
  static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "tenant_id", Types.StringType.get()),
          Types.NestedField.required(2, "product_id", Types.StringType.get()),
          Types.NestedField.optional(3, "price", Types.IntegerType.get()),
          Types.NestedField.optional(4, "stream_seq", Types.StringType.get()),
          Types.NestedField.required(5, "year", Types.IntegerType.get()),
          Types.NestedField.required(6, "month", Types.IntegerType.get()));

  private final TableCommitter committer = new TableCommitter(3, 1_000);
  private Table table;

  @BeforeEach
  void table() {
    table = smallSalesTable();
  }

  /** A small table partitioned and sorted like sales_history, on a fresh in-memory catalog. */
  static Table smallSalesTable() {
    InMemoryCatalog catalog = new InMemoryCatalog();
    catalog.initialize("mem", Map.of());
    catalog.createNamespace(Namespace.of("db"));
    return catalog
        .buildTable(TableIdentifier.of("db", "t"), SCHEMA)
        .withPartitionSpec(
            PartitionSpec.builderFor(SCHEMA).identity("year").identity("month").build())
        .withSortOrder(SortOrder.builderFor(SCHEMA).asc("tenant_id").asc("product_id").build())
        .withProperty("format-version", "2")
        .withProperty("write.parquet.compression-codec", "snappy") // as sales_history
        .create();
  }

  private static GenericRecord row(
      String tenant, String product, int price, String seq, int month) {
    GenericRecord r = GenericRecord.create(SCHEMA);
    r.setField("tenant_id", tenant);
    r.setField("product_id", product);
    r.setField("price", price);
    r.setField("stream_seq", seq);
    r.setField("year", 2025);
    r.setField("month", month);
    return r;
  }

  private TableCommitter.Committed commit(DeltaWriter.Files files) {
    Map<String, String> summary = new LinkedHashMap<>();
    summary.put(TableCommitter.COMMIT_ID, UUID.randomUUID().toString());
    return committer.commit(table, files, summary, () -> Long.MAX_VALUE);
  }

  private List<String> liveRows() {
    List<String> rows = new ArrayList<>();
    try (CloseableIterable<Record> it = IcebergGenerics.read(table).build()) {
      it.forEach(
          r ->
              rows.add(
                  r.getField("tenant_id")
                      + "|"
                      + r.getField("product_id")
                      + "|"
                      + r.getField("price")
                      + "|"
                      + r.getField("month")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    rows.sort(null);
    return rows;
  }

  @Test
  void emptyTable_findsNothing_andNamesNoSnapshot() {
    KeyLookup.Result found = KeyLookup.find(table, KEYS, List.of(new SaleKey(List.of("t", "a"))));

    assertThat(found.snapshotId()).isNull();
    assertThat(found.rows()).isEmpty();
  }

  @Test
  void findsEachKeysLiveRow_withItsFilePositionAndSequence_inWhateverPartitionItIs() {
    // given: rows in two months, committed with their lineage in the summary
    TableCommitter.Committed first =
        commit(
            DeltaWriter.writePositional(
                table, List.of(row("t", "a", 1, "100", 1), row("t", "b", 2, "101", 3)), List.of()));

    // when: the lookup asks for a, b and a key that is not there; (t,a),(u,b) share values
    KeyLookup.Result found =
        KeyLookup.find(
            table,
            KEYS,
            List.of(
                new SaleKey(List.of("t", "a")),
                new SaleKey(List.of("t", "b")),
                new SaleKey(List.of("u", "a"))));

    // then
    assertThat(first.snapshotId()).isEqualTo(table.currentSnapshot().snapshotId());
    assertThat(found.snapshotId()).isEqualTo(first.snapshotId());
    assertThat(found.rows())
        .containsOnlyKeys(new SaleKey(List.of("t", "a")), new SaleKey(List.of("t", "b")));
    KeyLookup.Located b = found.of(new SaleKey(List.of("t", "b"))).get(0);
    assertThat(b.streamSeq()).isEqualTo("101");
    assertThat(b.partition().get(1, Integer.class)).isEqualTo(3);
    assertThat(found.of(new SaleKey(List.of("u", "a")))).isEmpty();
  }

  @Test
  void positionDeletes_replaceTheRowWhereverItLives_andTheLookupThenSeesOnlyTheNewRow() {
    // given: a in January
    commit(DeltaWriter.writePositional(table, List.of(row("t", "a", 1, "100", 1)), List.of()));
    SaleKey a = new SaleKey(List.of("t", "a"));

    // when: a newer change moves a to April, deleting the January row by position
    KeyLookup.Result found = KeyLookup.find(table, KEYS, List.of(a));
    UpsertDecision decision =
        UpsertDecision.of(
            List.of(new BatchPlan.KeyChange(a, row("t", "a", 9, "200", 4), "200")), found);
    DeltaWriter.Files files =
        DeltaWriter.writePositional(table, decision.rows(), decision.deletes());
    commit(files);

    // then: one row, April's; no equality deletes, one position-delete file
    assertThat(liveRows()).containsExactly("t|a|9|4");
    assertThat(files.deleteFiles())
        .singleElement()
        .satisfies(f -> assertThat(f.content().name()).isEqualTo("POSITION_DELETES"));
    assertThat(KeyLookup.find(table, KEYS, List.of(a)).of(a))
        .extracting(KeyLookup.Located::streamSeq)
        .containsExactly("200");

    // and: replaying the older change finds the newer row and changes nothing
    UpsertDecision replay =
        UpsertDecision.of(
            List.of(new BatchPlan.KeyChange(a, row("t", "a", 1, "100", 1), "100")),
            KeyLookup.find(table, KEYS, List.of(a)));
    assertThat(replay.rows()).isEmpty();
    assertThat(replay.deletes()).isEmpty();
    assertThat(replay.skipped()).isEqualTo(1);
  }

  @Test
  void aDataFileRewrittenAfterTheLookup_failsTheCommitsValidation_andNothingLands() {
    // given: a's row, looked up
    commit(DeltaWriter.writePositional(table, List.of(row("t", "a", 1, "100", 1)), List.of()));
    SaleKey a = new SaleKey(List.of("t", "a"));
    KeyLookup.Result found = KeyLookup.find(table, KEYS, List.of(a));
    UpsertDecision decision =
        UpsertDecision.of(
            List.of(new BatchPlan.KeyChange(a, row("t", "a", 5, "200", 1), "200")), found);
    DeltaWriter.Files files =
        DeltaWriter.writePositional(table, decision.rows(), decision.deletes());

    // when: the file the delete names is removed meanwhile (as a compaction would rewrite it)
    DataFile old = onlyDataFile();
    table.newDelete().deleteFile(old).commit();
    long before = table.currentSnapshot().snapshotId();
    Map<String, String> summary = Map.of(TableCommitter.COMMIT_ID, "c-1");

    // then
    assertThatThrownBy(
            () ->
                committer.commit(
                    table,
                    files,
                    summary,
                    () -> Long.MAX_VALUE,
                    delta -> decision.validate(delta, found)))
        .isInstanceOf(ValidationException.class);
    table.refresh();
    assertThat(table.currentSnapshot().snapshotId()).isEqualTo(before);
    assertThat(TableCommitter.find(table, "c-1")).isNull();
  }

  @Test
  void aCommitStartedWithLessTimeThanTheMargin_isRefused_beforeReachingTheCatalog() {
    DeltaWriter.Files files =
        DeltaWriter.writePositional(table, List.of(row("t", "a", 1, "100", 1)), List.of());

    assertThatThrownBy(
            () ->
                committer.commit(table, files, Map.of(TableCommitter.COMMIT_ID, "c-2"), () -> 999))
        .isInstanceOf(NotEnoughTimeException.class)
        .hasMessageContaining("999 ms of Lambda time left");
    assertThat(table.currentSnapshot()).isNull();
  }

  private DataFile onlyDataFile() {
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      List<DataFile> files = new ArrayList<>();
      tasks.forEach(t -> files.add(t.file()));
      assertThat(files).hasSize(1);
      return files.get(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
