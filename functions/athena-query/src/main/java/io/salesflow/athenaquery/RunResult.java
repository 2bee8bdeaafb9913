package io.salesflow.athenaquery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a run produced: one entry per report written, one per query that failed.
 *
 * @param runId id of the run
 * @param trigger how it was started
 * @param schedule the schedule it ran, if any
 * @param runTime the time its reports are dated by
 * @param reports the reports written
 * @param failures the queries that failed
 */
public record RunResult(
    String runId,
    RunRequest.Trigger trigger,
    Optional<String> schedule,
    Instant runTime,
    List<ReportEntry> reports,
    List<Failure> failures) {

  /**
   * A report written.
   *
   * @param query query name
   * @param parameters every parameter's value
   * @param period the period the report covers and why; empty if the query has none
   * @param rows rows in the report
   * @param truncated whether the query had more rows than the report holds
   * @param locations {@code csv}, {@code json} and {@code summary} locations
   * @param statistics engine statistics
   * @param chart the report's chart as inline SVG, if it has one (for an index page; not part of
   *     the Lambda response)
   */
  public record ReportEntry(
      String query,
      Map<String, Object> parameters,
      String period,
      int rows,
      boolean truncated,
      Map<String, String> locations,
      Map<String, Object> statistics,
      Optional<String> chart) {}

  /**
   * A query that failed.
   *
   * @param query query name
   * @param outcome FAILED, CANCELLED, TIMED_OUT or UNAVAILABLE
   * @param error the reason
   */
  public record Failure(String query, String outcome, String error) {}

  /** The Lambda response: JSON-friendly maps, lists, strings and numbers. */
  Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("runId", runId);
    map.put("trigger", trigger.name().toLowerCase().replace('_', '-'));
    schedule.ifPresent(s -> map.put("schedule", s));
    map.put("runTime", runTime.toString());
    List<Map<String, Object>> entries = new ArrayList<>();
    for (ReportEntry r : reports) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("query", r.query());
      entry.put("status", "SUCCEEDED");
      Map<String, Object> parameters = new LinkedHashMap<>();
      r.parameters()
          .forEach(
              (k, v) ->
                  parameters.put(
                      k, v instanceof Number || v instanceof Boolean ? v : String.valueOf(v)));
      entry.put("parameters", parameters);
      if (!r.period().isEmpty()) {
        entry.put("period", r.period());
      }
      entry.put("rows", r.rows());
      entry.put("truncated", r.truncated());
      entry.putAll(r.locations());
      entry.put("statistics", r.statistics());
      entries.add(entry);
    }
    map.put("reports", entries);
    List<Map<String, Object>> failed = new ArrayList<>();
    for (Failure f : failures) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("query", f.query());
      entry.put("status", f.outcome());
      entry.put("error", f.error());
      failed.add(entry);
    }
    map.put("failed", failed);
    return map;
  }
}
