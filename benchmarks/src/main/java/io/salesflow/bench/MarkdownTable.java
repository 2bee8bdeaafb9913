package io.salesflow.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders measurements as Markdown tables with aligned columns. */
final class MarkdownTable {

  private MarkdownTable() {}

  /** One row per query: latency and what it scanned. */
  static String queries(List<Measurement> measurements) {
    List<List<String>> rows = new ArrayList<>();
    for (Measurement m : measurements) {
      rows.add(
          List.of(
              m.name(),
              Long.toString(m.median()),
              Long.toString(m.min()),
              number(m.rowsOut()),
              number(m.rowsScanned()),
              number(m.filesScanned()),
              mebibytes(m.bytesScanned())));
    }
    return render(
        List.of(
            "query",
            "median ms",
            "min ms",
            "rows out",
            "rows scanned",
            "files scanned",
            "MiB scanned"),
        rows);
  }

  /** Aligned Markdown, every column but the first right-aligned (numbers). */
  static String render(List<String> header, List<List<String>> rows) {
    return render(header, rows, true);
  }

  /** Aligned Markdown, every column left-aligned (text). */
  static String plain(List<String> header, List<List<String>> rows) {
    return render(header, rows, false);
  }

  private static String render(List<String> header, List<List<String>> rows, boolean numeric) {
    int[] width = new int[header.size()];
    for (int i = 0; i < header.size(); i++) {
      width[i] = header.get(i).length();
      for (List<String> row : rows) {
        width[i] = Math.max(width[i], row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, header, width, false);
    out.append('|');
    for (int i = 0; i < width.length; i++) {
      out.append(
          i == 0 || !numeric
              ? " " + "-".repeat(width[i]) + " |"
              : " " + "-".repeat(width[i] - 1) + ": |");
    }
    out.append('\n');
    for (List<String> row : rows) {
      line(out, row, width, numeric);
    }
    return out.toString();
  }

  private static void line(
      StringBuilder out, List<String> cells, int[] width, boolean alignNumbers) {
    out.append('|');
    for (int i = 0; i < cells.size(); i++) {
      String cell = cells.get(i);
      String pad = " ".repeat(width[i] - cell.length());
      out.append(' ').append(alignNumbers && i > 0 ? pad + cell : cell + pad).append(" |");
    }
    out.append('\n');
  }

  static String number(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  static String mebibytes(long bytes) {
    return String.format(Locale.ROOT, "%.2f", bytes / (1024.0 * 1024.0));
  }
}
