package io.salesflow.etl;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import io.salesflow.core.table.SalesHistoryErrorsTable;
import io.salesflow.core.table.SalesHistoryTable;
import io.salesflow.core.table.SalesHistoryTombstonesTable;
import io.salesflow.core.table.SalesTables;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.expressions.Expressions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Turns one batch of DynamoDB stream records into Iceberg commits: rejected records into
 * sales_history_errors (upserted by a deterministic error id, so replays never duplicate them),
 * then the batch's rows and deletes into sales_history in one RowDelta. Either both land or the
 * batch fails as a whole and is retried; a retry converges to the same table.
 */
public final class StreamBatchService {

  private static final Logger LOG = LoggerFactory.getLogger(StreamBatchService.class);

  private final EtlConfig config;
  private final Catalog catalog;
  private final Clock clock;
  private final MetricsSink metrics;
  private final BatchPlanner planner;
  private final TableCommitter committer;
  private final SalesTables definitions;
  private final Schema keySchema;
  private final Schema errorKeySchema;
  private static final long REFRESH_INTERVAL_MS = 60_000;
  private static final int LOOKUP_ATTEMPTS = 3;

  /** Stream retention (24 h) with a day of slack. */
  static final java.time.Duration TOMBSTONE_RETENTION = java.time.Duration.ofHours(48);

  private static final long TOMBSTONE_EXPIRY_INTERVAL_MS = 60 * 60 * 1000;
  private Table history;
  private Table errors;
  private Table tombstones;
  private long tombstonesExpiredAt;
  private long refreshedAt;
  private final KeyIndex historyKeys;
  private final KeyIndex tombstoneKeys;

  public StreamBatchService(EtlConfig config, Catalog catalog, Clock clock, MetricsSink metrics) {
    this.config = config;
    this.catalog = catalog;
    this.clock = clock;
    this.metrics = metrics;
    this.definitions = config.tables().tables();
    Schema schema = definitions.salesHistory().schema();
    this.keySchema = schema.select(config.tables().keyColumns());
    this.errorKeySchema = SalesHistoryErrorsTable.schema().select(SalesHistoryErrorsTable.ERROR_ID);
    SaleImageConverter converter =
        new SaleImageConverter(schema, config.tables().keyColumns(), config.maxStringLength());
    this.planner =
        new BatchPlanner(
            new StreamRecordDecoder(converter, config.mode()),
            new ErrorRows(SalesHistoryErrorsTable.schema(), converter::soldDateOrNull),
            config.mode());
    this.committer = new TableCommitter(config.commitAttempts(), config.safetyMarginMillis());
    this.historyKeys =
        new KeyIndex(config.tables().keyColumns(), (long) config.keyIndexMegabytes() << 20);
    // Tombstones are one row per removed key: a quarter of the budget on top holds plenty.
    this.tombstoneKeys =
        new KeyIndex(config.tables().keyColumns(), (long) config.keyIndexMegabytes() << 18);
  }

  /** Loads both tables; called at init so the first batch (and a SnapStart restore) is warm. */
  public void warmUp() {
    tables();
  }

  /**
   * Processes one batch.
   *
   * @param remainingMillis Lambda time left, checked before every commit
   */
  public BatchResult process(List<DynamodbStreamRecord> records, LongSupplier remainingMillis) {
    LocalDateTime now =
        LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    long lag = freshnessLag(records);
    if (records.isEmpty()) {
      BatchMetrics empty = BatchMetrics.empty();
      metrics.publish(empty);
      return new BatchResult(List.of(), empty, null);
    }
    List<String> sequences = sequences(records);
    String first = sequences.isEmpty() ? null : sequences.get(0);
    String last = sequences.isEmpty() ? null : sequences.get(sequences.size() - 1);
    MDC.put("seqFirst", String.valueOf(first));
    MDC.put("seqLast", String.valueOf(last));
    try {
      BatchMetrics result = run(records, sequences, now, lag, remainingMillis);
      metrics.publish(result);
      LOG.info("Batch committed: {}", result);
      return new BatchResult(List.of(), result, null);
    } catch (RuntimeException e) {
      String reason =
          BatchFailures.describe(e) + ": " + e.getClass().getSimpleName() + ": " + e.getMessage();
      LOG.error(
          "Batch of {} records failed at sequence number {} (whole batch will be retried): {}",
          records.size(),
          first,
          reason,
          e);
      metrics.publish(BatchMetrics.failed(records.size(), lag));
      return new BatchResult(
          first == null ? List.of() : List.of(first),
          BatchMetrics.failed(records.size(), lag),
          reason);
    } finally {
      MDC.remove("seqFirst");
      MDC.remove("seqLast");
    }
  }

