package io.salesflow.query.engine;

import io.salesflow.query.BoundParameter;
import io.salesflow.query.BoundQuery;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What to run: SQL with {@code ?} markers and their values, a label for messages, a time limit and
 * a cap on the rows fetched.
 *
 * @param label query name for messages and logs
 * @param sql the SQL; tables unqualified, resolved in the engine's configured database
 * @param parameters values of the {@code ?} markers, in order
 * @param timeout the query is stopped and fails after this long
 * @param maxRows at most this many rows are fetched; the result says if there were more
 */
public record QueryRequest(
    String label, String sql, List<BoundParameter> parameters, Duration timeout, int maxRows) {

  /** Default time limit: below Lambda's 15 minutes with room to write the report. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

  /** Default row cap: what a report can hold in a Lambda's memory comfortably. */
  public static final int DEFAULT_MAX_ROWS = 100_000;

  public QueryRequest {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(sql, "sql");
    parameters = List.copyOf(parameters);
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("Invalid timeout: " + timeout + ", must be > 0");
    }
    if (maxRows < 1) {
      throw new IllegalArgumentException("Invalid maxRows: " + maxRows + ", must be >= 1");
    }
  }

  /** A request for a bound library query. */
  public static QueryRequest of(BoundQuery query, Duration timeout, int maxRows) {
    return new QueryRequest(query.name(), query.sql(), query.parameters(), timeout, maxRows);
  }

  /** A request for a bound library query with the default limits. */
  public static QueryRequest of(BoundQuery query) {
    return of(query, DEFAULT_TIMEOUT, DEFAULT_MAX_ROWS);
  }
}
