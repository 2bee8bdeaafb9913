package io.salesflow.etl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The per-container key index on Iceberg's in-memory catalog, against a model of the rows (a map
 * the test keeps by itself) and against the table as Iceberg's generic reader reads it: random
 * inserts, moves between months and removes committed the way the ETL commits them, with
 * compactions and a rollback in between, and a budget small enough to evict.
 */
class KeyIndexTest {

  private static final List<String> KEYS = KeyLookupAndCommitTest.KEYS;
  private static final Schema SCHEMA = KeyLookupAndCommitTest.SCHEMA;

  private final TableCommitter committer = new TableCommitter(3, 1_000);
  private Table table;
  private long seq = 1_000;

  /** The model: key to "price|month". */
  private final Map<SaleKey, String> model =
      new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));

  @BeforeEach
  void table() {
    table = KeyLookupAndCommitTest.smallSalesTable();
  }

  private static GenericRecord row(SaleKey key, int price, String seq, int month) {
    GenericRecord r = GenericRecord.create(SCHEMA);
    r.setField("tenant_id", key.values().get(0));
    r.setField("product_id", key.values().get(1));
    r.setField("price", price);
    r.setField("stream_seq", seq);
    r.setField("year", 2025);
    r.setField("month", month);
    return r;
  }

  /** One batch through the index, the order guard, the writer and the committer. */
  private DeltaWriter.Files batch(KeyIndex index, List<BatchPlan.KeyChange> changes) {
    table.refresh();
    KeyLookup.Result found =
        index.find(table, changes.stream().map(BatchPlan.KeyChange::key).toList());
    UpsertDecision decision = UpsertDecision.of(changes, found);
    DeltaWriter.Files files =
        DeltaWriter.writePositional(table, decision.rows(), decision.deletes());
    Map<String, String> summary = new LinkedHashMap<>();
    summary.put(TableCommitter.COMMIT_ID, UUID.randomUUID().toString());
    TableCommitter.Committed committed =
        committer.commit(
            table, files, summary, () -> Long.MAX_VALUE, d -> decision.validate(d, found));
    index.committed(table, committed.snapshotId(), files, decision.deletes());
    index.prefer(files.dataFiles());
    return files;
  }

  private List<BatchPlan.KeyChange> randomChanges(Random random, List<SaleKey> universe) {
    Map<SaleKey, BatchPlan.KeyChange> changes = new LinkedHashMap<>();
    int n = 1 + random.nextInt(12);
    for (int i = 0; i < n; i++) {
      SaleKey key = universe.get(random.nextInt(universe.size()));
      String s = Long.toString(++seq);
      if (model.containsKey(key) && random.nextInt(4) == 0) {
        changes.put(key, new BatchPlan.KeyChange(key, null, s));
        model.remove(key);
      } else {
        int price = random.nextInt(1000);
        int month = 1 + random.nextInt(4);
        changes.put(key, new BatchPlan.KeyChange(key, row(key, price, s, month), s));
        model.put(key, price + "|" + month);
      }
    }
    return new ArrayList<>(changes.values());
  }

  private Map<SaleKey, String> tableRows() {
    Map<SaleKey, String> rows = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
    table.refresh();
    try (CloseableIterable<Record> it = IcebergGenerics.read(table).build()) {
      for (Record r : it) {
        SaleKey key =
            new SaleKey(
                List.of((String) r.getField("tenant_id"), (String) r.getField("product_id")));
        String previous = rows.put(key, r.getField("price") + "|" + r.getField("month"));
        assertThat(previous).as("a second row of %s", key).isNull();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  /** What the index says each key's rows are, as "price-less" seq|month strings. */
  private static Map<SaleKey, List<String>> view(KeyLookup.Result result) {
    Map<SaleKey, List<String>> view = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
    result
        .rows()
        .forEach(
            (key, rows) ->
                view.put(
                    key,
                    rows.stream()
                        .map(r -> r.streamSeq() + "@" + r.path() + "#" + r.position())
                        .sorted()
                        .toList()));
    return view;
  }

  /** Rewrites every file of {@code month} into one, its deletes applied (as compaction does). */
  private void compact(int month) {
    table.refresh();
    long base = table.currentSnapshot().snapshotId();
    Set<DataFile> oldData = new HashSet<>();
    Set<DeleteFile> oldDeletes = new HashSet<>();
    try (CloseableIterable<FileScanTask> tasks =
        table.newScan().filter(Expressions.equal("month", month)).planFiles()) {
      for (FileScanTask task : tasks) {
        oldData.add(task.file());
        oldDeletes.addAll(task.deletes());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (oldData.isEmpty()) {
      return;
    }
    List<Record> live = new ArrayList<>();
    try (CloseableIterable<Record> it =
        IcebergGenerics.read(table).where(Expressions.equal("month", month)).build()) {
      it.forEach(r -> live.add(r.copy()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    DeltaWriter.Files rewritten = DeltaWriter.writePositional(table, live, List.of());
    table
        .newRewrite()
        .rewriteFiles(oldData, oldDeletes, new HashSet<>(rewritten.dataFiles()), Set.of())
        .validateFromSnapshot(base)
        .commit();
  }

  @Test
  void randomHistoriesWithCompactionsAndEvictions_indexAlwaysEqualsAFreshLookupAndTheModel() {
    Random random = new Random(20261204L);
    List<SaleKey> universe = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      universe.add(new SaleKey(List.of("t" + (i % 3), "p" + i)));
    }
    // A budget of about 40 rows: partitions keep being evicted and loaded again.
    KeyIndex small = new KeyIndex(KEYS, 40 * (KeyIndex.ROW_BYTES + 10));
    KeyIndex large = new KeyIndex(KEYS, 64L << 20);
    for (int b = 1; b <= 30; b++) {
      KeyIndex writer = b % 2 == 0 ? small : large; // two containers taking turns
      batch(writer, randomChanges(random, universe));
      if (b % 3 == 0) {
        compact(1 + random.nextInt(4));
      }
      table.refresh();
      KeyLookup.Result fresh = KeyLookup.find(table, KEYS, universe);
      assertThat(view(large.find(table, universe))).as("batch %d, large", b).isEqualTo(view(fresh));
      assertThat(view(small.find(table, universe))).as("batch %d, small", b).isEqualTo(view(fresh));
      assertThat(small.bytes()).isLessThanOrEqualTo(40 * (KeyIndex.ROW_BYTES + 10));
      assertThat(tableRows()).as("batch %d", b).isEqualTo(model);
    }
    assertThat(large.complete()).isTrue();
    assertThat(small.complete()).isFalse();
  }

  @Test
  void aWarmCompleteIndex_learnsItsOwnCommits_andProvesANewKeyAbsent_withoutReadingAnyDataFile() {
    KeyIndex index = new KeyIndex(KEYS, 64L << 20);
    SaleKey a = new SaleKey(List.of("t", "a"));
    SaleKey b = new SaleKey(List.of("t", "b"));
    batch(index, List.of(new BatchPlan.KeyChange(a, row(a, 1, "100", 1), "100")));
    // a second batch moves a to March: the index learns both commits from the writer
    batch(index, List.of(new BatchPlan.KeyChange(a, row(a, 2, "200", 3), "200")));
    assertThat(index.complete()).isTrue();

    // when: every data file is gone from storage, so any read of one would fail
    table.refresh();
    for (DataFile file : dataFiles()) {
      table.io().deleteFile(file.location());
    }
    assertThatThrownBy(() -> KeyLookup.find(table, KEYS, List.of(a, b)))
        .hasMessageContaining(".parquet"); // a fresh lookup does read them

    // then: the index still answers, from memory: b is absent, a is in March only
    KeyLookup.Result found = index.find(table, List.of(a, b));
    assertThat(found.of(b)).isEmpty();
    assertThat(found.of(a)).extracting(KeyLookup.Located::streamSeq).containsExactly("200");
    assertThat(found.of(a).get(0).partition().get(1, Integer.class)).isEqualTo(3);
    assertThat(index.lastCost().filesRead()).isZero();
  }

  @Test
  void aRollback_rebuildsTheIndex_fromTheCurrentSnapshot() {
    KeyIndex index = new KeyIndex(KEYS, 64L << 20);
    SaleKey a = new SaleKey(List.of("t", "a"));
    batch(index, List.of(new BatchPlan.KeyChange(a, row(a, 1, "100", 1), "100")));
    long before = table.currentSnapshot().snapshotId();
    batch(index, List.of(new BatchPlan.KeyChange(a, row(a, 2, "200", 3), "200")));
    table.refresh();
    assertThat(index.find(table, List.of(a)).of(a))
        .extracting(KeyLookup.Located::streamSeq)
        .containsExactly("200");

    // when: the table is rolled back to the first change
    table.manageSnapshots().rollbackTo(before).commit();
    table.refresh();

    // then
    KeyLookup.Result found = index.find(table, List.of(a));
    assertThat(index.lastCost().rebuilt()).isTrue();
    assertThat(found.of(a)).extracting(KeyLookup.Located::streamSeq).containsExactly("100");
  }

  @Test
  void offByBudgetZero_everyLookupReadsTheTable() {
    KeyIndex off = new KeyIndex(KEYS, 0);
    SaleKey a = new SaleKey(List.of("t", "a"));
    batch(off, List.of(new BatchPlan.KeyChange(a, row(a, 1, "100", 1), "100")));
    table.refresh();

    assertThat(off.find(table, List.of(a)).of(a)).hasSize(1);
    assertThat(off.lastCost().filesRead()).isEqualTo(-1);
    assertThat(off.bytes()).isZero();
  }

  private List<DataFile> dataFiles() {
    List<DataFile> files = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      tasks.forEach(t -> files.add(t.file()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }
}
