package io.salesflow.sample;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * What {@link SampleLoader} wrote and what a correct pipeline must make of it, assuming the table
 * was empty before.
 *
 * @param table the DynamoDB table
 * @param inserted items put (valid and defective)
 * @param modified valid items changed afterwards (one MODIFY each)
 * @param deleted valid items deleted afterwards (one REMOVE each)
 * @param defects defective items per defect
 * @param expectedLiveRows rows {@code sales_history} must end with: valid inserts minus deletes
 * @param expectedPriceTotal sum of {@code sold_price} over those rows, exact
 * @param batchCalls BatchWriteItem calls made
 * @param batchRetries calls that re-sent unprocessed items
 * @param elapsed time taken
 */
public record LoadResult(
    String table,
    int inserted,
    int modified,
    int deleted,
    Map<Defect, Integer> defects,
    long expectedLiveRows,
    BigDecimal expectedPriceTotal,
    long batchCalls,
    long batchRetries,
    Duration elapsed) {

  public LoadResult {
    defects = Map.copyOf(defects.isEmpty() ? new EnumMap<>(Defect.class) : defects);
  }

  /** Stream records the writes produce: one per insert, modify and delete. */
  public long streamRecords() {
    return (long) inserted + modified + deleted;
  }

  /** Defective items by the rejection reason the ETL records for them, e.g. BAD_SOURCE=2. */
  public Map<String, Long> defectsByReason() {
    Map<String, Long> byReason = new java.util.TreeMap<>();
    defects.forEach((d, n) -> byReason.merge(d.reason(), (long) n, Long::sum));
    return byReason;
  }

  /**
   * The defects as summaries print them, under the ETL's reason codes with what the records have:
   * {@code MISSING_KEY 3 (blank product_id), BAD_SOURCE 2 (source 'ebay')}; empty if none.
   */
  public String describeDefects() {
    return java.util.Arrays.stream(Defect.values())
        .filter(defects::containsKey)
        .map(d -> d.reason() + " " + defects.get(d) + " (" + d.example() + ")")
        .collect(java.util.stream.Collectors.joining(", "));
  }

  /** Defective items: the rows {@code sales_history_errors} must end with. */
  public int defective() {
    return defects.values().stream().mapToInt(Integer::intValue).sum();
  }
}
