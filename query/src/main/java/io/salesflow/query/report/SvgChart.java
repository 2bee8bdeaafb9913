package io.salesflow.query.report;

import io.salesflow.query.ChartSpec;
import io.salesflow.query.engine.QueryResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A dependency-free SVG line or bar chart of a result, inlined in the HTML summary: x values in
 * result order, one series per y column or per value of the series column.
 */
final class SvgChart {

  private static final int WIDTH = 860;
  private static final int HEIGHT = 360;
  private static final int LEFT = 80;
  private static final int RIGHT = 170;
  private static final int TOP = 20;
  private static final int BOTTOM = 60;
  private static final String[] COLORS = {
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
    "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"
  };

  private SvgChart() {}

  /** The chart, or empty if the result lacks the columns or has no numbers to draw. */
  static Optional<String> render(ChartSpec spec, QueryResult result) {
    List<String> needed = new ArrayList<>(spec.y());
    needed.add(spec.x());
    spec.series().ifPresent(needed::add);
    if (!result.columnNames().containsAll(needed) || result.rows().isEmpty()) {
      return Optional.empty();
    }
    List<String> xs = new ArrayList<>();
    Map<String, Map<String, Double>> series = new LinkedHashMap<>();
    int xIndex = result.columnIndex(spec.x()).orElseThrow();
    for (List<Object> row : result.rows()) {
      String x = Values.text(row.get(xIndex));
      if (!xs.contains(x)) {
        xs.add(x);
      }
      if (spec.series().isPresent()) {
        Object name = row.get(result.columnIndex(spec.series().get()).orElseThrow());
        put(
            series,
            name == null ? "(none)" : Values.text(name),
            x,
            row.get(result.columnIndex(spec.y().get(0)).orElseThrow()));
      } else {
        for (String y : spec.y()) {
          put(series, y, x, row.get(result.columnIndex(y).orElseThrow()));
        }
      }
    }
    double max =
        series.values().stream()
            .flatMap(m -> m.values().stream())
            .mapToDouble(d -> d)
            .max()
            .orElse(Double.NaN);
    double min =
        Math.min(
            0,
            series.values().stream()
                .flatMap(m -> m.values().stream())
                .mapToDouble(d -> d)
                .min()
                .orElse(0));
    if (Double.isNaN(max)) {
      return Optional.empty();
    }
    if (max <= min) {
      max = min + 1;
    }
    return Optional.of(draw(spec, xs, series, min, max * 1.05));
  }

  private static void put(
      Map<String, Map<String, Double>> series, String name, String x, Object y) {
    Double value = Values.number(y);
    if (value != null && Double.isFinite(value)) {
      series.computeIfAbsent(name, k -> new LinkedHashMap<>()).put(x, value);
    }
  }

  private static String draw(
      ChartSpec spec,
      List<String> xs,
      Map<String, Map<String, Double>> series,
      double min,
      double max) {
    int plotWidth = WIDTH - LEFT - RIGHT;
    int plotHeight = HEIGHT - TOP - BOTTOM;
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">%n",
            WIDTH,
            HEIGHT,
            WIDTH,
            HEIGHT,
            Html.escape(String.join(", ", spec.y()) + " by " + spec.x())));
    svg.append(
        "<style>text{font:11px sans-serif;fill:#333}.grid{stroke:#ddd}.axis{stroke:#333}</style>\n");
    for (int i = 0; i <= 5; i++) {
      double value = min + (max - min) * i / 5;
      double y = TOP + plotHeight - plotHeight * (value - min) / (max - min);
      svg.append(
          String.format(
              Locale.ROOT,
              "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>",
              LEFT,
              y,
              LEFT + plotWidth,
              y));
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
              LEFT - 6,
              y + 4,
              Html.escape(compact(value))));
    }
    svg.append(
        String.format(
            Locale.ROOT,
            "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>%n",
            LEFT,
            TOP + plotHeight,
            LEFT + plotWidth,
            TOP + plotHeight));
    double step = xs.size() > 1 ? (double) plotWidth / (xs.size() - 1) : plotWidth;
    double slot = (double) plotWidth / xs.size();
    int labelEvery = Math.max(1, (int) Math.ceil(xs.size() / 24.0));
    for (int i = 0; i < xs.size(); i += labelEvery) {
      double x =
          spec.kind().equals("bar")
              ? LEFT + slot * (i + 0.5)
              : LEFT + (xs.size() > 1 ? step * i : plotWidth / 2.0);
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%d\" text-anchor=\"end\" transform=\"rotate(-40 %.1f %d)\">%s</text>%n",
              x,
              TOP + plotHeight + 14,
              x,
              TOP + plotHeight + 14,
              Html.escape(xs.get(i))));
    }
    int s = 0;
    for (Map.Entry<String, Map<String, Double>> e : series.entrySet()) {
      String color = COLORS[s % COLORS.length];
      if (spec.kind().equals("bar")) {
        double barWidth = slot * 0.8 / series.size();
        for (int i = 0; i < xs.size(); i++) {
          Double v = e.getValue().get(xs.get(i));
          if (v != null) {
            double y0 = TOP + plotHeight - plotHeight * (0 - min) / (max - min);
            double y = TOP + plotHeight - plotHeight * (v - min) / (max - min);
            svg.append(
                String.format(
                    Locale.ROOT,
                    "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>",
                    LEFT + slot * i + slot * 0.1 + barWidth * s,
                    Math.min(y, y0),
                    barWidth,
                    Math.abs(y0 - y),
                    color));
          }
        }
      } else {
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < xs.size(); i++) {
          Double v = e.getValue().get(xs.get(i));
          if (v != null) {
            double x = LEFT + (xs.size() > 1 ? step * i : plotWidth / 2.0);
            double y = TOP + plotHeight - plotHeight * (v - min) / (max - min);
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
          }
        }
        svg.append(
            String.format(
                Locale.ROOT,
                "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n",
                color,
                points.toString().trim()));
      }
      int ly = TOP + 14 * s;
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>%n",
              WIDTH - RIGHT + 12,
              ly,
              color,
              WIDTH - RIGHT + 26,
              ly + 9,
              Html.escape(e.getKey())));
      s++;
    }
    svg.append("</svg>");
    return svg.toString();
  }

  /** 1234567 -> 1.23M, for axis labels. */
  static String compact(double value) {
    double abs = Math.abs(value);
    if (abs >= 1_000_000) {
      return String.format(Locale.ROOT, "%.2fM", value / 1_000_000);
    }
    if (abs >= 10_000) {
      return String.format(Locale.ROOT, "%.1fk", value / 1_000);
    }
    return abs >= 100 || value == Math.rint(value)
        ? String.format(Locale.ROOT, "%.0f", value)
        : String.format(Locale.ROOT, "%.2f", value);
  }
}
