package io.salesflow.etl;

import io.salesflow.core.table.SalesHistoryTombstonesTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.util.DateTimeUtil;

/**
 * Rewrites each finished day of sales_history_tombstones that holds more than one file (one per
 * batch that removed keys) into one file, so kept tombstones stay a few files a day. The table only
 * ever gets appends and whole-day drops, so no delete file applies to what is rewritten; the
 * rewrite validates that nothing else changed the day meanwhile.
 */
final class TombstoneCompactor {

  private TombstoneCompactor() {}

  /** Compacts the days before {@code today}; returns how many days were rewritten. */
  static int compactDaysBefore(Table tombstones, LocalDate today) {
    Snapshot base = tombstones.currentSnapshot();
    if (base == null) {
      return 0;
    }
    Map<Integer, List<DataFile>> byDay = new LinkedHashMap<>();
    int todayOrdinal = (int) today.toEpochDay();
    try (CloseableIterable<FileScanTask> tasks =
        tombstones.newScan().useSnapshot(base.snapshotId()).planFiles()) {
      for (FileScanTask task : tasks) {
        StructLike partition = task.file().partition();
        Integer day = partition.get(0, Integer.class);
        if (day != null && day < todayOrdinal) {
          byDay.computeIfAbsent(day, d -> new ArrayList<>()).add(task.file());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot plan " + tombstones.name(), e);
    }
    int days = 0;
    for (Map.Entry<Integer, List<DataFile>> day : byDay.entrySet()) {
      if (day.getValue().size() < 2) {
        continue;
      }
      LocalDate date = LocalDate.ofEpochDay(day.getKey());
      Expression filter =
          Expressions.and(
              Expressions.greaterThanOrEqual(
                  SalesHistoryTombstonesTable.REMOVED_AT,
                  DateTimeUtil.microsFromTimestamp(date.atStartOfDay())),
              Expressions.lessThan(
                  SalesHistoryTombstonesTable.REMOVED_AT,
                  DateTimeUtil.microsFromTimestamp(
                      LocalDateTime.of(date.plusDays(1), java.time.LocalTime.MIDNIGHT))));
      List<Record> rows = new ArrayList<>();
      try (CloseableIterable<Record> read =
          IcebergGenerics.read(tombstones).useSnapshot(base.snapshotId()).where(filter).build()) {
        read.forEach(r -> rows.add(r.copy()));
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + tombstones.name() + " of " + date, e);
      }
      DeltaWriter.Files written = DeltaWriter.writePositional(tombstones, rows, List.of());
      Set<DataFile> replaced = new HashSet<>(day.getValue());
      try {
        tombstones
            .newRewrite()
            .rewriteFiles(replaced, Set.of(), new HashSet<>(written.dataFiles()), Set.of())
            .validateFromSnapshot(base.snapshotId())
            .commit();
      } catch (RuntimeException e) {
        DeltaWriter.cleanUp(tombstones, written);
        throw e;
      }
      days++;
    }
    return days;
  }
}
