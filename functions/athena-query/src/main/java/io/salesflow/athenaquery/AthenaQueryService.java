package io.salesflow.athenaquery;

import io.salesflow.query.BoundQuery;
import io.salesflow.query.InvalidQueryRequestException;
import io.salesflow.query.LatestPeriod;
import io.salesflow.query.LatestPeriodLookup;
import io.salesflow.query.QueryDefinition;
import io.salesflow.query.QueryLibrary;
import io.salesflow.query.QueryParameter;
import io.salesflow.query.engine.QueryEngine;
import io.salesflow.query.engine.QueryExecutionException;
import io.salesflow.query.engine.QueryRequest;
import io.salesflow.query.engine.QueryResult;
import io.salesflow.query.report.Report;
import io.salesflow.query.report.ReportFile;
import io.salesflow.query.report.ReportRenderer;
import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the library queries a request names and writes each result as a report (CSV, JSON, HTML
 * summary) under a dated prefix. All parameters are checked before any query runs. In a schedule, a
 * failing query does not stop the others; the run then fails at the end, naming every failure, so
 * that the Lambda's error metric and alarms see it.
 *
 * <p>Engine and store are passed in: the Lambda uses Athena and S3; the CLI's query phase ({@code
 * io.salesflow.cli.query.QueryLibraryPhase}) runs the same service on Trino with a {@link
 * DirectoryReportStore}.
 */
public final class AthenaQueryService {

  /** Lambda time kept back from each query for writing its report. */
  static final Duration REPORT_MARGIN = Duration.ofSeconds(20);

  /** Below this, a query is not started at all. */
  static final Duration MIN_QUERY_TIME = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(AthenaQueryService.class);

  private final QueryLibrary library;
  private final QueryEngine engine;
  private final ReportStore store;
  private final AthenaQueryConfig config;

  public AthenaQueryService(
      QueryLibrary library, QueryEngine engine, ReportStore store, AthenaQueryConfig config) {
    this.library = library;
    this.engine = engine;
    this.store = store;
    this.config = config;
  }

  /**
   * Runs {@code request}.
   *
   * @param remainingMillis the invocation's remaining time (Lambda context), read before each query
   * @throws InvalidQueryRequestException for unknown queries or schedules and bad parameters
   * @throws QueryExecutionException if the one query of an on-demand run fails
   * @throws ReportRunException if queries of a schedule fail or a report cannot be stored
   */
  public RunResult run(RunRequest request, LongSupplier remainingMillis) {
    List<BoundQuery> queries = bind(request);
    List<RunResult.ReportEntry> reports = new ArrayList<>();
    List<RunResult.Failure> failures = new ArrayList<>();
    for (BoundQuery query : queries) {
      try {
        reports.add(runOne(request, query, remainingMillis));
      } catch (QueryExecutionException e) {
        if (request.trigger() == RunRequest.Trigger.ON_DEMAND) {
          throw e;
        }
        LOG.error("Query {} of run {} failed: {}", query.name(), request.runId(), e.getMessage());
        failures.add(new RunResult.Failure(query.name(), e.outcome().name(), e.getMessage()));
      }
    }
    RunResult result =
        new RunResult(
            request.runId(),
            request.trigger(),
            request.schedule(),
            request.runTime(),
            reports,
            failures);
    LOG.info(
        "Run {} ({}): {} reports written, {} queries failed",
        request.runId(),
        request.schedule().or(request::query).orElse("?"),
        reports.size(),
        failures.size());
    if (!failures.isEmpty()) {
      throw new ReportRunException(
          failures.size()
              + " of "
              + queries.size()
              + " queries of run "
              + request.runId()
              + " failed ("
              + reports.size()
              + " reports written): "
              + failures.stream()
                  .map(f -> f.query() + ": " + f.error())
                  .collect(Collectors.joining("; ")));
    }
    return result;
  }

  /**
   * Binds every query of the request before any runs, so bad input runs nothing: not even the
   * latest-period lookup, which is asked (once) only after every value checked out, and only if a
   * query's default follows the data.
   */
  private List<BoundQuery> bind(RunRequest request) {
    Clock clock = Clock.fixed(request.runTime(), ZoneOffset.UTC);
    // First pass without the table: a stand-in period, to find every bad value at once.
    LatestPeriod standIn = LatestPeriod.of(YearMonth.now(clock));
    List<BoundQuery> checked = bind(request, clock, standIn);
    if (checked.stream().noneMatch(q -> q.query().followsData())) {
      return checked;
    }
    return bind(request, clock, new LatestPeriodLookup(engine));
  }

  private List<BoundQuery> bind(RunRequest request, Clock clock, LatestPeriod latest) {
    if (request.query().isPresent()) {
      return List.of(
          library.require(request.query().get()).bind(request.parameters(), clock, latest));
    }
    List<QueryDefinition> scheduled = library.scheduled(request.schedule().orElseThrow());
    Set<String> declared =
        scheduled.stream()
            .flatMap(q -> q.parameters().stream())
            .map(QueryParameter::name)
            .collect(Collectors.toSet());
    List<String> unknown =
        request.parameters().keySet().stream().filter(k -> !declared.contains(k)).toList();
    if (!unknown.isEmpty()) {
      throw new InvalidQueryRequestException(
          "Unknown parameters "
              + unknown
              + " for schedule '"
              + request.schedule().get()
              + "'; its queries take: "
              + declared.stream().sorted().toList());
    }
    List<String> problems = new ArrayList<>();
    List<BoundQuery> bound = new ArrayList<>();
    for (QueryDefinition q : scheduled) {
      try {
        bound.add(q.bindShared(request.parameters(), clock, latest));
      } catch (InvalidQueryRequestException e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidQueryRequestException(problems);
    }
    return bound;
  }

  private RunResult.ReportEntry runOne(
      RunRequest request, BoundQuery query, LongSupplier remainingMillis) {
    Duration left = Duration.ofMillis(remainingMillis.getAsLong()).minus(REPORT_MARGIN);
    Duration timeout = left.compareTo(config.queryTimeout()) < 0 ? left : config.queryTimeout();
    if (timeout.compareTo(MIN_QUERY_TIME) < 0) {
      throw new QueryExecutionException(
          QueryExecutionException.Outcome.TIMED_OUT,
          null,
          "Not started: only "
              + remainingMillis.getAsLong()
              + " ms of Lambda time left; raise the function timeout");
    }
    QueryResult result = engine.execute(QueryRequest.of(query, timeout, config.maxRows()));
    Report report = Report.of(query, result, request.runTime(), request.runId());
    String prefix =
        ReportKeys.prefix(config.reportPrefix(), request.runTime(), query.name(), request.runId());
    Map<String, String> locations = new LinkedHashMap<>();
    for (ReportFile file : ReportRenderer.render(report)) {
      String location = store.put(prefix + file.name(), file);
      locations.put(kind(file.name()), location);
    }
    LOG.info(
        "Report {} written: {} rows, {} ({})",
        query.name(),
        result.rows().size(),
        locations.get("summary"),
        result.statistics().toMap());
    return new RunResult.ReportEntry(
        query.name(),
        query.values(),
        query.period(),
        result.rows().size(),
        result.truncated(),
        locations,
        result.statistics().toMap(),
        ReportRenderer.chart(report));
  }

  private static String kind(String fileName) {
    return switch (fileName) {
      case "result.csv" -> "csv";
      case "result.json" -> "json";
      default -> "summary";
    };
  }
}
