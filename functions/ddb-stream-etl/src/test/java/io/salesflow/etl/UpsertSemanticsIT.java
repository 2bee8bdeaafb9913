package io.salesflow.etl;

import static io.salesflow.etl.EtlFixture.assertSucceeded;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import io.salesflow.localstack.LocalStack;
import io.salesflow.localstack.LocalStackExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.util.ContentFileUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The upsert semantics of position mode (ETL_DELETE_MODE=position: deletes found by key lookup),
 * each on the key histories that broke the equality-delete path: rejected images followed by
 * corrections, missing old images, replays out of order, TTL removals and re-inserts.
 */
@ExtendWith(LocalStackExtension.class)
class UpsertSemanticsIT {

  private final LocalStack stack;

  UpsertSemanticsIT(LocalStack stack) {
    this.stack = stack;
  }

  private EtlFixture etl(String name) {
    return new EtlFixture(stack, name, WriteMode.UPSERT, Map.of(EtlConfig.DELETE_MODE, "position"));
  }

  /** Key -> "price@sold_date" of the live rows; a key with two rows fails. */
  private static Map<String, String> state(EtlFixture etl) {
    Map<String, String> rows = new TreeMap<>();
    etl.rowsByKey()
        .forEach(
            (key, row) ->
                rows.put(
                    key,
                    ((BigDecimal) row.getField("sold_price")).toPlainString()
                        + "@"
                        + row.getField("sold_date")));
    return rows;
  }

