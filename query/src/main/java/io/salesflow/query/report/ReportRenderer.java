package io.salesflow.query.report;

import java.util.List;

/**
 * Renders a report as its three files: {@code result.csv} and {@code result.json} for machines and
 * {@code summary.html} for people (with a chart for the queries that declare one).
 */
public final class ReportRenderer {

  private ReportRenderer() {}

  /** The chart of {@code report} as inline SVG, if its query declares one and it has data. */
  public static java.util.Optional<String> chart(Report report) {
    return report.chart().flatMap(spec -> SvgChart.render(spec, report.result()));
  }

  /** The files of {@code report}: CSV, JSON, HTML summary. */
  public static List<ReportFile> render(Report report) {
    return List.of(
        CsvReport.render(report.result()), JsonReport.render(report), HtmlSummary.render(report));
  }
}
