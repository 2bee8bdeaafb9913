package io.salesflow.query.report;

import io.salesflow.query.BoundQuery;
import io.salesflow.query.ChartSpec;
import io.salesflow.query.engine.QueryResult;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A query's result with what is needed to present it: which query, with which parameters, when.
 *
 * @param query query name
 * @param title query title
 * @param description what the query answers
 * @param parameters every parameter's value, defaults included
 * @param period the period covered and why ({@link io.salesflow.query.ReportPeriod}); empty if none
 * @param chart how to chart it, if at all
 * @param result the rows and statistics
 * @param ranAt when the run started
 * @param runId id of the run (Lambda request id or scheduled event id)
 */
public record Report(
    String query,
    String title,
    String description,
    Map<String, Object> parameters,
    String period,
    Optional<ChartSpec> chart,
    QueryResult result,
    Instant ranAt,
    String runId) {

  public Report {
    parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }

  /** The report of a library query's result. */
  public static Report of(BoundQuery query, QueryResult result, Instant ranAt, String runId) {
    return new Report(
        query.name(),
        query.query().title(),
        query.query().description(),
        query.values(),
        query.period(),
        query.query().chart(),
        result,
        ranAt,
        runId);
  }
}
