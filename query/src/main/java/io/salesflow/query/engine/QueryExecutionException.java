package io.salesflow.query.engine;

/**
 * A query did not succeed. The message names the engine, the query and its id, and carries the
 * engine's own reason.
 */
public class QueryExecutionException extends RuntimeException {

  /** How the query ended. */
  public enum Outcome {
    /** The engine reports FAILED (syntax, permissions, data errors ...). */
    FAILED,
    /** Cancelled by a user or by a workgroup limit. */
    CANCELLED,
    /** Did not finish in time; it was stopped. */
    TIMED_OUT,
    /** The engine could not be reached or refused to start the query. */
    UNAVAILABLE
  }

  private final Outcome outcome;
  private final String queryId;

  public QueryExecutionException(Outcome outcome, String queryId, String message, Throwable cause) {
    super(message, cause);
    this.outcome = outcome;
    this.queryId = queryId;
  }

  public QueryExecutionException(Outcome outcome, String queryId, String message) {
    this(outcome, queryId, message, null);
  }

  public Outcome outcome() {
    return outcome;
  }

  /** The engine's query id, {@code null} if the query never started. */
  public String queryId() {
    return queryId;
  }
}
