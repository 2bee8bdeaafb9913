package io.salesflow.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A query ready to run: its SQL with a {@code ?} per bound parameter, the values in marker order,
 * and every parameter's resolved value (for reports).
 *
 * @param query the library query
 * @param sql the SQL to send; identical for Athena and Trino
 * @param parameters values for the {@code ?} markers, in order
 * @param values every parameter's value, defaults included, in header order
 * @param period the period the report covers and why, e.g. {@code 2026-01 (the latest month holding
 *     data in sales_history)}; empty for a query without a period
 */
public record BoundQuery(
    QueryDefinition query,
    String sql,
    List<BoundParameter> parameters,
    Map<String, Object> values,
    String period) {

  public BoundQuery {
    parameters = List.copyOf(parameters);
    values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
  }

  static BoundQuery of(QueryDefinition query, Map<String, Object> values, String period) {
    StringBuilder sql = new StringBuilder(query.sql());
    List<BoundParameter> bound = new ArrayList<>();
    // Right to left, so that earlier offsets stay valid while inline literals replace markers.
    List<Placeholder> markers = query.placeholders();
    for (int i = markers.size() - 1; i >= 0; i--) {
      Placeholder marker = markers.get(i);
      QueryParameter parameter = query.parameter(marker.parameter()).orElseThrow();
      Object value = values.get(parameter.name());
      if (marker.inline()) {
        sql.replace(
            marker.offset(),
            marker.offset() + 1,
            Placeholder.inlineLiteral(parameter.type(), value));
      } else {
        bound.add(0, new BoundParameter(parameter.name(), parameter.type(), value));
      }
    }
    return new BoundQuery(query, sql.toString(), bound, values, period);
  }

  /** The query's name. */
  public String name() {
    return query.name();
  }
}
