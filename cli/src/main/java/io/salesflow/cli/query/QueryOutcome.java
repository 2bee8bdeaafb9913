package io.salesflow.cli.query;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How one library query went in a query phase.
 *
 * @param query query name
 * @param status how it ended
 * @param rows rows in its report (0 unless it ran)
 * @param elapsed time taken, choosing its parameters and writing its report included
 * @param parameters every parameter value it ran with, defaults included (empty unless it ran)
 * @param period the period its report covers and why ({@code ""} without one or unless it ran)
 * @param detail the error, or why it was not run ({@code ""} when it ran)
 * @param files its report files: CSV, JSON, HTML summary (empty unless it ran)
 * @param bytesScanned data the engine read, if it says (Athena; Trino's physical input)
 * @param chart its chart as inline SVG, if it has one
 */
public record QueryOutcome(
    String query,
    Status status,
    int rows,
    Duration elapsed,
    Map<String, Object> parameters,
    String period,
    String detail,
    List<Path> files,
    Optional<Long> bytesScanned,
    Optional<String> chart) {

  /** How a query ended. */
  public enum Status {
    /** Ran; its report is written. */
    RAN,
    /** The engine or the report store failed, or its parameters were refused. */
    FAILED,
    /** Not started: the tables hold nothing to choose a required parameter from. */
    SKIPPED
  }

  public QueryOutcome {
    parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    files = List.copyOf(files);
  }

  static QueryOutcome ran(
      String query,
      int rows,
      Duration elapsed,
      Map<String, Object> parameters,
      String period,
      List<Path> files,
      Optional<Long> bytesScanned,
      Optional<String> chart) {
    return new QueryOutcome(
        query, Status.RAN, rows, elapsed, parameters, period, "", files, bytesScanned, chart);
  }

  static QueryOutcome failed(String query, Duration elapsed, String error) {
    return new QueryOutcome(
        query,
        Status.FAILED,
        0,
        elapsed,
        Map.of(),
        "",
        error,
        List.of(),
        Optional.empty(),
        Optional.empty());
  }

  static QueryOutcome skipped(String query, Duration elapsed, String reason) {
    return new QueryOutcome(
        query,
        Status.SKIPPED,
        0,
        elapsed,
        Map.of(),
        "",
        reason,
        List.of(),
        Optional.empty(),
        Optional.empty());
  }

  /** The directory of its report files, if it ran. */
  public Optional<Path> reportDir() {
    return files.isEmpty() ? Optional.empty() : Optional.of(files.get(0).getParent());
  }
}
