package io.salesflow.bootstrap;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one bootstrap run did.
 *
 * @param database the database (namespace)
 * @param databaseCreated whether this run created it
 * @param tables one result per table, in request order
 */
public record BootstrapResult(String database, boolean databaseCreated, List<TableResult> tables) {

  public BootstrapResult {
    tables = List.copyOf(tables);
  }

  /** The result for {@code name}, e.g. {@code sales_history}. */
  public TableResult table(String name) {
    return tables.stream()
        .filter(t -> t.table().endsWith("." + name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("No result for table " + name));
  }

  /** JSON-friendly form for the Lambda response. */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("database", database);
    map.put("databaseCreated", databaseCreated);
    map.put("tables", tables.stream().map(TableResult::toMap).toList());
    return map;
  }
}
