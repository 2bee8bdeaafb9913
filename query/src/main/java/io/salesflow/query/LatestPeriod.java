package io.salesflow.query;

import java.time.YearMonth;
import java.util.Optional;

/**
 * The newest year and month holding data in {@code sales_history}, for the defaults that follow the
 * data ({@code latest_year[±N]}, {@code latest_month}): a run's reports then cover the period the
 * table actually has, not a current month that may hold nothing yet. Looked up at most once per
 * run, and only when a query of the run uses such a default ({@link LatestPeriodLookup}).
 */
@FunctionalInterface
public interface LatestPeriod {

  /** For binding without a table to ask: a default that follows the data cannot be resolved. */
  LatestPeriod UNAVAILABLE =
      () -> {
        throw new IllegalStateException(
            "This run cannot look up the latest period of sales_history, which the defaults"
                + " latest_year and latest_month need; bind with a LatestPeriod");
      };

  /** The newest year-month holding rows; empty when the table holds none yet. */
  Optional<YearMonth> get();

  /** A fixed answer (tests, and callers that already know it). */
  static LatestPeriod of(YearMonth latest) {
    Optional<YearMonth> value = Optional.ofNullable(latest);
    return () -> value;
  }
}
