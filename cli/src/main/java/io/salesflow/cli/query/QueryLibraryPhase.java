package io.salesflow.cli.query;

import io.salesflow.athenaquery.AthenaQueryConfig;
import io.salesflow.athenaquery.AthenaQueryService;
import io.salesflow.athenaquery.DirectoryReportStore;
import io.salesflow.core.config.SalesflowConfig;
import io.salesflow.localstack.trino.JdkLocator;
import io.salesflow.localstack.trino.LocalTrino;
import io.salesflow.query.QueryLibrary;
import io.salesflow.query.engine.QueryEngine;
import io.salesflow.query.engine.TrinoQueryEngine;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The query phase of {@code salesflow demo} and {@code salesflow query}: every query of the {@code
 * sql/} library on Trino (the server given with {@code --trino-url}, else a local Trino 476 started
 * on the request's catalog and stopped at the end), run by athena-query's own service with a {@link
 * DirectoryReportStore}: per query {@code <reports>/queries/yyyy/MM/dd/<query>/HHmmss-<run id>/}
 * with {@code result.csv}, {@code result.json} and {@code summary.html}, plus the index {@value
 * QueryRunSummary#FILE_NAME}. Parameters: see {@link ParameterChooser}.
 */
public final class QueryLibraryPhase implements QueryPhase {

  /** Tenant of the tenant reports: the largest tenant of the sample data (sample-loader). */
  public static final String TENANT = "carousel-labs";

  /** Reports go under {@code <reports dir>/queries/}, keyed like athena-query's S3 keys. */
  static final String REPORT_PREFIX = "queries";

  /** Longest one query may run (athena-query's default). */
  static final Duration QUERY_TIMEOUT = Duration.ofMinutes(10);

  /** Most rows a report holds (athena-query's default). */
  static final int MAX_ROWS = 100_000;

  private final QueryLibrary library;
  private final JdkLocator jdks;
  private final Map<String, String> processEnv;
  private final Clock clock;

  /** The library packaged with the CLI, this machine's JDKs and environment, the system clock. */
  public QueryLibraryPhase() {
    this(
        QueryLibrary.fromClasspath(),
        JdkLocator.forThisMachine(),
        System.getenv(),
        Clock.systemUTC());
  }

  QueryLibraryPhase(
      QueryLibrary library, JdkLocator jdks, Map<String, String> processEnv, Clock clock) {
    this.library = library;
    this.jdks = jdks;
    this.processEnv = Map.copyOf(processEnv);
    this.clock = clock;
  }

  @Override
  public String describe() {
    return "the sql/ library on Trino";
  }

  @Override
  public QueryPhaseResult run(QueryPhaseRequest request) {
    Instant runTime = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    String runId = UUID.randomUUID().toString().substring(0, 8);
    try (TrinoServer trino = TrinoServer.open(request, jdks, processEnv)) {
      QueryEngine engine =
          new TrinoQueryEngine(trino.jdbcUrl(), LocalTrino.USER, request.config().database());
      AthenaQueryService service =
          new AthenaQueryService(
              library,
              engine,
              new DirectoryReportStore(request.reportsDir()),
              serviceConfig(request.config(), trino.jdbcUrl()));
      ParameterChooser chooser = new ParameterChooser(TENANT, new EngineLookups(engine));
      List<QueryOutcome> outcomes =
          new LibraryRunner(library, service, chooser).runAll(runTime, runId);
      Path summary =
          QueryRunSummary.write(
              request.reportsDir(), trino.description(), runTime, runId, outcomes);
      return QueryPhaseResult.of(outcomes, summary);
    }
  }

  /** athena-query's configuration for Trino; the Athena and S3 settings are not used here. */
  static AthenaQueryConfig serviceConfig(SalesflowConfig config, String jdbcUrl) {
    return new AthenaQueryConfig(
        config.stage(),
        config.database(),
        "trino",
        "primary",
        "AwsDataCatalog",
        null,
        jdbcUrl,
        LocalTrino.USER,
        null,
        REPORT_PREFIX,
        QUERY_TIMEOUT,
        MAX_ROWS,
        null,
        null);
  }
}
