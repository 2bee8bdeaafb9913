package io.salesflow.query.report;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code index.html}: the latest run of every query on one page, each with its chart (the trend
 * queries), the period it covers and why, its parameters, rows, time, data scanned, and links to
 * its CSV, JSON and HTML files. Self-contained (inline SVG and CSS, no script), so it opens from a
 * directory or from S3 alike.
 */
public final class ReportIndex {

  /** The file name. */
  public static final String FILE_NAME = "index.html";

  private ReportIndex() {}

  /**
   * One query of the run.
   *
   * @param query query name
   * @param title query title
   * @param status {@code RAN}, {@code FAILED} or {@code SKIPPED}
   * @param period the period the report covers and why, e.g. {@code 2026-01 (latest month with
   *     data)}; empty if the query has no period
   * @param parameters every parameter value it ran with
   * @param rows rows in its report
   * @param millis time taken
   * @param bytesScanned data the engine read, if it says
   * @param chart its chart as inline SVG, if it has one
   * @param links label to relative link: {@code csv}, {@code json}, {@code summary}
   * @param detail the error or why it did not run; empty when it ran
   */
  public record Entry(
      String query,
      String title,
      String status,
      String period,
      Map<String, Object> parameters,
      int rows,
      long millis,
      Long bytesScanned,
      Optional<String> chart,
      Map<String, String> links,
      String detail) {

    public Entry {
      parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
      links = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(links));
    }
  }

  /** The page for a run on {@code engine} at {@code runTime}. */
  public static ReportFile render(
      String engine, Instant runTime, String runId, List<Entry> entries) {
    long ran = entries.stream().filter(e -> e.status().equals("RAN")).count();
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>salesflow reports</title><style>")
        .append("body{font-family:sans-serif;margin:2em;color:#222;max-width:70em}")
        .append("section{border-top:1px solid #ccc;padding:.5em 0 1em}")
        .append("h2{margin:.4em 0;font-size:1.2em}.status{font-size:.8em;padding:1px 6px;")
        .append("border-radius:3px;background:#e6f4ea}.FAILED{background:#fce8e6}")
        .append(".SKIPPED{background:#fef7e0}dl{display:grid;grid-template-columns:10em auto;")
        .append("margin:.3em 0}dt{font-weight:bold}dd{margin:0}nav a{margin-right:1em}")
        .append("figure{margin:.5em 0}")
        .append("</style></head><body>\n");
    html.append("<h1>salesflow reports</h1>\n<p>Run <code>")
        .append(Html.escape(runId))
        .append("</code> at ")
        .append(Html.escape(runTime.toString()))
        .append(" on ")
        .append(Html.escape(engine))
        .append(": ")
        .append(ran)
        .append(" of ")
        .append(entries.size())
        .append(" queries ran.</p>\n<nav>");
    for (Entry e : entries) {
      html.append("<a href=\"#").append(anchor(e.query())).append("\">");
      html.append(Html.escape(e.query())).append("</a> ");
    }
    html.append("</nav>\n");
    for (Entry e : entries) {
      section(html, e);
    }
    html.append("</body></html>\n");
    return new ReportFile(
        FILE_NAME, "text/html; charset=utf-8", html.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void section(StringBuilder html, Entry e) {
    html.append("<section id=\"").append(anchor(e.query())).append("\">\n<h2>");
    html.append(Html.escape(e.title()))
        .append(" <span class=\"status ")
        .append(Html.escape(e.status()))
        .append("\">")
        .append(Html.escape(e.status()))
        .append("</span></h2>\n<dl>");
    term(html, "Query", e.query());
    if (!e.period().isEmpty()) {
      term(html, "Period", e.period());
    }
    if (!e.parameters().isEmpty()) {
      StringBuilder values = new StringBuilder();
      e.parameters()
          .forEach(
              (k, v) ->
                  values.append(values.isEmpty() ? "" : ", ").append(k).append('=').append(v));
      term(html, "Parameters", values.toString());
    }
    if (e.status().equals("RAN")) {
      term(html, "Rows", Integer.toString(e.rows()));
    }
    term(html, "Time", e.millis() + " ms");
    if (e.bytesScanned() != null) {
      term(html, "Data scanned", HtmlSummary.bytes(e.bytesScanned()));
    }
    if (!e.detail().isEmpty()) {
      term(html, e.status().equals("SKIPPED") ? "Why skipped" : "Error", e.detail());
    }
    html.append("</dl>\n");
    e.chart().ifPresent(svg -> html.append("<figure>").append(svg).append("</figure>\n"));
    if (!e.links().isEmpty()) {
      html.append("<nav>");
      e.links()
          .forEach(
              (label, href) ->
                  html.append("<a href=\"")
                      .append(Html.escape(href))
                      .append("\">")
                      .append(Html.escape(label))
                      .append("</a>"));
      html.append("</nav>\n");
    }
    html.append("</section>\n");
  }

  private static void term(StringBuilder html, String term, String value) {
    html.append("<dt>")
        .append(Html.escape(term))
        .append("</dt><dd>")
        .append(Html.escape(value))
        .append("</dd>");
  }

  private static String anchor(String query) {
    return "q-" + query.replaceAll("[^A-Za-z0-9_-]", "-");
  }
}
