package io.salesflow.cli.query;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** A {@link QueryPhaseResult} as console text: a table of the queries, failures, skips. */
public final class QueryPhaseText {

  /** Longest error or reason shown in a table line; the summary file has them in full. */
  static final int MAX_DETAIL = 160;

  private QueryPhaseText() {}

  /**
   * One line per query: name, status, rows, milliseconds, and its report directory (relative to
   * {@code reportsDir}) or why it failed or was skipped. Empty if the result has no outcomes.
   */
  public static List<String> table(QueryPhaseResult result, Path reportsDir) {
    if (result.queries().isEmpty()) {
      return List.of();
    }
    int width = result.queries().stream().mapToInt(o -> o.query().length()).max().orElse(5);
    String format = "%-" + width + "s  %-7s  %6s  %7s  %s";
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, format, "query", "status", "rows", "ms", "report"));
    for (QueryOutcome o : result.queries()) {
      boolean ran = o.status() == QueryOutcome.Status.RAN;
      lines.add(
          String.format(
              Locale.ROOT,
              format,
              o.query(),
              o.status(),
              ran ? Integer.toString(o.rows()) : "-",
              o.elapsed().toMillis(),
              ran ? where(reportsDir, o) : shorten(o.detail())));
    }
    return lines;
  }

  /** {@code name (error); ...} of the failed queries. */
  public static String failures(QueryPhaseResult result) {
    return list(result, QueryOutcome.Status.FAILED);
  }

  /** {@code name (reason); ...} of the skipped queries. */
  public static String skipped(QueryPhaseResult result) {
    return list(result, QueryOutcome.Status.SKIPPED);
  }

  /** The deepest directory holding all of {@code files}, if there are any. */
  public static Optional<Path> commonDirectory(List<Path> files) {
    Path common = null;
    for (Path file : files) {
      Path dir = file.toAbsolutePath().normalize().getParent();
      while (common != null && dir != null && !dir.startsWith(common)) {
        common = common.getParent();
      }
      common = common == null ? dir : common;
    }
    return Optional.ofNullable(common);
  }

  private static String list(QueryPhaseResult result, QueryOutcome.Status status) {
    return result.queries().stream()
        .filter(o -> o.status() == status)
        .map(o -> o.query() + " (" + shorten(o.detail()) + ")")
        .collect(Collectors.joining("; "));
  }

  private static String where(Path reportsDir, QueryOutcome o) {
    Path dir = o.reportDir().orElseThrow().toAbsolutePath().normalize();
    Path base = reportsDir.toAbsolutePath().normalize();
    return (dir.startsWith(base) ? base.relativize(dir) : dir) + "/";
  }

  private static String shorten(String text) {
    String line = text.replace('\n', ' ');
    return line.length() <= MAX_DETAIL ? line : line.substring(0, MAX_DETAIL - 3) + "...";
  }
}
