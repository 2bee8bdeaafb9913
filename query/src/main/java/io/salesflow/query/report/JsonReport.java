package io.salesflow.query.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.salesflow.query.engine.QueryResult;
import io.salesflow.query.engine.ResultColumn;
import java.math.BigDecimal;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report as one JSON document: the query, its parameters, the statistics, the columns with
 * their types, and the rows as objects. Decimals are exact JSON numbers, times ISO-8601 strings.
 */
final class JsonReport {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  private JsonReport() {}

  static ReportFile render(Report report) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("query", report.query());
    doc.put("title", report.title());
    doc.put("description", report.description());
    doc.put("runId", report.runId());
    doc.put("ranAt", report.ranAt().toString());
    Map<String, Object> parameters = new LinkedHashMap<>();
    report.parameters().forEach((k, v) -> parameters.put(k, json(v)));
    doc.put("parameters", parameters);
    if (!report.period().isEmpty()) {
      doc.put("period", report.period());
    }
    QueryResult result = report.result();
    doc.put("statistics", result.statistics().toMap());
    List<Map<String, String>> columns = new ArrayList<>();
    for (ResultColumn c : result.columns()) {
      columns.add(Map.of("name", c.name(), "type", c.type().name(), "engineType", c.engineType()));
    }
    doc.put("columns", columns);
    doc.put("rowCount", result.rows().size());
    doc.put("truncated", result.truncated());
    List<Map<String, Object>> rows = new ArrayList<>(result.rows().size());
    for (List<Object> row : result.rows()) {
      Map<String, Object> object = new LinkedHashMap<>();
      for (int i = 0; i < result.columns().size(); i++) {
        object.put(result.columns().get(i).name(), json(row.get(i)));
      }
      rows.add(object);
    }
    doc.put("rows", rows);
    try {
      return new ReportFile(
          "result.json", "application/json; charset=utf-8", JSON.writeValueAsBytes(doc));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write the JSON report of " + report.query(), e);
    }
  }

  static Object json(Object value) {
    if (value instanceof TemporalAccessor) {
      return Values.text(value);
    }
    if (value instanceof Double d && !Double.isFinite(d)) {
      return d.toString();
    }
    if (value instanceof BigDecimal || value instanceof Number || value instanceof Boolean) {
      return value;
    }
    return value == null ? null : value.toString();
  }
}
