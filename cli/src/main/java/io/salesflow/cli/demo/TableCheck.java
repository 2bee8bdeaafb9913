package io.salesflow.cli.demo;

import io.salesflow.cli.status.TableStatus;
import io.salesflow.sample.LoadResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares the tables after streaming with what the loaded sample data implies: live rows, the
 * exact {@code sold_price} total, rejected records (in all and by reason), and nothing left in the
 * on-failure file.
 */
final class TableCheck {

  private TableCheck() {}

  /** What differs; empty when the tables match. */
  static List<String> mismatches(
      LoadResult load, TableStatus history, TableStatus errors, long recordsSentToOnFailure) {
    List<String> mismatches = new ArrayList<>();
    if (history.liveRows() != load.expectedLiveRows()) {
      mismatches.add(
          "sales_history has " + history.liveRows() + " rows, expected " + load.expectedLiveRows());
    }
    if (history.priceTotal() == null
        || history.priceTotal().compareTo(load.expectedPriceTotal()) != 0) {
      mismatches.add(
          "sold_price total is "
              + (history.priceTotal() == null ? "unknown" : history.priceTotal().toPlainString())
              + ", expected "
              + load.expectedPriceTotal().toPlainString());
    }
    if (errors.liveRows() != load.defective()) {
      mismatches.add(
          "sales_history_errors has " + errors.liveRows() + " rows, expected " + load.defective());
    } else if (!errors.byReason().isEmpty() && !errors.byReason().equals(load.defectsByReason())) {
      mismatches.add(
          "sales_history_errors has by reason "
              + errors.byReason()
              + ", expected "
              + load.defectsByReason());
    }
    if (recordsSentToOnFailure > 0) {
      mismatches.add(recordsSentToOnFailure + " records went to the on-failure file");
    }
    return mismatches;
  }
}
