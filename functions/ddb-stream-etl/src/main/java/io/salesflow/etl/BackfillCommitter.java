package io.salesflow.etl;

import io.salesflow.core.table.SalesHistoryTombstonesTable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotChanges;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.util.SnapshotUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits what backfill workers staged, a chunk of units at a time, and makes the backfilled rows
 * meet the rows already in the table under the stream's upsert rules.
 *
 * <p><b>Which row wins.</b> A backfilled row carries no stream sequence number: it only fills a key
 * the table lacks. It is left out when the key has a live row (written by the stream, or by an
 * earlier backfill) or a tombstone (the stream removed the key). Because the stream runs from
 * before the export's point in time, every change after that point reaches the table through the
 * stream, and its row or tombstone wins over the export's older image, whichever lands first.
 *
 * <p><b>Races with the stream.</b> A stream batch that commits between this chunk's lookup and its
 * commit is not seen by the lookup: right after its commit the chunk is <i>settled</i> (its keys
 * looked up again; backfilled rows that now have a competitor are deleted by position). The stream
 * does the same for its own keys when a backfill chunk landed between its lookup and its commit
 * ({@link #landedBetween}). Whoever commits second cleans up, so no key keeps two rows.
 *
 * <p><b>Exactly once.</b> Each chunk is two commits, errors first, then history, whose snapshot
 * summaries name the source ({@value #SOURCE}) and the units they cover ({@value #UNITS}). A re-run
 * skips units already in the table, commits the rest, and first settles the last chunk committed
 * before it (a crash may have come between a commit and its settling).
 */
public final class BackfillCommitter {

  private static final Logger LOG = LoggerFactory.getLogger(BackfillCommitter.class);

  /** Snapshot summary: the backfill's source (export ARN, or scanned table and start time). */
  public static final String SOURCE = "salesflow.backfill.source";

  /** Snapshot summary: the units (export data files, scan segments) a commit covers. */
  public static final String UNITS = "salesflow.backfill.units";

  /** Snapshot summary: rows a chunk commit added, and rows of it left out (key already held). */
  public static final String ROWS = "salesflow.backfill.rows";

  /** Snapshot summary of a settling commit: the chunk snapshot it settled. */
  public static final String SETTLED = "salesflow.backfill.settled";

  /** How long the tombstones are kept after a backfill starts. */
  public static final Duration KEEP_TOMBSTONES = Duration.ofDays(7);

  /** The oldest point in time a backfill accepts while tombstones are dropped after 48 hours. */
  public static final Duration MAX_AGE = StreamBatchService.TOMBSTONE_RETENTION.minusHours(12);

  private static final String UNIT_SEPARATOR = "\n";

  /** Units already committed by earlier runs of one source. */
  public record Progress(Set<String> historyUnits, Set<String> errorUnits) {
    public boolean done(String unit) {
      return historyUnits.contains(unit);
    }
  }

  /**
   * What one chunk did.
   *
   * @param added rows of the chunk now in sales_history
   * @param leftOut rows whose key the table already held (a stream row, an earlier backfill, a
   *     tombstone), or duplicated inside the source
   * @param settled rows deleted right after the commit because the stream wrote their key meanwhile
   * @param errors error rows added to sales_history_errors
   * @param snapshotId the chunk's snapshot of sales_history, {@code null} if it had no rows
   */
  public record ChunkResult(
      List<String> units,
      int dataFiles,
      long added,
      long leftOut,
      long settled,
      long errors,
      Long snapshotId) {}

  private final Catalog catalog;
  private final EtlConfig config;
  private final TableCommitter committer;
  private final KeyIndex historyKeys;
  private final KeyIndex tombstoneKeys;
  private Table history;
  private Table errors;
  private Table tombstones;

  public BackfillCommitter(EtlConfig config, Catalog catalog) {
    if (config.mode() != WriteMode.UPSERT || config.deleteMode() != DeleteMode.POSITION) {
      throw new IllegalArgumentException(
          "A backfill needs the upsert with position deletes (ETL_MODE=upsert,"
              + " ETL_DELETE_MODE=position, the defaults): the table must hold one row per key");
    }
    this.config = config;
    this.catalog = catalog;
    this.committer = new TableCommitter(config.commitAttempts(), 0);
    this.historyKeys =
        new KeyIndex(config.tables().keyColumns(), (long) config.keyIndexMegabytes() << 20);
    this.tombstoneKeys =
        new KeyIndex(config.tables().keyColumns(), (long) config.keyIndexMegabytes() << 18);
  }

  public Table history() {
    load();
    return history;
  }

  public Table errors() {
    load();
    return errors;
  }

  /**
   * Before any chunk: checks the point in time is recent enough for the tombstones (or they are all
   * kept), keeps them from now on for {@link #KEEP_TOMBSTONES}, and settles the last chunk an
   * earlier run committed.
   *
   * @throws IllegalArgumentException if the point in time is older than the tombstones reach
   */
  public Progress begin(String source, Instant pointInTime, Instant now) {
    load();
    history.refresh();
    if (!SalesHistoryTombstonesTable.keepAll(history.properties(), now.toEpochMilli())
        && pointInTime.isBefore(now.minus(MAX_AGE))) {
      throw new IllegalArgumentException(
          "The source's point in time "
              + pointInTime
              + " is more than "
              + MAX_AGE.toHours()
              + " hours ago: the stream's tombstones of keys removed since then may already be"
              + " dropped, and their rows would come back. Take a new export (or scan) now, while"
              + " the stream runs, and backfill from it.");
    }
    long until = now.plus(KEEP_TOMBSTONES).toEpochMilli();
    String current = history.properties().get(SalesHistoryTombstonesTable.KEEP_UNTIL_PROPERTY);
    if (current == null || parse(current) < until) {
      history
          .updateProperties()
          .set(SalesHistoryTombstonesTable.KEEP_UNTIL_PROPERTY, Long.toString(until))
          .commit();
    }
    Snapshot last = lastChunk(history);
    if (last != null) {
      settle(last);
    }
    return progress(source);
  }

  /** The units of {@code source} already committed, read from the tables' snapshot summaries. */
  public Progress progress(String source) {
    load();
    history.refresh();
    errors.refresh();
    return new Progress(units(history, source), units(errors, source));
  }

  /**
   * Commits one chunk of staged work: its error rows (units whose errors are not in yet), then its
   * rows (units not in yet) less those whose key the table holds, then settles it. Files staged
   * again for units already committed are left out (orphan removal deletes them).
   */
  public ChunkResult commit(String source, List<BackfillWorker.Staged> chunk) {
    load();
    Progress done = progress(source);
    List<String> units = new ArrayList<>();
    List<DataFile> errorFiles = new ArrayList<>();
    List<String> errorUnits = new ArrayList<>();
    List<DataFile> dataFiles = new ArrayList<>();
    List<DataFile> stale = new ArrayList<>();
    List<DataFile> staleErrors = new ArrayList<>();
    long errorRows = 0;
    for (BackfillWorker.Staged staged : chunk) {
      boolean errorsIn = done.errorUnits().containsAll(staged.units());
      boolean rowsIn = done.historyUnits().containsAll(staged.units());
      if (errorsIn) {
        staleErrors.addAll(staged.errorFiles());
      } else {
        errorFiles.addAll(staged.errorFiles());
        errorUnits.addAll(staged.units());
        errorRows += staged.rejected();
      }
      if (rowsIn) {
        stale.addAll(staged.dataFiles());
      } else {
        dataFiles.addAll(staged.dataFiles());
        units.addAll(staged.units());
      }
    }
    if (!stale.isEmpty() || !staleErrors.isEmpty()) {
      // Staged twice (a worker retried): left for orphan removal, never deleted here, since a
      // staging record read again must not delete files a commit made live.
      LOG.info(
          "{} data files and {} error files staged for units already committed are left out",
          stale.size(),
          staleErrors.size());
    }
    if (!errorUnits.isEmpty()) {
      commit(errors, new DeltaWriter.Files(errorFiles, List.of()), summary(source, errorUnits));
      if (errorFiles.isEmpty()) {
        errorRows = 0;
      }
    }
    if (units.isEmpty()) {
      return new ChunkResult(List.of(), 0, 0, 0, 0, errorRows, null);
    }
    return commitRows(source, units, dataFiles, errorRows);
  }

  private ChunkResult commitRows(
      String source, List<String> units, List<DataFile> dataFiles, long errorRows) {
    List<String> keyColumns = config.tables().keyColumns();
    List<KeyLookup.Located> rows = new ArrayList<>();
    KeyLookup.rowsOf(history, dataFiles, keyColumns).forEach(rows::addAll);
    Set<SaleKey> keys = new LinkedHashSet<>();
    rows.forEach(r -> keys.add(r.key()));
    history.refresh();
    tombstones.refresh();
    KeyLookup.Result found = historyKeys.find(history, keys);
    KeyLookup.Result removed = tombstoneKeys.find(tombstones, keys);
    List<KeyLookup.Located> leaveOut = new ArrayList<>();
    Set<SaleKey> seen = new HashSet<>();
    for (KeyLookup.Located row : rows) {
      if (!seen.add(row.key())
          || !found.of(row.key()).isEmpty()
          || !removed.of(row.key()).isEmpty()) {
        leaveOut.add(row);
      }
    }
    DeltaWriter.Files deletes = DeltaWriter.writePositional(history, List.of(), leaveOut);
    Map<String, String> summary = summary(source, units);
    summary.put(ROWS, (rows.size() - leaveOut.size()) + " added, " + leaveOut.size() + " left out");
    summary.put(LOOKUP_SNAPSHOT, String.valueOf(found.snapshotId()));
    TableCommitter.Committed committed =
        commit(history, new DeltaWriter.Files(dataFiles, deletes.deleteFiles()), summary);
    history.refresh();
    tombstones.refresh();
    Snapshot chunk = history.snapshot(committed.snapshotId());
    // Nothing can have raced the lookup when nothing else committed to either table since.
    boolean raced =
        !java.util.Objects.equals(chunk.parentId(), found.snapshotId())
            || !java.util.Objects.equals(snapshotId(tombstones), removed.snapshotId());
    long settled = raced ? settle(chunk) : 0;
    LOG.info(
        "Backfill chunk of {} units committed to {} (snapshot {}): {} rows added, {} left out, {}"
            + " settled",
        units.size(),
        history.name(),
        committed.snapshotId(),
        rows.size() - leaveOut.size() - settled,
        leaveOut.size(),
        settled);
    return new ChunkResult(
        units,
        dataFiles.size(),
        rows.size() - leaveOut.size() - settled,
        leaveOut.size(),
        settled,
        errorRows,
        committed.snapshotId());
  }

  private static Long snapshotId(Table table) {
    Snapshot current = table.currentSnapshot();
    return current == null ? null : current.snapshotId();
  }

  /** Snapshot summary: the snapshot of sales_history the chunk's lookup read. */
  static final String LOOKUP_SNAPSHOT = "salesflow.backfill.lookup-snapshot";

  /**
   * Looks the chunk's keys up again now and deletes its rows that have a competitor (a live row of
   * another commit, or a tombstone): the stream wrote or removed the key after the chunk's lookup.
   * Returns how many rows were deleted.
   */
  long settle(Snapshot chunk) {
    List<DataFile> added = new ArrayList<>();
    SnapshotChanges.builderFor(history)
        .snapshot(chunk)
        .build()
        .addedDataFiles()
        .forEach(added::add);
    if (added.isEmpty()) {
      return 0;
    }
    Set<String> ours = new HashSet<>();
    added.forEach(f -> ours.add(f.location()));
    List<String> keyColumns = config.tables().keyColumns();
    Set<SaleKey> keys = new LinkedHashSet<>();
    KeyLookup.rowsOf(history, added, keyColumns).forEach(rs -> rs.forEach(r -> keys.add(r.key())));
    for (int attempt = 1; ; attempt++) {
      history.refresh();
      tombstones.refresh();
      KeyLookup.Result found = historyKeys.find(history, keys);
      KeyLookup.Result removed = tombstoneKeys.find(tombstones, keys);
      List<KeyLookup.Located> stale = new ArrayList<>();
      for (SaleKey key : keys) {
        stale.addAll(superseded(found.of(key), !removed.of(key).isEmpty(), ours));
      }
      if (stale.isEmpty()) {
        return 0;
      }
      DeltaWriter.Files deletes = DeltaWriter.writePositional(history, List.of(), stale);
      Map<String, String> summary = new LinkedHashMap<>();
      summary.put(SETTLED, Long.toString(chunk.snapshotId()));
      try {
        commit(history, deletes, summary, found);
        LOG.info(
            "Settled backfill chunk {}: {} rows deleted whose key the stream wrote meanwhile",
            chunk.snapshotId(),
            stale.size());
        return stale.size();
      } catch (org.apache.iceberg.exceptions.ValidationException e) {
        DeltaWriter.cleanUp(history, deletes);
        if (attempt >= 3) {
          throw e;
        }
      }
    }
  }

  /**
   * The backfilled rows of one key that must go: those without a stream sequence number when the
   * key also has a row with one, or a tombstone, or (rows of {@code ours} only) another row without
   * one written by another commit. Shared with the stream's own check.
   *
   * @param ours data files whose rows give way to every other row of their key; empty when any
   *     backfilled row may go
   */
  static List<KeyLookup.Located> superseded(
      List<KeyLookup.Located> live, boolean tombstone, Set<String> ours) {
    List<KeyLookup.Located> backfilled = new ArrayList<>();
    boolean streamRow = false;
    boolean otherBackfill = false;
    for (KeyLookup.Located row : live) {
      if (row.streamSeq() != null) {
        streamRow = true;
      } else if (ours.isEmpty() || ours.contains(row.path())) {
        backfilled.add(row);
      } else {
        otherBackfill = true;
      }
    }
    if (backfilled.isEmpty()) {
      return List.of();
    }
    if (streamRow || tombstone || otherBackfill) {
      return backfilled;
    }
    return backfilled.subList(1, backfilled.size()); // one of them stays
  }

  /**
   * Whether a backfill chunk committed after {@code fromSnapshotId} up to {@code toSnapshotId}: the
   * stream then settles the keys of a batch whose lookup could not see that chunk.
   */
  static boolean landedBetween(Table table, Long fromSnapshotId, long toSnapshotId) {
    for (Snapshot s : SnapshotUtil.ancestorsBetween(table, toSnapshotId, fromSnapshotId)) {
      if (s.snapshotId() != toSnapshotId && s.summary().containsKey(SOURCE)) {
        return true;
      }
    }
    return false;
  }

  private TableCommitter.Committed commit(
      Table table, DeltaWriter.Files files, Map<String, String> summary) {
    return commit(table, files, summary, null);
  }

  private TableCommitter.Committed commit(
      Table table, DeltaWriter.Files files, Map<String, String> summary, KeyLookup.Result found) {
    summary.put(TableCommitter.COMMIT_ID, UUID.randomUUID().toString());
    try {
      return committer.commit(
          table,
          files,
          summary,
          () -> Long.MAX_VALUE,
          delta -> {
            if (found != null && found.snapshotId() != null) {
              delta.validateFromSnapshot(found.snapshotId());
              Set<String> referenced = new LinkedHashSet<>();
              files.deleteFiles().forEach(d -> referenced.add(d.referencedDataFile()));
              referenced.remove(null);
              delta.validateDataFilesExist(referenced);
              delta.validateDeletedFiles();
            }
          });
    } catch (RuntimeException e) {
      if (!(e instanceof CommitOutcomeUnknownException)) {
        DeltaWriter.cleanUp(table, files);
      }
      throw e;
    }
  }

  private static Map<String, String> summary(String source, List<String> units) {
    Map<String, String> summary = new LinkedHashMap<>();
    summary.put(SOURCE, source);
    summary.put(UNITS, String.join(UNIT_SEPARATOR, units));
    return summary;
  }

  private static Set<String> units(Table table, String source) {
    Set<String> units = new HashSet<>();
    for (Snapshot snapshot : table.snapshots()) {
      Map<String, String> summary = snapshot.summary();
      if (source.equals(summary.get(SOURCE)) && summary.get(UNITS) != null) {
        units.addAll(Arrays.asList(summary.get(UNITS).split(UNIT_SEPARATOR)));
      }
    }
    units.remove("");
    return units;
  }

  /** The newest chunk commit of any backfill still in the table's history, or null. */
  private static Snapshot lastChunk(Table table) {
    Snapshot current = table.currentSnapshot();
    if (current == null) {
      return null;
    }
    for (Snapshot s : SnapshotUtil.ancestorsOf(current.snapshotId(), table::snapshot)) {
      if (s.summary().containsKey(SOURCE)) {
        return s;
      }
    }
    return null;
  }

  private static long parse(String millis) {
    try {
      return Long.parseLong(millis.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private synchronized void load() {
    if (history == null) {
      var tables = config.tables().tables();
      history = catalog.loadTable(tables.salesHistory().identifier());
      errors = catalog.loadTable(tables.errors().identifier());
      tombstones = catalog.loadTable(tables.tombstones().identifier());
    }
  }

  /** Deletes the files of staged work that will not be committed. */
  public void discard(Collection<BackfillWorker.Staged> staged) {
    load();
    for (BackfillWorker.Staged s : staged) {
      DeltaWriter.cleanUp(history, new DeltaWriter.Files(s.dataFiles(), List.of()));
      DeltaWriter.cleanUp(errors, new DeltaWriter.Files(s.errorFiles(), List.of()));
    }
  }
}
