package io.salesflow.query.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.salesflow.query.engine.ColumnType;
import io.salesflow.query.engine.QueryResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A query result as terminal text, for ad-hoc SQL: an aligned table (numbers right-aligned, NULL
 * shown as {@code NULL}), or the same CSV and JSON rows the reports hold.
 */
public final class ResultText {

  /** Longest cell shown in the table; longer values (embeddings, descriptions) are cut. */
  static final int MAX_CELL = 60;

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  private ResultText() {}

  /** The rows as an aligned table with a header and a rule under it. */
  public static String table(QueryResult result) {
    List<String> names = result.columnNames();
    int columns = names.size();
    List<List<String>> cells = new ArrayList<>();
    int[] width = new int[columns];
    for (int i = 0; i < columns; i++) {
      width[i] = names.get(i).length();
    }
    for (List<Object> row : result.rows()) {
      List<String> line = new ArrayList<>(columns);
      for (int i = 0; i < columns; i++) {
        String text = cell(row.get(i));
        line.add(text);
        width[i] = Math.max(width[i], text.length());
      }
      cells.add(line);
    }
    StringBuilder out = new StringBuilder();
    List<String> rule = new ArrayList<>(columns);
    for (int i = 0; i < columns; i++) {
      rule.add("-".repeat(width[i]));
    }
    appendLine(out, names, width, null);
    appendLine(out, rule, width, null);
    List<Boolean> numeric = result.columns().stream().map(c -> isNumeric(c.type())).toList();
    for (List<String> line : cells) {
      appendLine(out, line, width, numeric);
    }
    return out.toString();
  }

  /** RFC 4180 CSV with a header row, as in the reports' {@code result.csv}. */
  public static String csv(QueryResult result) {
    return CsvReport.render(result).text();
  }

  /** A JSON array with one object per row, values typed as in the reports' {@code result.json}. */
  public static String json(QueryResult result) {
    List<Map<String, Object>> rows = new ArrayList<>(result.rows().size());
    for (List<Object> row : result.rows()) {
      Map<String, Object> object = new LinkedHashMap<>();
      for (int i = 0; i < result.columns().size(); i++) {
        object.put(result.columns().get(i).name(), JsonReport.json(row.get(i)));
      }
      rows.add(object);
    }
    try {
      return JSON.writeValueAsString(rows) + System.lineSeparator();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write the rows as JSON", e);
    }
  }

  private static String cell(Object value) {
    if (value == null) {
      return "NULL";
    }
    String text = Values.text(value).replace("\r", " ").replace("\n", " ").replace("\t", " ");
    return text.length() > MAX_CELL ? text.substring(0, MAX_CELL - 3) + "..." : text;
  }

  private static boolean isNumeric(ColumnType type) {
    return type == ColumnType.INTEGER || type == ColumnType.DECIMAL || type == ColumnType.DOUBLE;
  }

  private static void appendLine(
      StringBuilder out, List<String> cells, int[] width, List<Boolean> rightAligned) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        line.append(" | ");
      }
      String text = cells.get(i);
      String pad = " ".repeat(width[i] - text.length());
      boolean right = rightAligned != null && rightAligned.get(i);
      line.append(right ? pad + text : text + pad);
    }
    out.append(line.toString().stripTrailing()).append(System.lineSeparator());
  }
}
