package io.salesflow.etl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.YearMonth;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Finds the partitions that may hold a key's row, from file statistics only (no data read), for
 * changes that arrive without a readable old image. Conservative: an extra equality delete in a
 * partition without the key is harmless, a missing one would leave a stale row.
 */
final class KeyLocator {

  private KeyLocator() {}

  static Set<YearMonth> partitions(Table table, List<String> keyColumns, SaleKey key) {
    Expression filter = Expressions.alwaysTrue();
    for (int i = 0; i < keyColumns.size(); i++) {
      filter = Expressions.and(filter, Expressions.equal(keyColumns.get(i), key.values().get(i)));
    }
    Set<YearMonth> partitions = new LinkedHashSet<>();
    if (table.currentSnapshot() == null) {
      return partitions;
    }
    try (CloseableIterable<FileScanTask> tasks = table.newScan().filter(filter).planFiles()) {
      for (FileScanTask task : tasks) {
        StructLike partition = task.file().partition();
        partitions.add(
            YearMonth.of(partition.get(0, Integer.class), partition.get(1, Integer.class)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot plan files of " + table.name(), e);
    }
    return partitions;
  }
}
