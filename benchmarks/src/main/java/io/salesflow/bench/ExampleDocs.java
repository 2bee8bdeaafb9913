package io.salesflow.bench;

import io.salesflow.query.BoundQuery;
import io.salesflow.query.QueryDefinition;
import io.salesflow.query.QueryParameter;
import io.salesflow.query.engine.QueryResult;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Documentation of one library query for sql/README.md: header facts and an example result (the
 * first rows the benchmark data gives, with the parameters used).
 */
final class ExampleDocs {

  /** Results up to this size are shown whole (the data-quality checks); longer ones cut. */
  static final int ALL_ROWS_UP_TO = 14;

  static final int EXAMPLE_ROWS = 5;

  private ExampleDocs() {}

  static String render(BoundQuery bound, QueryResult result) {
    QueryDefinition q = bound.query();
    StringBuilder md = new StringBuilder();
    md.append("### ").append(q.name()).append("\n\n");
    md.append("**").append(q.title()).append(".** ").append(q.description()).append("\n\n");
    q.schedule()
        .ifPresent(
            s ->
                md.append("Schedule: `")
                    .append(s.name())
                    .append("` ")
                    .append(s.cron())
                    .append(".\n\n"));
    q.chart()
        .ifPresent(
            c ->
                md.append("Summary chart: ")
                    .append(c.kind())
                    .append(" of ")
                    .append(String.join(", ", c.y()))
                    .append(" by ")
                    .append(c.x())
                    .append(c.series().map(s -> " per " + s).orElse(""))
                    .append(".\n\n"));
    if (q.parameters().isEmpty()) {
      md.append("Parameters: none.\n\n");
    } else {
      List<List<String>> rows = new ArrayList<>();
      for (QueryParameter p : q.parameters()) {
        rows.add(
            List.of(
                "`" + p.name() + "`",
                p.type().keyword(),
                p.defaultValue().map(d -> "`" + d.text() + "`").orElse("required"),
                limits(p),
                p.description()));
      }
      md.append(
              MarkdownTable.plain(
                  List.of("parameter", "type", "default", "allowed", "meaning"), rows))
          .append('\n');
    }
    md.append("Example (")
        .append(
            bound.values().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", ")))
        .append("; ")
        .append(result.rows().size())
        .append(result.rows().size() == 1 ? " row" : " rows")
        .append(result.rows().size() > ALL_ROWS_UP_TO ? ", first " + EXAMPLE_ROWS : "")
        .append("):\n\n");
    List<List<String>> rows = new ArrayList<>();
    int shown = result.rows().size() > ALL_ROWS_UP_TO ? EXAMPLE_ROWS : result.rows().size();
    for (List<Object> row : result.rows().subList(0, shown)) {
      rows.add(row.stream().map(ExampleDocs::cell).toList());
    }
    md.append(MarkdownTable.plain(result.columnNames(), rows)).append('\n');
    return md.toString();
  }

  private static String limits(QueryParameter p) {
    List<String> parts = new ArrayList<>();
    if (p.min() != null) {
      parts.add(">= " + p.min());
    }
    if (p.max() != null) {
      parts.add("<= " + p.max());
    }
    if (!p.allowed().isEmpty()) {
      parts.add(String.join(", ", p.allowed()));
    }
    return String.join(", ", parts);
  }

  private static String cell(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof Double d) {
      return String.format(Locale.ROOT, "%.2f", d);
    }
    if (value instanceof BigDecimal d) {
      return d.toPlainString();
    }
    String text = value.toString().replace("|", "\\|");
    return text.length() > 40 ? text.substring(0, 37) + "..." : text;
  }
}