  private BatchMetrics run(
      List<DynamodbStreamRecord> records,
      List<String> sequences,
      LocalDateTime now,
      long lag,
      LongSupplier remaining) {
    tables();
    long decodeStart = System.nanoTime();
    BatchPlan plan = planner.plan(records, now);
    long decodeMillis = (System.nanoTime() - decodeStart) / 1_000_000;
    String arn = streamArn(records);
    Map<String, String> summary = summary(arn, sequences, records);
    Tally tally = new Tally();

    boolean refreshDue = clock.millis() - refreshedAt > REFRESH_INTERVAL_MS;
    if (refreshDue) {
      // Picks up schema changes (schema-bootstrap adds optional columns) in both tables; commits
      // refresh by themselves.
      errors.refresh();
    }
    boolean positional =
        config.mode() == WriteMode.UPSERT && config.deleteMode() == DeleteMode.POSITION;
    if (!plan.errors().isEmpty()) {
      if (positional) {
        errors.refresh(); // the presence check reads the current state; rows take its schema
      }
      List<Record> errorRows = conform(new ArrayList<>(plan.errors()), errors.schema());
      DeltaWriter.Files errorFiles =
          positional
              ? tally.timed(() -> newErrorRows(errorRows))
              : tally.timed(
                  () ->
                      DeltaWriter.write(
                          errors,
                          errorRows,
                          errorRows.stream()
                              .map(r -> new DeltaWriter.Delete(errorKey(r), r))
                              .toList(),
                          errorKeySchema));
      tally.add(commit(errors, errorFiles, summary, remaining, delta -> {}));
    }

    Written written =
        positional
            ? upsertByPosition(plan, summary, now, remaining, tally)
            : writeByEquality(plan, arn, sequences, summary, remaining, refreshDue, tally);

    int rejected = plan.errors().size();
    return new BatchMetrics(
        records.size(),
        written.rows(),
        written.deletes(),
        plan.removes(),
        plan.ttlSkipped(),
        rejected,
        plan.rejectedByReason(),
        written.skipped(),
        tally.dataFiles,
        tally.deleteFiles,
        tally.bytes,
        tally.commits,
        decodeMillis,
        tally.lookupNanos / 1_000_000,
        tally.writeNanos / 1_000_000,
        tally.millis,
        tally.attempts,
        lag,
        false);
  }

  /** What a batch did to sales_history: rows written, rows deleted, changes skipped. */
  private record Written(int rows, int deletes, int skipped) {}

