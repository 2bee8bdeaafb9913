package io.salesflow.query.report;

import io.salesflow.query.engine.ColumnType;
import io.salesflow.query.engine.QueryResult;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * RFC 4180 CSV: a header row, CRLF line ends, fields quoted when they hold a comma, quote or line
 * break. Text that a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR) is
 * prefixed with a single quote; numbers are left alone.
 */
final class CsvReport {

  private CsvReport() {}

  static ReportFile render(QueryResult result) {
    StringBuilder csv = new StringBuilder();
    line(csv, result.columnNames().stream().map(n -> (Object) n).toList(), null);
    List<ColumnType> types = result.columns().stream().map(c -> c.type()).toList();
    for (List<Object> row : result.rows()) {
      line(csv, row, types);
    }
    return new ReportFile(
        "result.csv", "text/csv; charset=utf-8", csv.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void line(StringBuilder csv, List<Object> values, List<ColumnType> types) {
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        csv.append(',');
      }
      String text = Values.text(values.get(i));
      if (types != null && types.get(i) == ColumnType.STRING && isFormula(text)) {
        text = "'" + text;
      }
      csv.append(quote(text));
    }
    csv.append("\r\n");
  }

  private static boolean isFormula(String text) {
    return !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0;
  }

  private static String quote(String text) {
    boolean needs =
        text.indexOf(',') >= 0
            || text.indexOf('"') >= 0
            || text.indexOf('\n') >= 0
            || text.indexOf('\r') >= 0;
    return needs ? '"' + text.replace("\"", "\"\"") + '"' : text;
  }
}
