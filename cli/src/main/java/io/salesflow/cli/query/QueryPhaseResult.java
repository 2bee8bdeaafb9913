package io.salesflow.cli.query;

import java.nio.file.Path;
import java.util.List;

/**
 * What the query phase did.
 *
 * @param queriesRun queries that succeeded
 * @param queriesFailed queries that failed (the phase fails when any did)
 * @param files report files written
 * @param summary the human-readable summary report, if one was written
 * @param queries each query's outcome, in the order they ran (empty if the phase does not say)
 */
public record QueryPhaseResult(
    int queriesRun, int queriesFailed, List<Path> files, Path summary, List<QueryOutcome> queries) {

  public QueryPhaseResult {
    files = List.copyOf(files);
    queries = List.copyOf(queries);
  }

  /** A result without per-query outcomes. */
  public QueryPhaseResult(int queriesRun, int queriesFailed, List<Path> files, Path summary) {
    this(queriesRun, queriesFailed, files, summary, List.of());
  }

  /** The result of {@code outcomes}: counts, and every report file in order. */
  public static QueryPhaseResult of(List<QueryOutcome> outcomes, Path summary) {
    return new QueryPhaseResult(
        count(outcomes, QueryOutcome.Status.RAN),
        count(outcomes, QueryOutcome.Status.FAILED),
        outcomes.stream().flatMap(o -> o.files().stream()).toList(),
        summary,
        outcomes);
  }

  /** Queries that were not started (nothing in the tables to choose a parameter from). */
  public int queriesSkipped() {
    return count(queries, QueryOutcome.Status.SKIPPED);
  }

  private static int count(List<QueryOutcome> outcomes, QueryOutcome.Status status) {
    return (int) outcomes.stream().filter(o -> o.status() == status).count();
  }
}