  /**
   * Upsert with position deletes: find each key's live rows in the table, apply the per-key order
   * guard, delete the rows a change replaces or removes by position, write the new rows. A commit
   * whose lookup went stale (a data file it deletes from was rewritten meanwhile, e.g. by
   * compaction) redoes the lookup, a few times within the time left.
   */
  private Written upsertByPosition(
      BatchPlan plan,
      Map<String, String> summary,
      LocalDateTime now,
      LongSupplier remaining,
      Tally tally) {
    List<SaleKey> keys = plan.keyChanges().stream().map(BatchPlan.KeyChange::key).toList();
    List<String> keyColumns = config.tables().keyColumns();
    for (int attempt = 1; ; attempt++) {
      history.refresh();
      refreshedAt = clock.millis();
      long lookupStart = System.nanoTime();
      KeyLookup.Result found = historyKeys.find(history, keys);
      tombstones.refresh();
      KeyLookup.Result removed = tombstoneKeys.find(tombstones, keys);
      tally.lookupNanos += System.nanoTime() - lookupStart;
      UpsertDecision decision = UpsertDecision.of(plan.keyChanges(), found, removed);
      // Tombstones first: if the history commit then fails, the batch is retried and finds them
      // (a tombstone without its REMOVE applied yet still deletes the older rows on the retry).
      // The history's files are written meanwhile (the tombstones' commit waits on the catalog).
      List<Record> tombstoneRows = tombstoneRows(decision.removed(), now);
      List<Record> toWrite = conform(decision.rows(), history.schema());
      java.util.concurrent.atomic.AtomicLong historyNanos =
          new java.util.concurrent.atomic.AtomicLong();
      Future<DeltaWriter.Files> historyWrite =
          BACKGROUND.submit(
              () -> {
                long start = System.nanoTime();
                try {
                  return DeltaWriter.writePositional(history, toWrite, decision.deletes());
                } finally {
                  historyNanos.set(System.nanoTime() - start);
                }
              });
      try {
        tally.add(
            commit(
                tombstones,
                tally.timed(
                    () -> DeltaWriter.writePositional(tombstones, tombstoneRows, List.of())),
                summary,
                remaining,
                delta -> {}));
      } catch (RuntimeException e) {
        discard(history, historyWrite);
        throw e;
      }
      DeltaWriter.Files files = await(historyWrite);
      tally.writeNanos += historyNanos.get(); // partly alongside the tombstones' commit
      try {
        Tally.Step step =
            commit(history, files, summary, remaining, delta -> decision.validate(delta, found));
        tally.add(step);
        if (step != null) {
          historyKeys.committed(history, step.committed().snapshotId(), files, decision.deletes());
          if (BackfillCommitter.landedBetween(
              history, found.snapshotId(), step.committed().snapshotId())) {
            settleBackfilled(keys, summary, remaining, tally);
          }
        }
        historyKeys.prefer(files.dataFiles());
        expireTombstones(now);
        return new Written(decision.rows().size(), decision.deletes().size(), decision.skipped());
      } catch (ValidationException e) {
        DeltaWriter.cleanUp(history, files);
        if (attempt >= LOOKUP_ATTEMPTS) {
          throw e;
        }
        LOG.warn(
            "Rows the batch deletes moved while it was written ({}); looking them up again"
                + " (attempt {} of {})",
            e.getMessage(),
            attempt + 1,
            LOOKUP_ATTEMPTS);
      }
    }
  }

  /**
   * A backfill chunk landed between this batch's lookup and its commit, so the lookup did not see
   * its rows: backfilled rows of the batch's keys now beside a stream row or a tombstone are
   * deleted. If this fails the batch fails, and its retry deletes them (the order guard deletes a
   * backfilled row found beside the stream's own).
   */
  private void settleBackfilled(
      List<SaleKey> keys, Map<String, String> summary, LongSupplier remaining, Tally tally) {
    history.refresh();
    tombstones.refresh();
    KeyLookup.Result found = historyKeys.find(history, keys);
    KeyLookup.Result removed = tombstoneKeys.find(tombstones, keys);
    List<KeyLookup.Located> stale = new ArrayList<>();
    for (SaleKey key : new java.util.LinkedHashSet<>(keys)) {
      stale.addAll(
          BackfillCommitter.superseded(found.of(key), !removed.of(key).isEmpty(), Set.of()));
    }
    if (stale.isEmpty()) {
      return;
    }
    DeltaWriter.Files deletes = DeltaWriter.writePositional(history, List.of(), stale);
    UpsertDecision settle = new UpsertDecision(List.of(), stale, List.of(), 0);
    Tally.Step step =
        commit(history, deletes, summary, remaining, delta -> settle.validate(delta, found));
    tally.add(step);
    LOG.info("Deleted {} backfilled rows the batch's keys superseded", stale.size());
  }

