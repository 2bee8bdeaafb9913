package io.salesflow.query.engine;

/**
 * Runs one SQL query with bound parameters and returns its rows: Athena in AWS ({@link
 * AthenaQueryEngine}), Trino locally ({@link TrinoQueryEngine}). Both return the same shape, with
 * values normalised to the same Java types, so reports and tests do not care which one ran.
 */
public interface QueryEngine extends AutoCloseable {

  /** {@code athena} or {@code trino}. */
  String name();

  /**
   * Runs {@code request} to completion.
   *
   * @throws QueryExecutionException if the query fails, is cancelled, times out (and is stopped) or
   *     the engine cannot be reached; the message carries the engine's reason
   */
  QueryResult execute(QueryRequest request);

  /** Releases what the engine holds; the default holds nothing. */
  @Override
  default void close() {}
}
