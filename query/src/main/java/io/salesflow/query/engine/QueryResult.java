package io.salesflow.query.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The rows of a finished query, values normalised per {@link ColumnType}.
 *
 * @param columns the columns
 * @param rows the rows; each has one value (or {@code null}) per column
 * @param truncated whether the query had more rows than the request's {@code maxRows}
 * @param statistics what the query cost
 */
public record QueryResult(
    List<ResultColumn> columns,
    List<List<Object>> rows,
    boolean truncated,
    QueryStatistics statistics) {

  public QueryResult {
    columns = List.copyOf(columns);
    List<List<Object>> copy = new ArrayList<>(rows.size());
    // Rows may hold nulls, which List.copyOf refuses.
    rows.forEach(row -> copy.add(Collections.unmodifiableList(new ArrayList<>(row))));
    rows = Collections.unmodifiableList(copy);
  }

  /** The index of the column called {@code name}, if any. */
  public Optional<Integer> columnIndex(String name) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(name)) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }

  /** The values of column {@code name}, in row order. */
  public List<Object> column(String name) {
    int index =
        columnIndex(name)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "Invalid column '" + name + "': the result has " + columnNames()));
    List<Object> values = new ArrayList<>(rows.size());
    rows.forEach(row -> values.add(row.get(index)));
    return values;
  }

  /** The column names, in order. */
  public List<String> columnNames() {
    return columns.stream().map(ResultColumn::name).toList();
  }
}
