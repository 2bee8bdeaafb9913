package io.salesflow.etl;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import io.salesflow.core.table.SalesHistoryTable;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.data.GenericRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes a batch and decides what to write. Upsert mode keeps only the last image per key and
 * deletes the key in every partition any of its images (old or new) placed it in, so a replay, a
 * bisected half or a month-moving MODIFY all converge on the DynamoDB item's state. Append mode
 * writes one row per event. Bad records become error rows; they never stop the batch.
 */
final class BatchPlanner {

  private static final Logger LOG = LoggerFactory.getLogger(BatchPlanner.class);

  private final StreamRecordDecoder decoder;
  private final ErrorRows errorRows;
  private final WriteMode mode;

  BatchPlanner(StreamRecordDecoder decoder, ErrorRows errorRows, WriteMode mode) {
    this.decoder = decoder;
    this.errorRows = errorRows;
    this.mode = mode;
  }

  BatchPlan plan(List<DynamodbStreamRecord> records, LocalDateTime ingestedAt) {
    List<DecodedChange> changes = new ArrayList<>();
    List<GenericRecord> errors = new ArrayList<>();
    Map<Reason, Integer> rejected = new EnumMap<>(Reason.class);
    for (DynamodbStreamRecord record : records) {
      try {
        changes.add(decoder.decode(record, ingestedAt));
      } catch (RecordRejectedException e) {
        reject(record, e.reason(), e.getMessage(), ingestedAt, errors, rejected);
      } catch (RuntimeException e) {
        // A record that breaks the decoder in a way nobody foresaw can never succeed either: it
        // goes to the errors table with what happened, and never takes the batch with it.
        LOG.error("Unexpected failure decoding record {}", sequence(record), e);
        reject(
            record,
            Reason.UNDECODABLE,
            "Unexpected " + e.getClass().getSimpleName() + " while decoding: " + e.getMessage(),
            ingestedAt,
            errors,
            rejected);
      }
    }
    return mode == WriteMode.APPEND
        ? append(changes, errors, rejected)
        : upsert(changes, errors, rejected);
  }

  private void reject(
      DynamodbStreamRecord record,
      Reason reason,
      String message,
      LocalDateTime ingestedAt,
      List<GenericRecord> errors,
      Map<Reason, Integer> rejected) {
    errors.add(errorRows.row(record, reason, message, ingestedAt));
    rejected.merge(reason, 1, Integer::sum);
    LOG.warn("Rejected record {} ({}): {}", sequence(record), reason, message);
  }

  private static BatchPlan append(
      List<DecodedChange> changes, List<GenericRecord> errors, Map<Reason, Integer> rejected) {
    List<GenericRecord> rows = changes.stream().map(DecodedChange::row).toList();
    int ttl = (int) changes.stream().filter(c -> c.kind() == ChangeKind.TTL_REMOVE).count();
    int removes = (int) changes.stream().filter(c -> c.kind() == ChangeKind.DELETE).count();
    return new BatchPlan(rows, List.of(), errors, ttl, removes, rejected, List.of(), List.of());
  }

  private static BatchPlan upsert(
      List<DecodedChange> changes, List<GenericRecord> errors, Map<Reason, Integer> rejected) {
    Map<SaleKey, KeyState> states = new LinkedHashMap<>();
    int ttl = 0;
    int removes = 0;
    for (DecodedChange change : changes) {
      if (change.kind() == ChangeKind.TTL_REMOVE) {
        ttl++; // history is kept: the table's row for this key stays as it is
        continue;
      }
      KeyState state = states.computeIfAbsent(change.key(), k -> new KeyState());
      if (change.oldSoldDate() != null) {
        state.partitions.add(partition(change.oldSoldDate()));
      }
      state.unlocated |= change.oldImageMissing();
      state.lastSequence = change.sequenceNumber();
      if (change.kind() == ChangeKind.UPSERT) {
        state.partitions.add(
            partition((LocalDateTime) change.row().getField(SalesHistoryTable.SOLD_DATE)));
        state.last = change.row();
      } else {
        state.last = null;
        removes++;
      }
    }
    List<GenericRecord> rows = new ArrayList<>();
    List<BatchPlan.KeyDelete> deletes = new ArrayList<>();
    List<SaleKey> unlocated = new ArrayList<>();
    List<BatchPlan.KeyChange> keyChanges = new ArrayList<>();
    states.forEach(
        (key, state) -> {
          keyChanges.add(new BatchPlan.KeyChange(key, state.last, state.lastSequence));
          state.partitions.forEach(p -> deletes.add(new BatchPlan.KeyDelete(key, p)));
          if (state.last != null) {
            rows.add(state.last);
          }
          if (state.unlocated) {
            unlocated.add(key);
          }
        });
    return new BatchPlan(rows, deletes, errors, ttl, removes, rejected, unlocated, keyChanges);
  }

  private static YearMonth partition(LocalDateTime date) {
    return YearMonth.from(date);
  }

  private static String sequence(DynamodbStreamRecord record) {
    return record.getDynamodb() == null
        ? "(no sequence number)"
        : record.getDynamodb().getSequenceNumber();
  }

  private static final class KeyState {
    private final Set<YearMonth> partitions = new LinkedHashSet<>();
    private GenericRecord last;
    private String lastSequence;
    private boolean unlocated;
  }
}
