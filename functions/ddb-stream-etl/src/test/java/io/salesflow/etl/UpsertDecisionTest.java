package io.salesflow.etl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/** The per-key order guard, on lookups built by hand. */
class UpsertDecisionTest {

  private static final SaleKey K = new SaleKey(List.of("t", "k"));
  private static final DataFile FILE =
      DataFiles.builder(PartitionSpec.unpartitioned())
          .withPath("s3://b/data/f.parquet")
          .withFileSizeInBytes(10)
          .withRecordCount(3)
          .build();
  private static final GenericRecord ROW =
      GenericRecord.create(
          Types.StructType.of(Types.NestedField.optional(1, "x", Types.StringType.get())));

  private static KeyLookup.Result table(String... seqs) {
    List<KeyLookup.Located> rows =
        java.util.stream.IntStream.range(0, seqs.length)
            .mapToObj(i -> new KeyLookup.Located(K, FILE, i, seqs[i]))
            .toList();
    return new KeyLookup.Result(1L, rows.isEmpty() ? Map.of() : Map.of(K, rows));
  }

  @Test
  void newerChange_deletesEveryLiveRowOfTheKey_andWritesItsRow() {
    UpsertDecision d =
        UpsertDecision.of(List.of(new BatchPlan.KeyChange(K, ROW, "900")), table("100", "85"));

    assertThat(d.deletes()).extracting(KeyLookup.Located::position).containsExactly(0L, 1L);
    assertThat(d.rows()).containsExactly(ROW);
    assertThat(d.skipped()).isZero();
  }

  @Test
  void aReplayedChange_stillDeletesABackfilledRowBesideTheStreamsOwn() {
    // the stream's row (seq 100) and a backfilled row (no seq) that lost a race
    UpsertDecision d =
        UpsertDecision.of(List.of(new BatchPlan.KeyChange(K, ROW, "100")), table("100", null));

    assertThat(d.skipped()).isEqualTo(1);
    assertThat(d.rows()).isEmpty();
    assertThat(d.deletes()).extracting(KeyLookup.Located::position).containsExactly(1L);
  }

  @Test
  void backfilledRows_giveWayToAStreamRowATombstoneOrAnEarlierBackfill() {
    var stream = new KeyLookup.Located(K, FILE, 0, "100");
    var ours = new KeyLookup.Located(K, FILE, 1, null);
    DataFile other =
        DataFiles.builder(PartitionSpec.unpartitioned())
            .withPath("s3://b/data/earlier.parquet")
            .withFileSizeInBytes(10)
            .withRecordCount(1)
            .build();
    var earlier = new KeyLookup.Located(K, other, 0, null);
    var mine = java.util.Set.of(FILE.location());

    assertThat(BackfillCommitter.superseded(List.of(stream, ours), false, mine))
        .containsExactly(ours);
    assertThat(BackfillCommitter.superseded(List.of(ours), true, mine)).containsExactly(ours);
    assertThat(BackfillCommitter.superseded(List.of(earlier, ours), false, mine))
        .containsExactly(ours);
    assertThat(BackfillCommitter.superseded(List.of(ours), false, mine)).isEmpty();
    assertThat(BackfillCommitter.superseded(List.of(stream), true, mine)).isEmpty();
    // the stream's own check: any backfilled row beside a stream row goes
    assertThat(BackfillCommitter.superseded(List.of(earlier, stream), false, java.util.Set.of()))
        .containsExactly(earlier);
  }

  @Test
  void sequenceNumbersCompareAsNumbers_notAsText() {
    // "99" sorts after "100" as text; as numbers the table's 100 is newer.
    UpsertDecision d =
        UpsertDecision.of(List.of(new BatchPlan.KeyChange(K, ROW, "99")), table("100"));

    assertThat(d.rows()).isEmpty();
    assertThat(d.deletes()).isEmpty();
    assertThat(d.skipped()).isEqualTo(1);
  }

  @Test
  void theSameChangeReplayed_isSkipped_andAnOlderRemoveIsIgnored() {
    assertThat(
            UpsertDecision.of(List.of(new BatchPlan.KeyChange(K, ROW, "100")), table("100"))
                .skipped())
        .isEqualTo(1);
    UpsertDecision olderRemove =
        UpsertDecision.of(List.of(new BatchPlan.KeyChange(K, null, "50")), table("100"));
    assertThat(olderRemove.deletes()).isEmpty();
    assertThat(olderRemove.skipped()).isEqualTo(1);
  }

  @Test
  void aRemove_deletesTheRow_aNewKeyNeedsNoDelete_aRowWithoutSequenceIsOlder() {
    assertThat(
            UpsertDecision.of(List.of(new BatchPlan.KeyChange(K, null, "200")), table("100"))
                .deletes())
        .hasSize(1);
    UpsertDecision insert =
        UpsertDecision.of(List.of(new BatchPlan.KeyChange(K, ROW, "1")), table());
    assertThat(insert.deletes()).isEmpty();
    assertThat(insert.rows()).containsExactly(ROW);
    assertThat(
            UpsertDecision.of(List.of(new BatchPlan.KeyChange(K, ROW, "1")), table((String) null))
                .deletes())
        .hasSize(1);
  }

  @Test
  void aTombstoneNewerThanTheChange_keepsTheKeyRemoved_andDeletesRowsOlderThanIt() {
    KeyLookup.Result removedAt300 = table("300");

    UpsertDecision olderInsert =
        UpsertDecision.of(List.of(new BatchPlan.KeyChange(K, ROW, "200")), table(), removedAt300);
    UpsertDecision leftBehind =
        UpsertDecision.of(
            List.of(new BatchPlan.KeyChange(K, ROW, "250")), table("100"), removedAt300);
    UpsertDecision newerInsert =
        UpsertDecision.of(List.of(new BatchPlan.KeyChange(K, ROW, "400")), table(), removedAt300);

    assertThat(olderInsert.rows()).isEmpty();
    assertThat(olderInsert.skipped()).isEqualTo(1);
    // a row older than the REMOVE (its batch failed between the tombstone and history commits)
    assertThat(leftBehind.rows()).isEmpty();
    assertThat(leftBehind.deletes()).hasSize(1);
    assertThat(newerInsert.rows()).containsExactly(ROW);
    assertThat(newerInsert.removed()).isEmpty();
  }

  @Test
  void aRemoveThatApplies_leavesATombstone_evenForAKeyTheTableNeverHad() {
    UpsertDecision remove =
        UpsertDecision.of(List.of(new BatchPlan.KeyChange(K, null, "500")), table());

    assertThat(remove.removed()).containsExactly(new UpsertDecision.Removed(K, "500"));
    assertThat(remove.rows()).isEmpty();
    assertThat(remove.skipped()).isZero();
  }
}
