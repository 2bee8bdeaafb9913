package io.salesflow.etl;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesflow.core.table.SalesHistoryTombstonesTable;
import io.salesflow.core.table.TableDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;

/** Kept tombstones: each finished day rewritten into one file, today left alone, rows unchanged. */
class TombstoneCompactorTest {

  private static final List<String> KEYS = List.of("tenant_id", "product_id");
  private static final LocalDate TODAY = LocalDate.of(2026, 12, 4);

  @Test
  void finishedDaysWithSeveralFiles_becomeOneFileEach_withTheSameRows_andTodayIsLeftAlone() {
    Table table = tombstones();
    // three batches removed keys yesterday, two today, one the day before yesterday
    commit(table, TODAY.minusDays(1), "a", "1");
    commit(table, TODAY.minusDays(1), "b", "2");
    commit(table, TODAY.minusDays(1), "c", "3");
    commit(table, TODAY, "d", "4");
    commit(table, TODAY, "e", "5");
    commit(table, TODAY.minusDays(2), "f", "6");
    Map<String, String> before = rows(table);

    int days = TombstoneCompactor.compactDaysBefore(table, TODAY);

    table.refresh();
    assertThat(days).isEqualTo(1); // yesterday only: one file already on the day before
    assertThat(filesPerDay(table))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(TODAY.minusDays(2), 1, TODAY.minusDays(1), 1, TODAY, 2));
    assertThat(rows(table)).isEqualTo(before).hasSize(6);
    assertThat(TombstoneCompactor.compactDaysBefore(table, TODAY)).isZero(); // nothing left
  }

  private static Table tombstones() {
    InMemoryCatalog catalog = new InMemoryCatalog();
    catalog.initialize("mem", Map.of());
    catalog.createNamespace(Namespace.of("db"));
    TableDefinition def = SalesHistoryTombstonesTable.definition("db", "/wh", KEYS);
    return catalog
        .buildTable(def.identifier(), def.schema())
        .withPartitionSpec(def.spec())
        .withSortOrder(def.sortOrder())
        .withProperties(def.properties())
        .create();
  }

  private static void commit(Table table, LocalDate day, String product, String seq) {
    GenericRecord row = GenericRecord.create(table.schema());
    row.setField("tenant_id", "t");
    row.setField("product_id", product);
    row.setField(SalesHistoryTombstonesTable.STREAM_SEQ, seq);
    row.setField(
        SalesHistoryTombstonesTable.REMOVED_AT, LocalDateTime.of(day, java.time.LocalTime.NOON));
    DeltaWriter.Files files = DeltaWriter.writePositional(table, List.of(row), List.of());
    var append = table.newAppend();
    files.dataFiles().forEach(append::appendFile);
    append.set("salesflow.commit-id", UUID.randomUUID().toString()).commit();
  }

  private static Map<LocalDate, Integer> filesPerDay(Table table) {
    Map<LocalDate, Integer> days = new TreeMap<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        days.merge(
            LocalDate.ofEpochDay(task.file().partition().get(0, Integer.class)), 1, Integer::sum);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return days;
  }

  private static Map<String, String> rows(Table table) {
    Map<String, String> rows = new TreeMap<>();
    try (CloseableIterable<Record> it = IcebergGenerics.read(table).build()) {
      for (Record r : it) {
        rows.put(
            (String) r.getField("product_id"),
            r.getField(SalesHistoryTombstonesTable.STREAM_SEQ) + "@" + r.getField("removed_at"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }
}
