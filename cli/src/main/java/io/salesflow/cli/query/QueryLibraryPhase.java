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
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

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
  private CompletableFuture<TrinoServer> starting;
  private QueryPhaseRequest startingFor;
  private boolean keepServer;
  private TrinoServer kept;

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

  /** Starts the Trino of {@code request} on a background thread; {@link #run} waits for it. */
  @Override
  public synchronized void prepare(QueryPhaseRequest request) {
    if (starting != null) {
      return;
    }
    startingFor = request;
    starting = new CompletableFuture<>();
    Thread starter =
        new Thread(
            () -> {
              try {
                starting.complete(TrinoServer.open(request, jdks, processEnv));
              } catch (RuntimeException | Error e) {
                starting.completeExceptionally(e);
              }
            },
            "salesflow-trino-start");
    // A JVM that is exiting must not wait for Trino: the server dies with this process anyway.
    starter.setDaemon(true);
    starter.start();
  }

  @Override
  public QueryPhaseResult run(QueryPhaseRequest request) {
    Instant runTime = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    String runId = UUID.randomUUID().toString().substring(0, 8);
    TrinoServer trino = server(request);
    try {
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
              request.reportsDir(), library, trino.description(), runTime, runId, outcomes);
      return QueryPhaseResult.of(outcomes, summary);
    } finally {
      release(trino);
    }
  }

  @Override
  public synchronized void keepEngine() {
    keepServer = true;
  }

  @Override
  public synchronized Optional<String> keptEngine() {
    return Optional.ofNullable(kept).map(TrinoServer::jdbcUrl);
  }

  private void release(TrinoServer trino) {
    synchronized (this) {
      if (keepServer) {
        if (kept != null && kept != trino) {
          kept.close();
        }
        kept = trino;
        return;
      }
    }
    trino.close();
  }

  /** The server {@link #prepare} started for this request, else one opened now. */
  private TrinoServer server(QueryPhaseRequest request) {
    CompletableFuture<TrinoServer> started;
    synchronized (this) {
      started = starting;
      boolean sameServer =
          started != null
              && startingFor.trinoUrl().equals(request.trinoUrl())
              && startingFor.catalogProperties().equals(request.catalogProperties());
      if (!sameServer) {
        close();
        return TrinoServer.open(request, jdks, processEnv);
      }
      starting = null;
      startingFor = null;
    }
    try {
      return started.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  /** Stops a server that {@link #prepare} started and {@link #run} has not taken, or kept. */
  @Override
  public synchronized void close() {
    if (kept != null) {
      kept.close();
      kept = null;
    }
    if (starting == null) {
      return;
    }
    CompletableFuture<TrinoServer> unused = starting;
    starting = null;
    startingFor = null;
    try {
      unused.join().close();
    } catch (CompletionException e) {
      // it never started: nothing to stop
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
