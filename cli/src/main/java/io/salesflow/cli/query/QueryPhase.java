package io.salesflow.cli.query;

/**
 * The seam for the query library: runs the {@code sql/} library against the tables and writes
 * reports. {@code salesflow query} and the demo's query phase call it; without an implementation on
 * the class path they say so and skip the phase.
 *
 * <p>The implementation is {@value QueryPhases#DEFAULT_CLASS} ({@link QueryLibraryPhase}: every
 * library query on Trino through athena-query's service, reports in a directory). Another class
 * with a public no-argument constructor can be chosen with {@code --query-phase}.
 */
public interface QueryPhase {

  /** What runs, for the summary, e.g. {@code "12 queries of sql/ on Trino 476"}. */
  String describe();

  /**
   * Runs the library and writes the reports under {@link QueryPhaseRequest#reportsDir()}.
   *
   * @throws QueryPhaseUnavailableException if it cannot run on this machine (the demo then skips
   *     the phase)
   * @throws RuntimeException if the phase fails; its message is shown to the user
   */
  QueryPhaseResult run(QueryPhaseRequest request);
}