  /** Writes a batch's history files while its tombstones commit. */
  private static final ExecutorService BACKGROUND =
      Executors.newSingleThreadExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "salesflow-history-writer");
            thread.setDaemon(true);
            return thread;
          });

  private static DeltaWriter.Files await(Future<DeltaWriter.Files> write) {
    try {
      return write.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted writing sales_history's files", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("Cannot write sales_history's files", e.getCause());
    }
  }

  /** Waits for a write that will not be committed and deletes its files. */
  private static void discard(Table table, Future<DeltaWriter.Files> write) {
    try {
      DeltaWriter.cleanUp(table, await(write));
    } catch (RuntimeException suppressed) {
      // It failed itself: DeltaWriter deleted what it had written.
    }
  }

  /** Rows of sales_history_tombstones for the keys this batch removes. */
  private List<Record> tombstoneRows(List<UpsertDecision.Removed> removed, LocalDateTime now) {
    List<Record> rows = new ArrayList<>(removed.size());
    List<String> keyColumns = config.tables().keyColumns();
    for (UpsertDecision.Removed r : removed) {
      GenericRecord row = GenericRecord.create(tombstones.schema());
      for (int i = 0; i < keyColumns.size(); i++) {
        row.setField(keyColumns.get(i), r.key().values().get(i));
      }
      row.setField(SalesHistoryTombstonesTable.STREAM_SEQ, r.sequenceNumber());
      row.setField(SalesHistoryTombstonesTable.REMOVED_AT, now);
      rows.add(row);
    }
    return rows;
  }

  /**
   * Drops tombstones of days that ended more than {@link #TOMBSTONE_RETENTION} ago (a stream record
   * lives 24 hours), at most once an hour per container, unless months of sales_history have been
   * archived: a restore needs them all ({@link SalesHistoryTombstonesTable#KEEP_PROPERTY}), and
   * each finished day is then compacted into one file. A failure is logged and tried again later.
   * The tombstones table's own snapshots older than the interval are expired in the same pass
   * (table maintenance looks after sales_history only), so its metadata stays small.
   */
  private void expireTombstones(LocalDateTime now) {
    if (clock.millis() - tombstonesExpiredAt < TOMBSTONE_EXPIRY_INTERVAL_MS) {
      return;
    }
    tombstonesExpiredAt = clock.millis();
    LocalDateTime cutoff = now.minus(TOMBSTONE_RETENTION).truncatedTo(ChronoUnit.DAYS);
    try {
      tombstones.refresh();
      if (tombstones.currentSnapshot() == null) {
        return;
      }
      history.refresh();
      if (SalesHistoryTombstonesTable.keepAll(history.properties(), clock.millis())) {
        int days = TombstoneCompactor.compactDaysBefore(tombstones, now.toLocalDate());
        LOG.info(
            "Tombstones kept (months of {} are archived, or a backfill runs); {} days compacted",
            history.name(),
            days);
      } else {
        dropTombstonesBefore(cutoff);
      }
      tombstones
          .expireSnapshots()
          .expireOlderThan(clock.millis() - TOMBSTONE_EXPIRY_INTERVAL_MS)
          .retainLast(1)
          .commit();
    } catch (RuntimeException e) {
      LOG.warn(
          "Cannot drop tombstones before {} (tried again in an hour): {}", cutoff, e.toString());
    }
  }

  /** Whole day partitions go: a metadata-only delete, no file rewritten. */
  private void dropTombstonesBefore(LocalDateTime cutoff) {
    tombstones
        .newDelete()
        .deleteFromRowFilter(
            Expressions.lessThan(
                SalesHistoryTombstonesTable.REMOVED_AT,
                org.apache.iceberg.util.DateTimeUtil.microsFromTimestamp(cutoff)))
        .commit();
  }

  /** Error rows whose error_id is not in the table yet: a replay adds nothing, deletes nothing. */
  private DeltaWriter.Files newErrorRows(List<Record> errorRows) {
    List<SaleKey> ids =
        errorRows.stream()
            .map(r -> new SaleKey(List.of((String) r.getField(SalesHistoryErrorsTable.ERROR_ID))))
            .toList();
    KeyLookup.Result present =
        KeyLookup.find(errors, List.of(SalesHistoryErrorsTable.ERROR_ID), ids);
    List<Record> fresh = new ArrayList<>();
    for (int i = 0; i < errorRows.size(); i++) {
      if (present.of(ids.get(i)).isEmpty()) {
        fresh.add(errorRows.get(i));
      }
    }
    return DeltaWriter.writePositional(errors, fresh, List.of());
  }

  /** Upsert with equality deletes, or append mode. */
  private Written writeByEquality(
      BatchPlan plan,
      String arn,
      List<String> sequences,
      Map<String, String> summary,
      LongSupplier remaining,
      boolean refreshDue,
      Tally tally) {
    List<Record> rows = new ArrayList<>(plan.rows());
    int replaySkipped = 0;
    if (config.mode() == WriteMode.APPEND || !plan.unlocatedKeys().isEmpty() || refreshDue) {
      // Replay checks and key lookups read the current state.
      history.refresh();
      refreshedAt = clock.millis();
    }
    if (config.mode() == WriteMode.APPEND) {
      Set<String> done =
          ReplayGuard.alreadyCommitted(
              history, arn, sequences, summary.get(ReplayGuard.DIGEST), clock.millis());
      int before = rows.size();
      rows.removeIf(r -> done.contains((String) r.getField(SalesHistoryTable.STREAM_SEQ)));
      replaySkipped = before - rows.size();
    }
    List<Record> toWrite = conform(rows, history.schema());
    List<DeltaWriter.Delete> deletes = deletes(plan);
    DeltaWriter.Files files =
        tally.timed(() -> DeltaWriter.write(history, toWrite, deletes, keySchema));
    tally.add(commit(history, files, summary, remaining, delta -> {}));
    return new Written(rows.size(), deletes.size(), replaySkipped);
  }

  private Tally.Step commit(
      Table table,
      DeltaWriter.Files files,
      Map<String, String> summary,
      LongSupplier remaining,
      Consumer<RowDelta> validation) {
    if (files.isEmpty()) {
      return null;
    }
    Map<String, String> withId = new LinkedHashMap<>(summary);
    withId.put(TableCommitter.COMMIT_ID, UUID.randomUUID().toString());
    TableCommitter.Committed committed =
        committer.commit(table, files, withId, remaining, validation);
    return new Tally.Step(files, committed);
  }

  private List<DeltaWriter.Delete> deletes(BatchPlan plan) {
    List<DeltaWriter.Delete> deletes = new ArrayList<>();
    plan.deletes().forEach(d -> deletes.add(keyDelete(d.key(), d.month())));
    for (SaleKey key : plan.unlocatedKeys()) {
      KeyLocator.partitions(history, config.tables().keyColumns(), key)
          .forEach(month -> deletes.add(keyDelete(key, month)));
    }
    return deletes;
  }

  /**
   * Rows are built with the code's schema; the table may have evolved past it (schema-bootstrap
   * added optional columns). Writers address fields by position, so copy by name when needed.
   */
  static List<Record> conform(List<? extends Record> rows, Schema tableSchema) {
    if (rows.isEmpty() || rows.get(0).struct().equals(tableSchema.asStruct())) {
      return List.copyOf(rows);
    }
    List<Record> conformed = new ArrayList<>(rows.size());
    for (Record row : rows) {
      GenericRecord copy = GenericRecord.create(tableSchema);
      for (var field : tableSchema.columns()) {
        copy.setField(field.name(), row.getField(field.name()));
      }
      conformed.add(copy);
    }
    return conformed;
  }

  private DeltaWriter.Delete keyDelete(SaleKey key, YearMonth month) {
    GenericRecord keyRow = GenericRecord.create(keySchema);
    GenericRecord locator = GenericRecord.create(history.schema());
    List<String> columns = config.tables().keyColumns();
    for (int i = 0; i < columns.size(); i++) {
      keyRow.setField(columns.get(i), key.values().get(i));
      locator.setField(columns.get(i), key.values().get(i));
    }
    locator.setField(SalesHistoryTable.YEAR, month.getYear());
    locator.setField(SalesHistoryTable.MONTH, month.getMonthValue());
    return new DeltaWriter.Delete(keyRow, locator);
  }

  private Record errorKey(Record errorRow) {
    GenericRecord key = GenericRecord.create(errorKeySchema);
    key.setField(
        SalesHistoryErrorsTable.ERROR_ID, errorRow.getField(SalesHistoryErrorsTable.ERROR_ID));
    return key;
  }

  private synchronized void tables() {
    if (history == null) {
      history = catalog.loadTable(definitions.salesHistory().identifier());
      errors = catalog.loadTable(definitions.errors().identifier());
      if (config.mode() == WriteMode.UPSERT && config.deleteMode() == DeleteMode.POSITION) {
        tombstones = loadTombstones();
      }
    }
  }

  private Table loadTombstones() {
    try {
      return catalog.loadTable(definitions.tombstones().identifier());
    } catch (org.apache.iceberg.exceptions.NoSuchTableException e) {
      throw new IllegalStateException(
          "Table "
              + definitions.tombstones().identifier()
              + " does not exist: the upsert's position-delete mode keeps removed keys in it. Run"
              + " schema-bootstrap (salesflow bootstrap, or redeploy the stack) to create it.",
          e);
    }
  }

  private Map<String, String> summary(
      String arn, List<String> sequences, List<DynamodbStreamRecord> records) {
    Map<String, String> summary = new LinkedHashMap<>();
    summary.put(ReplayGuard.STREAM_ARN, arn);
    if (!sequences.isEmpty()) {
      summary.put(ReplayGuard.SEQ_FIRST, sequences.get(0));
      summary.put(ReplayGuard.SEQ_LAST, sequences.get(sequences.size() - 1));
    }
    summary.put("salesflow.records", Integer.toString(records.size()));
    summary.put(ReplayGuard.DIGEST, digest(arn, records));
    summary.put("salesflow.mode", config.mode().name().toLowerCase(java.util.Locale.ROOT));
    return summary;
  }

  private static String streamArn(List<DynamodbStreamRecord> records) {
    return records.stream()
        .map(DynamodbStreamRecord::getEventSourceARN)
        .filter(Objects::nonNull)
        .findFirst()
        .orElse("unknown");
  }

  private static List<String> sequences(List<DynamodbStreamRecord> records) {
    return records.stream()
        .map(r -> r.getDynamodb() == null ? null : r.getDynamodb().getSequenceNumber())
        .filter(Objects::nonNull)
        .toList();
  }

  static String digest(String arn, List<DynamodbStreamRecord> records) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(arn.getBytes(StandardCharsets.UTF_8));
      for (DynamodbStreamRecord r : records) {
        String seq = r.getDynamodb() == null ? r.getEventID() : r.getDynamodb().getSequenceNumber();
        sha.update(("|" + seq + ":" + r.getEventName()).getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  private long freshnessLag(List<DynamodbStreamRecord> records) {
    return records.stream()
        .map(r -> r.getDynamodb() == null ? null : r.getDynamodb().getApproximateCreationDateTime())
        .filter(Objects::nonNull)
        .mapToLong(d -> clock.millis() - d.getTime())
        .min()
        .orElse(-1);
  }

  /** Sums what the commits of one batch did. */
  private static final class Tally {
    record Step(DeltaWriter.Files files, TableCommitter.Committed committed) {}

    private int dataFiles;
    private int deleteFiles;
    private long bytes;
    private int commits;
    private long millis;
    private int attempts;
    private long writeNanos;
    private long lookupNanos;

    DeltaWriter.Files timed(java.util.function.Supplier<DeltaWriter.Files> write) {
      long start = System.nanoTime();
      try {
        return write.get();
      } finally {
        writeNanos += System.nanoTime() - start;
      }
    }

    void add(Step step) {
      if (step == null) {
        return;
      }
      dataFiles += step.files().dataFiles().size();
      deleteFiles += step.files().deleteFiles().size();
      bytes += step.files().bytes();
      commits++;
      millis += step.committed().millis();
      attempts += step.committed().attempts();
    }
  }
}
