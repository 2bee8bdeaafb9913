package io.salesflow.query;

import io.salesflow.query.engine.QueryEngine;
import io.salesflow.query.engine.QueryRequest;
import java.time.Duration;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

/**
 * {@link LatestPeriod} through the run's own engine (Athena or Trino): one small query on the
 * partition columns, run at most once, on first use. {@code year} and {@code month} are the table's
 * identity partition columns, so the query reads nothing but them (deletes applied: a month whose
 * rows were all deleted does not count).
 */
public final class LatestPeriodLookup implements LatestPeriod {

  /** The lookup's SQL: {@code yyyymm} of the newest month with a live row, NULL if none. */
  public static final String SQL = "SELECT max(year * 100 + month) AS latest FROM sales_history";

  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private final QueryEngine engine;
  private Optional<YearMonth> latest;

  public LatestPeriodLookup(QueryEngine engine) {
    this.engine = engine;
  }

  @Override
  public synchronized Optional<YearMonth> get() {
    if (latest == null) {
      var result =
          engine.execute(new QueryRequest("lookup: latest period", SQL, List.of(), TIMEOUT, 1));
      Object value = result.rows().isEmpty() ? null : result.rows().get(0).get(0);
      latest = Optional.ofNullable(value).map(v -> yearMonth(((Number) v).intValue()));
    }
    return latest;
  }

  static YearMonth yearMonth(int yyyymm) {
    return YearMonth.of(yyyymm / 100, yyyymm % 100);
  }
}
