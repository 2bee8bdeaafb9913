package io.salesflow.cli.query;

import java.util.Optional;

/**
 * The seam for the query library: runs the {@code sql/} library against the tables and writes
 * reports. {@code salesflow query} and the demo's query phase call it; without an implementation on
 * the class path they say so and skip the phase.
 *
 * <p>The implementation is {@value QueryPhases#DEFAULT_CLASS} ({@link QueryLibraryPhase}: every
 * library query on Trino through athena-query's service, reports in a directory). Another class
 * with a public no-argument constructor can be chosen with {@code --query-phase}.
 */
public interface QueryPhase extends AutoCloseable {

  /**
   * Starts in the background what {@link #run} will need, such as a local Trino, so that its
   * start-up overlaps the demo's earlier phases; a later {@link #run} with an equal request uses
   * it. Never throws: a failure to start is reported by {@link #run}. The default does nothing.
   */
  default void prepare(QueryPhaseRequest request) {}

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

  /**
   * Leaves the engine that {@link #run} uses running after it returns, until {@link #close()}
   * ({@code demo --keep}). The default does nothing.
   */
  default void keepEngine() {}

  /** How to connect to the engine kept running after {@link #run}, e.g. a JDBC URL. */
  default Optional<String> keptEngine() {
    return Optional.empty();
  }

  /**
   * Stops what {@link #prepare} started and {@link #run} did not use, and the engine kept by {@link
   * #keepEngine()}. The default does nothing.
   */
  @Override
  default void close() {}
}
