package io.salesflow.cli.query;

/**
 * The seam for the query library: runs the {@code sql/} library against the tables and writes
 * reports. {@code salesflow query} and the demo's query phase call it; until an implementation
 * exists they say so and skip the phase.
 *
 * <p><b>Wiring it in</b> (query library engineer): add a dependency on the query module to {@code
 * cli/pom.xml} and one class {@value QueryPhases#DEFAULT_CLASS} with a public no-argument
 * constructor, for example:
 *
 * <pre>{@code
 * package io.salesflow.cli.query;
 *
 * public final class QueryLibraryPhase implements QueryPhase {
 *   public String describe() { return "sql/ library on Trino"; }
 *
 *   public QueryPhaseResult run(QueryPhaseRequest request) {
 *     try (TrinoLauncher trino = request.trinoUrl().isPresent()
 *             ? TrinoLauncher.attach(request.trinoUrl().get())
 *             : TrinoLauncher.start(request.catalogProperties())) {
 *       ReportRun run = new ReportRunner(new TrinoEngine(trino.jdbcUrl()), QueryLibrary.load())
 *           .runAll(request.config().database(), request.reportsDir());
 *       return new QueryPhaseResult(run.succeeded(), run.failed(), run.files(), run.summaryFile());
 *     }
 *   }
 * }
 * }</pre>
 *
 * (The names on the right-hand side are the query module's; only this interface and its two records
 * are fixed.) Another class can be chosen with {@code --query-phase}.
 */
public interface QueryPhase {

  /** What runs, for the summary, e.g. {@code "12 queries of sql/ on Trino 476"}. */
  String describe();

  /**
   * Runs the library and writes the reports under {@link QueryPhaseRequest#reportsDir()}.
   *
   * @throws RuntimeException if the phase fails; its message is shown to the user
   */
  QueryPhaseResult run(QueryPhaseRequest request);
}
