package io.salesflow.etl;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.data.Record;

/**
 * The per-key order guard of the position-delete upsert: for each key's final change in the batch,
 * the key's live rows in the table and its tombstone (the last REMOVE applied to it, if still
 * kept), what to delete and what to write. A change never replaces a row written by a later (or the
 * same) stream record, and never brings back a key removed by a later REMOVE: sequence numbers are
 * compared as numbers, and DynamoDB Streams deliver one item's changes in order within its shard,
 * and a child shard's records after its parent's. A row without a sequence number (loaded
 * otherwise) is older than any.
 *
 * @param rows new rows to write
 * @param deletes live rows to delete by position: every row of a key whose change applies
 * @param removed keys this batch removes, with the REMOVE's sequence number: their tombstones
 * @param skipped keys whose change the table already holds, or a later one
 */
record UpsertDecision(
    List<Record> rows, List<KeyLookup.Located> deletes, List<Removed> removed, int skipped) {

  /** A key removed by the REMOVE with sequence number {@code sequenceNumber}. */
  record Removed(SaleKey key, String sequenceNumber) {}

  /** Without tombstones. */
  static UpsertDecision of(List<BatchPlan.KeyChange> changes, KeyLookup.Result found) {
    return of(changes, found, new KeyLookup.Result(null, java.util.Map.of()));
  }

  /**
   * @param found the keys' live rows in sales_history
   * @param tombstones the keys' rows in sales_history_tombstones ({@code streamSeq}: the REMOVE's)
   */
  static UpsertDecision of(
      List<BatchPlan.KeyChange> changes, KeyLookup.Result found, KeyLookup.Result tombstones) {
    List<Record> rows = new ArrayList<>();
    List<KeyLookup.Located> deletes = new ArrayList<>();
    List<Removed> removed = new ArrayList<>();
    int skipped = 0;
    for (BatchPlan.KeyChange change : changes) {
      List<KeyLookup.Located> existing = found.of(change.key());
      String newest = newest(existing);
      if (newest != null && ReplayGuard.compare(newest, change.sequenceNumber()) >= 0) {
        skipped++;
        // A backfilled row beside the stream's own is stale (a race the backfill lost).
        deletes.addAll(
            BackfillCommitter.superseded(
                existing, !tombstones.of(change.key()).isEmpty(), Set.of()));
        continue;
      }
      String removedAt = newest(tombstones.of(change.key()));
      if (removedAt != null && ReplayGuard.compare(removedAt, change.sequenceNumber()) >= 0) {
        // A later REMOVE was applied: this change is older, so the key stays removed. Rows older
        // than that REMOVE can only be left by its batch failing between its two commits.
        if (existing.isEmpty()) {
          skipped++;
        }
        deletes.addAll(existing);
        continue;
      }
      deletes.addAll(existing);
      if (change.row() != null) {
        rows.add(change.row());
      } else {
        removed.add(new Removed(change.key(), change.sequenceNumber()));
      }
    }
    return new UpsertDecision(rows, deletes, removed, skipped);
  }

  /**
   * Checks the commit makes: the lookup's snapshot is the base of validation, and every data file a
   * position delete names must still exist (not rewritten or removed meanwhile).
   */
  void validate(RowDelta delta, KeyLookup.Result found) {
    if (found.snapshotId() != null) {
      delta.validateFromSnapshot(found.snapshotId());
    }
    Set<String> referenced = new LinkedHashSet<>();
    deletes.forEach(d -> referenced.add(d.path()));
    if (!referenced.isEmpty()) {
      delta.validateDataFilesExist(referenced);
      delta.validateDeletedFiles();
    }
  }

  private static String newest(List<KeyLookup.Located> rows) {
    String newest = null;
    for (KeyLookup.Located row : rows) {
      if (row.streamSeq() != null
          && (newest == null || ReplayGuard.compare(row.streamSeq(), newest) > 0)) {
        newest = row.streamSeq();
      }
    }
    return newest;
  }
}
