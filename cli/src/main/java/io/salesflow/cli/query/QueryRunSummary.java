package io.salesflow.cli.query;

import io.salesflow.query.QueryDefinition;
import io.salesflow.query.QueryLibrary;
import io.salesflow.query.report.ReportIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The index of one query phase: {@value #FILE_NAME} in the reports directory, a Markdown table of
 * every query with its status, rows, time, parameters (or error) and links to its report files.
 */
final class QueryRunSummary {

  static final String FILE_NAME = "query-summary.md";

  private QueryRunSummary() {}

  /**
   * Writes the index into {@code reportsDir} (replacing the last one), and {@value
   * ReportIndex#FILE_NAME} beside it, and returns the index's path.
   */
  static Path write(
      Path reportsDir,
      QueryLibrary library,
      String engine,
      Instant runTime,
      String runId,
      List<QueryOutcome> outcomes) {
    Path file = reportsDir.resolve(FILE_NAME);
    try {
      Files.createDirectories(reportsDir);
      Files.write(
          reportsDir.resolve(ReportIndex.FILE_NAME),
          ReportIndex.render(engine, runTime, runId, entries(reportsDir, library, outcomes))
              .content());
      Files.writeString(
          file, markdown(reportsDir, engine, runTime, runId, outcomes), StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the query summary " + file, e);
    }
  }

  static String markdown(
      Path reportsDir, String engine, Instant runTime, String runId, List<QueryOutcome> outcomes) {
    QueryPhaseResult result = QueryPhaseResult.of(outcomes, null);
    StringBuilder md = new StringBuilder("# salesflow query library\n\n");
    md.append("Run `")
        .append(runId)
        .append("` at ")
        .append(runTime)
        .append(" on ")
        .append(engine)
        .append(": ")
        .append(result.queriesRun())
        .append(" queries ran, ")
        .append(result.queriesFailed())
        .append(" failed, ")
        .append(result.queriesSkipped())
        .append(" skipped. Each report is `result.csv`, `result.json` and `summary.html` (with a")
        .append(" chart for the trend queries); [")
        .append(ReportIndex.FILE_NAME)
        .append("](")
        .append(ReportIndex.FILE_NAME)
        .append(") shows them all on one page.\n\n");
    md.append("| query | status | rows | ms | reports | parameters or reason |\n");
    md.append("|---|---|---:|---:|---|---|\n");
    for (QueryOutcome o : outcomes) {
      md.append("| ")
          .append(o.query())
          .append(" | ")
          .append(o.status())
          .append(" | ")
          .append(o.status() == QueryOutcome.Status.RAN ? Integer.toString(o.rows()) : "-")
          .append(" | ")
          .append(o.elapsed().toMillis())
          .append(" | ")
          .append(links(reportsDir, o.files()))
          .append(" | ")
          .append(cell(o.status() == QueryOutcome.Status.RAN ? parameters(o) : o.detail()))
          .append(" |\n");
    }
    return md.toString();
  }

  /** The index page's entries, in the outcomes' order. */
  static List<ReportIndex.Entry> entries(
      Path reportsDir, QueryLibrary library, List<QueryOutcome> outcomes) {
    List<ReportIndex.Entry> entries = new java.util.ArrayList<>();
    for (QueryOutcome o : outcomes) {
      Map<String, String> links = new java.util.LinkedHashMap<>();
      o.files().forEach(f -> links.put(label(f), relative(reportsDir, f)));
      entries.add(
          new ReportIndex.Entry(
              o.query(),
              library.find(o.query()).map(QueryDefinition::title).orElse(o.query()),
              o.status().name(),
              o.period(),
              o.parameters(),
              o.rows(),
              o.elapsed().toMillis(),
              o.bytesScanned().orElse(null),
              o.chart(),
              links,
              o.detail()));
    }
    return entries;
  }

  private static String links(Path reportsDir, List<Path> files) {
    return files.stream()
        .map(f -> "[" + label(f) + "](" + relative(reportsDir, f) + ")")
        .collect(Collectors.joining(" "));
  }

  /** {@code csv}, {@code json}, {@code summary}: the links of one row. */
  private static String label(Path file) {
    String name = file.getFileName().toString();
    return name.startsWith("result.")
        ? name.substring("result.".length())
        : name.replace(".html", "");
  }

  private static String relative(Path reportsDir, Path file) {
    Path base = reportsDir.toAbsolutePath().normalize();
    Path target = file.toAbsolutePath().normalize();
    return (target.startsWith(base) ? base.relativize(target) : target)
        .toString()
        .replace('\\', '/');
  }

  private static String parameters(QueryOutcome o) {
    return o.parameters().entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(", "));
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
