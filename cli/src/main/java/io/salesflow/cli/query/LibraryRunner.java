package io.salesflow.cli.query;

import io.salesflow.athenaquery.AthenaQueryService;
import io.salesflow.athenaquery.RunRequest;
import io.salesflow.athenaquery.RunResult;
import io.salesflow.query.QueryDefinition;
import io.salesflow.query.QueryLibrary;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs every query of the library through athena-query's service, as one on-demand run per query
 * sharing a run time and id: the service binds, runs and writes the report (CSV, JSON, HTML summary
 * with a chart for the trend queries) exactly as the Lambda does. A query that fails is recorded
 * and the next one runs.
 */
final class LibraryRunner {

  /** Local runs have no Lambda deadline: each query gets the service's configured time limit. */
  private static final long NO_DEADLINE = Long.MAX_VALUE;

  /**
   * Queries in flight at once. A small query on local Trino spends much of its time in planning,
   * scheduling and catalog round trips rather than on the CPU, so two overlap well even on two
   * cores.
   */
  static final int CONCURRENT_QUERIES = 2;

  private final QueryLibrary library;
  private final AthenaQueryService service;
  private final ParameterChooser chooser;

  LibraryRunner(QueryLibrary library, AthenaQueryService service, ParameterChooser chooser) {
    this.library = library;
    this.service = service;
    this.chooser = chooser;
  }

  /**
   * Runs every library query, {@value #CONCURRENT_QUERIES} at a time, and returns the outcomes in
   * name order; reports are dated by {@code runTime}.
   */
  List<QueryOutcome> runAll(Instant runTime, String runId) {
    ExecutorService pool =
        Executors.newFixedThreadPool(
            CONCURRENT_QUERIES,
            r -> {
              Thread thread = new Thread(r, "salesflow-query");
              thread.setDaemon(true);
              return thread;
            });
    try {
      List<Future<QueryOutcome>> running = new ArrayList<>();
      for (QueryDefinition query : library.queries()) {
        running.add(pool.submit(() -> runOne(query, runTime, runId)));
      }
      List<QueryOutcome> outcomes = new ArrayList<>();
      for (Future<QueryOutcome> outcome : running) {
        outcomes.add(outcome.get());
      }
      return outcomes;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while running the query library", e);
    } catch (ExecutionException e) {
      // runOne records every failure as an outcome: only an Error gets here
      throw new IllegalStateException("Query library run failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private QueryOutcome runOne(QueryDefinition query, Instant runTime, String runId) {
    long start = System.nanoTime();
    try {
      ParameterChooser.Choice choice = chooser.choose(query, Clock.fixed(runTime, ZoneOffset.UTC));
      if (choice.skipReason().isPresent()) {
        return QueryOutcome.skipped(query.name(), since(start), choice.skipReason().get());
      }
      RunResult result =
          service.run(
              new RunRequest(
                  RunRequest.Trigger.ON_DEMAND,
                  Optional.of(query.name()),
                  Optional.empty(),
                  choice.values(),
                  runTime,
                  runId),
              () -> NO_DEADLINE);
      RunResult.ReportEntry report = result.reports().get(0);
      List<Path> files =
          report.locations().values().stream().map(l -> Path.of(URI.create(l))).toList();
      Object bytes = report.statistics().get("bytesScanned");
      return QueryOutcome.ran(
          query.name(),
          report.rows(),
          since(start),
          report.parameters(),
          report.period(),
          files,
          bytes instanceof Number n ? Optional.of(n.longValue()) : Optional.empty(),
          report.chart());
    } catch (RuntimeException e) {
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      return QueryOutcome.failed(query.name(), since(start), message);
    }
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