  private static void assertFileScopedPositionDeletesOnly(Table table) {
    table.refresh();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        // position deletes only, each scoped to the one data file it deletes from (in a v2 table
        // the file_path column's bounds say so: lower = upper = that file; readers and the delete
        // index rely on it to attach the delete file to that data file alone)
        assertThat(task.deletes())
            .allSatisfy(
                d -> {
                  assertThat(d.content()).isEqualTo(FileContent.POSITION_DELETES);
                  assertThat(ContentFileUtil.referencedDataFileLocation(d))
                      .isEqualTo(task.file().location());
                });
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Snapshot snapshot : table.snapshots()) {
      assertThat(snapshot.summary().getOrDefault("added-equality-delete-files", "0"))
          .as("equality delete files added by snapshot %s", snapshot.snapshotId())
          .isEqualTo("0");
    }
  }

  @Test
  void rejectedImageThenCorrection_leavesExactlyOneRow_andARemoveLeavesNone() {
    try (EtlFixture etl = etl("rejected_then_corrected")) {
      etl.put(Sales.item("t", "k", "10.00", "2024-01-15T10:00:00Z"));
      assertSucceeded(etl.handle(etl.poll()));
      etl.put(Sales.item("t", "k", "1.999", "2024-03-15T10:00:00Z")); // rejected: 3 decimals
      assertSucceeded(etl.handle(etl.poll()));

      assertThat(state(etl))
          .as("the key keeps its last good row")
          .containsExactlyEntriesOf(Map.of("t|k", "10.00@2024-01-15T10:00"));
      assertThat(EtlFixture.read(etl.errors()))
          .extracting(r -> (String) r.getField("reason"))
          .containsExactly("BAD_PRICE");

      etl.put(Sales.item("t", "k", "12.00", "2024-04-15T10:00:00Z")); // old image: the rejected one
      assertSucceeded(etl.handle(etl.poll()));
      assertThat(state(etl)).containsExactlyEntriesOf(Map.of("t|k", "12.00@2024-04-15T10:00"));

      etl.delete("t", "k");
      assertSucceeded(etl.handle(etl.poll()));
      assertThat(state(etl)).isEmpty();
      assertFileScopedPositionDeletesOnly(etl.history());
    }
  }

  @Test
  void modifyWithoutOldImage_orInAnotherDateEncoding_leavesExactlyOneRow() {
    try (EtlFixture etl = etl("old_image_missing")) {
      etl.put(Sales.item("t", "stripped", "10.00", "2024-01-15T10:00:00Z"));
      etl.put(
          Sales.with(
              Sales.item("t", "epoch", "20.00", "x"),
              "sold_date",
              EtlFixture.n(Long.toString(1_706_000_000_000L)))); // 2024-01-23, epoch ms
      assertSucceeded(etl.handle(etl.poll()));

      etl.put(Sales.item("t", "stripped", "11.00", "2024-05-01T00:00:00Z"));
      etl.put(Sales.item("t", "epoch", "21.00", "2024-06-01T02:00:00+02:00"));
      List<DynamodbStreamRecord> batch = etl.poll();
      batch.stream()
          .filter(r -> r.getDynamodb().getKeys().get("product_id").getS().equals("stripped"))
          .forEach(r -> r.getDynamodb().setOldImage(null));
      assertSucceeded(etl.handle(batch));

      assertThat(state(etl))
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  "t|stripped", "11.00@2024-05-01T00:00",
                  "t|epoch", "21.00@2024-06-01T00:00"));
      assertFileScopedPositionDeletesOnly(etl.history());
    }
  }

  @Test
  void newKeys_needNoDeleteFiles_andTheFilesCarryBloomFiltersOnTheKey() {
    try (EtlFixture etl = etl("new_keys")) {
      for (int i = 0; i < 12; i++) {
        etl.put(Sales.item("t" + (i % 3), "p" + i, "10.00", "2024-0" + (1 + i % 3) + "-01"));
      }
      assertSucceeded(etl.handle(etl.poll()));

      assertThat(etl.metrics.get(0).dataFiles()).isEqualTo(3);
      assertThat(etl.metrics.get(0).deleteFiles()).isZero();
      assertThat(etl.metrics.get(0).deletes()).isZero();
      assertThat(state(etl)).hasSize(12);
    }
  }

  @Test
  void removeWithKeysOnly_deletesTheRowWhereverItLives() {
    try (EtlFixture etl = etl("remove_anywhere")) {
      etl.put(Sales.item("t", "k", "10.00", "2024-01-15T10:00:00Z"));
      assertSucceeded(etl.handle(etl.poll()));
      etl.put(Sales.item("t", "k", "10.00", "2024-09-15T10:00:00Z"));
      assertSucceeded(etl.handle(etl.poll()));
      etl.delete("t", "k");
      List<DynamodbStreamRecord> remove = etl.poll();
      remove.forEach(r -> r.getDynamodb().setOldImage(null));
      assertSucceeded(etl.handle(remove));

      assertThat(state(etl)).isEmpty();
    }
  }

  @Test
  void ttlRemovalKeepsTheRow_andALaterInsertInAnotherMonthReplacesIt() {
    try (EtlFixture etl = etl("ttl_then_insert")) {
      etl.put(Sales.item("t", "k", "10.00", "2024-01-15T10:00:00Z"));
      assertSucceeded(etl.handle(etl.poll()));
      etl.delete("t", "k");
      List<DynamodbStreamRecord> ttl = etl.poll();
      ttl.forEach(EtlFixture::asTtl);
      assertSucceeded(etl.handle(ttl));
      assertThat(state(etl)).containsExactlyEntriesOf(Map.of("t|k", "10.00@2024-01-15T10:00"));

      etl.put(Sales.item("t", "k", "30.00", "2024-03-15T10:00:00Z"));
      assertSucceeded(etl.handle(etl.poll()));

      assertThat(state(etl)).containsExactlyEntriesOf(Map.of("t|k", "30.00@2024-03-15T10:00"));
    }
  }

  @Test
  void bisectAfterCommit_halvesReplayedOutOfOrder_neverRollBackAnySnapshot() {
    try (EtlFixture etl = etl("bisect_out_of_order")) {
      for (int i = 0; i < 6; i++) {
        etl.put(Sales.item("t", "k" + i, "1" + i + ".00", "2024-01-1" + i + "T00:00:00Z"));
      }
      for (int i = 0; i < 6; i++) {
        etl.put(Sales.item("t", "k" + i, "2" + i + ".00", "2024-0" + (2 + i) + "-01T00:00:00Z"));
      }
      etl.delete("t", "k4"); // removed in the second half: the first half's images are older
      etl.delete("t", "k5");
      List<DynamodbStreamRecord> batch = etl.poll();
      // The batch commits, then its invocation fails: Lambda bisects and retries the halves,
      // here the second half first, then the first (older images), then the whole again.
      assertSucceeded(etl.handle(batch));
      Map<String, String> committed = state(etl);
      int half = batch.size() / 2;
      assertSucceeded(etl.handle(batch.subList(half, batch.size())));
      assertSucceeded(etl.handle(batch.subList(0, half)));
      assertSucceeded(etl.handle(batch));

      assertThat(committed).hasSize(4).doesNotContainKeys("t|k4", "t|k5");
      assertThat(committed.get("t|k0")).isEqualTo("20.00@2024-02-01T00:00");
      Table history = etl.history();
      List<Snapshot> snapshots = new ArrayList<>();
      history.snapshots().forEach(snapshots::add);
      for (Snapshot snapshot : snapshots) {
        assertThat(stateAt(history, snapshot.snapshotId()))
            .as("state at snapshot %s", snapshot.snapshotId())
            .isEqualTo(committed);
      }
      assertFileScopedPositionDeletesOnly(history);
    }
  }

  @Test
  void olderBatchRedrivenAfterANewerOne_changesNothing() {
    try (EtlFixture etl = etl("older_after_newer")) {
      etl.put(Sales.item("t", "k", "10.00", "2024-01-15T10:00:00Z"));
      etl.put(Sales.item("t", "gone", "10.00", "2024-01-15T10:00:00Z"));
      List<DynamodbStreamRecord> older = etl.poll();
      etl.put(Sales.item("t", "k", "11.00", "2024-02-15T10:00:00Z"));
      List<DynamodbStreamRecord> newer = etl.poll();
      assertSucceeded(etl.handle(older));
      assertSucceeded(etl.handle(newer));
      long snapshots = etl.snapshots(etl.history());

      assertSucceeded(etl.handle(older)); // a redrive of the older range

      assertThat(state(etl))
          .containsExactlyInAnyOrderEntriesOf(
              Map.of("t|k", "11.00@2024-02-15T10:00", "t|gone", "10.00@2024-01-15T10:00"));
      assertThat(etl.snapshots(etl.history())).as("nothing committed").isEqualTo(snapshots);
      assertThat(etl.metrics.get(etl.metrics.size() - 1).replaySkipped()).isEqualTo(2);
    }
  }

  @Test
  void olderInsertRedrivenAfterTheKeysRemove_leavesTheKeyRemoved_andReplaysAddNoTombstone() {
    try (EtlFixture etl = etl("remove_then_older_insert")) {
      etl.put(Sales.item("t", "k", "10.00", "2024-01-15T10:00:00Z"));
      etl.put(Sales.item("t", "stays", "10.00", "2024-01-15T10:00:00Z"));
      List<DynamodbStreamRecord> older = etl.poll();
      etl.delete("t", "k");
      List<DynamodbStreamRecord> removes = etl.poll();

      // The older range failed and went to on-failure; the newer one was applied (a REMOVE of a
      // key the table does not hold yet); then the older range is redriven, and the removes
      // replayed once more.
      assertSucceeded(etl.handle(removes));
      assertSucceeded(etl.handle(older));
      assertSucceeded(etl.handle(removes));

      assertThat(state(etl)).containsOnlyKeys("t|stays");
      List<String> tombstones =
          EtlFixture.read(etl.tombstones()).stream()
              .map(r -> r.getField("tenant_id") + "|" + r.getField("product_id"))
              .sorted()
              .toList();
      assertThat(tombstones).as("one tombstone, not one per replay").containsExactly("t|k");

      // and a newer INSERT of the removed key brings it back
      etl.put(Sales.item("t", "k", "12.00", "2024-03-15T10:00:00Z"));
      assertSucceeded(etl.handle(etl.poll()));
      assertThat(state(etl)).containsOnlyKeys("t|stays", "t|k");
      assertThat(state(etl).get("t|k")).isEqualTo("12.00@2024-03-15T10:00");
    }
  }

  @Test
  void tombstonesOlderThanTwoDays_areDropped_andTheirSnapshotsExpired_whileTheKeyStaysRemoved() {
    SteppingClock clock = new SteppingClock();
    try (EtlFixture etl =
        new EtlFixture(
            stack,
            "tombstone_expiry",
            WriteMode.UPSERT,
            Map.of(EtlConfig.DELETE_MODE, "position"),
            clock)) {
      etl.put(Sales.item("t", "old", "10.00", "2024-01-15T10:00:00Z"));
      etl.put(Sales.item("t", "stays", "10.00", "2024-01-15T10:00:00Z"));
      assertSucceeded(etl.handle(etl.poll()));
      etl.delete("t", "old");
      assertSucceeded(etl.handle(etl.poll()));
      assertThat(EtlFixture.read(etl.tombstones())).hasSize(1);

      // Three days on, the stream cannot deliver anything older than a day: the next batch with
      // a REMOVE drops the old day's tombstones and expires the table's older snapshots.
      clock.advance(java.time.Duration.ofDays(3));
      etl.delete("t", "stays");
      assertSucceeded(etl.handle(etl.poll()));

      List<String> left =
          EtlFixture.read(etl.tombstones()).stream()
              .map(r -> (String) r.getField("product_id"))
              .toList();
      assertThat(left).as("only the new day's tombstone is left").containsExactly("stays");
      assertThat(etl.snapshots(etl.tombstones()))
          .as("snapshots older than an hour are expired")
          .isEqualTo(1);
      assertThat(state(etl)).isEmpty();
    }
  }

  private static Map<String, String> stateAt(Table table, long snapshotId) {
    Map<String, String> rows = new TreeMap<>();
    try (CloseableIterable<Record> it =
        IcebergGenerics.read(table).useSnapshot(snapshotId).build()) {
      for (Record r : it) {
        String key = r.getField("tenant_id") + "|" + r.getField("product_id");
        String value =
            ((BigDecimal) r.getField("sold_price")).toPlainString()
                + "@"
                + (LocalDateTime) r.getField("sold_date");
        assertThat(rows.put(key, value)).as("second row for %s", key).isNull();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }
}
