package io.salesflow.query.report;

import io.salesflow.query.engine.QueryResult;
import io.salesflow.query.engine.QueryStatistics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A self-contained HTML page a person can open from S3: what was asked, with which parameters, what
 * it cost, a chart where the query declares one (trend queries), and the first rows.
 */
final class HtmlSummary {

  /** Rows shown in the page; the CSV and JSON files hold all of them. */
  static final int MAX_ROWS_SHOWN = 100;

  private HtmlSummary() {}

  static ReportFile render(Report report) {
    QueryResult result = report.result();
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>")
        .append(Html.escape(report.title()))
        .append("</title><style>")
        .append("body{font-family:sans-serif;margin:2em;color:#222}")
        .append("table{border-collapse:collapse;margin:1em 0}")
        .append("td,th{border:1px solid #ccc;padding:3px 8px;font-size:13px}")
        .append("th{background:#f2f2f2}td.n{text-align:right}.meta td{border:none}")
        .append("</style></head><body>\n");
    html.append("<h1>").append(Html.escape(report.title())).append("</h1>\n");
    html.append("<p>").append(Html.escape(report.description())).append("</p>\n");
    html.append("<table class=\"meta\">");
    meta(html, "Query", report.query());
    if (!report.period().isEmpty()) {
      meta(html, "Period", report.period());
    }
    for (Map.Entry<String, Object> p : report.parameters().entrySet()) {
      meta(html, p.getKey(), Values.text(p.getValue()));
    }
    meta(html, "Ran at", report.ranAt().toString());
    meta(html, "Rows", result.rows().size() + (result.truncated() ? " (truncated)" : ""));
    statistics(html, result.statistics());
    html.append("</table>\n");
    report
        .chart()
        .flatMap(spec -> SvgChart.render(spec, result))
        .ifPresent(svg -> html.append("<figure>").append(svg).append("</figure>\n"));
    table(html, result);
    html.append("</body></html>\n");
    return new ReportFile(
        "summary.html",
        "text/html; charset=utf-8",
        html.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void statistics(StringBuilder html, QueryStatistics stats) {
    meta(html, "Engine", stats.engine() + " (query id " + stats.queryId() + ")");
    if (stats.bytesScanned() != null) {
      meta(html, "Data scanned", bytes(stats.bytesScanned()));
    }
    if (stats.rowsScanned() != null) {
      meta(html, "Rows scanned", String.format(Locale.ROOT, "%,d", stats.rowsScanned()));
    }
    if (stats.engineTimeMillis() != null) {
      meta(html, "Engine time", stats.engineTimeMillis() + " ms");
    }
  }

  private static void meta(StringBuilder html, String key, String value) {
    html.append("<tr><td><b>")
        .append(Html.escape(key))
        .append("</b></td><td>")
        .append(Html.escape(value))
        .append("</td></tr>");
  }

  private static void table(StringBuilder html, QueryResult result) {
    html.append("<table><tr>");
    result.columnNames().forEach(n -> html.append("<th>").append(Html.escape(n)).append("</th>"));
    html.append("</tr>\n");
    List<List<Object>> rows = result.rows();
    for (List<Object> row : rows.subList(0, Math.min(rows.size(), MAX_ROWS_SHOWN))) {
      html.append("<tr>");
      for (Object value : row) {
        html.append(value instanceof Number ? "<td class=\"n\">" : "<td>")
            .append(Html.escape(display(value)))
            .append("</td>");
      }
      html.append("</tr>\n");
    }
    html.append("</table>\n");
    if (rows.size() > MAX_ROWS_SHOWN) {
      html.append("<p>First ")
          .append(MAX_ROWS_SHOWN)
          .append(" of ")
          .append(rows.size())
          .append(" rows; result.csv and result.json hold all of them.</p>\n");
    }
  }

  private static String display(Object value) {
    if (value instanceof Double d) {
      return String.format(Locale.ROOT, "%.2f", d);
    }
    return Values.text(value);
  }

  static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    double value = bytes;
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
