package io.salesflow.maintenance;

import io.salesflow.core.table.SalesHistoryTable;
import java.time.YearMonth;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;

/**
 * One partition of sales_history: identity {@code year}, {@code month} of {@code sold_date}.
 * Ordered by time, so runs walk partitions oldest first and a checkpoint can say "after this one".
 */
public record MonthPartition(int year, int month) implements Comparable<MonthPartition> {

  public MonthPartition {
    if (month < 1 || month > 12) {
      throw new IllegalArgumentException("Invalid month " + month + ": must be 1-12");
    }
  }

  /** The partition of a data or delete file of a table partitioned by (year, month). */
  static MonthPartition of(StructLike partition) {
    return new MonthPartition(partition.get(0, Integer.class), partition.get(1, Integer.class));
  }

  /** Parses {@link #toString()}'s form, {@code year=2025/month=3}. */
  public static MonthPartition parse(String path) {
    String[] parts = path.split("/");
    if (parts.length != 2 || !parts[0].startsWith("year=") || !parts[1].startsWith("month=")) {
      throw new IllegalArgumentException(
          "Invalid partition '" + path + "': expected year=<yyyy>/month=<m>");
    }
    return new MonthPartition(
        Integer.parseInt(parts[0].substring(5)), Integer.parseInt(parts[1].substring(6)));
  }

  /** The row filter selecting exactly this partition. */
  public Expression filter() {
    return Expressions.and(
        Expressions.equal(SalesHistoryTable.YEAR, year),
        Expressions.equal(SalesHistoryTable.MONTH, month));
  }

  public YearMonth yearMonth() {
    return YearMonth.of(year, month);
  }

  @Override
  public int compareTo(MonthPartition other) {
    return yearMonth().compareTo(other.yearMonth());
  }

  /** The partition path, {@code year=2025/month=3}. */
  @Override
  public String toString() {
    return "year=" + year + "/month=" + month;
  }
}
