package io.salesflow.maintenance;

import io.salesflow.localstack.trino.LocalTrino;
import io.salesflow.query.LatestPeriodLookup;
import io.salesflow.query.QueryDefinition;
import io.salesflow.query.QueryLibrary;
import io.salesflow.query.engine.QueryRequest;
import io.salesflow.query.engine.QueryResult;
import io.salesflow.query.engine.TrinoQueryEngine;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs every query of the sql/ library on local Trino against one database, with the values a fixed
 * day gives their defaults, a tenant and a product of the test data, and a fixed time-travel
 * instant.
 */
final class LibraryQueries {

  /** Queries on the table's own history and files: their results change with maintenance. */
  static final Set<String> METADATA_QUERIES =
      Set.of("table_history", "table_snapshots", "files_per_partition");

  static final Clock DAY = Clock.fixed(Instant.parse("2025-06-20T12:00:00Z"), ZoneOffset.UTC);

  private final QueryLibrary library = QueryLibrary.fromClasspath();
  private final LocalTrino trino;
  private final String database;

  LibraryQueries(LocalTrino trino, String database) {
    this.trino = trino;
    this.database = database;
  }

  /** Every query's rows by query name. */
  Map<String, List<List<Object>>> runAll(String tenant, String product, LocalDateTime asOf) {
    Map<String, List<List<Object>>> results = new LinkedHashMap<>();
    try (TrinoQueryEngine engine =
        new TrinoQueryEngine(trino.jdbcUrl(null), LocalTrino.USER, database)) {
      LatestPeriodLookup latest = new LatestPeriodLookup(engine);
      for (QueryDefinition query : library.queries()) {
        Map<String, Object> values = new LinkedHashMap<>();
        query.parameter("tenant_id").ifPresent(p -> values.put("tenant_id", tenant));
        query.parameter("product_id").ifPresent(p -> values.put("product_id", product));
        query.parameter("as_of").ifPresent(p -> values.put("as_of", asOf));
        query.parameter("min_similarity").ifPresent(p -> values.put("min_similarity", -1.0));
        QueryResult result = engine.execute(QueryRequest.of(query.bind(values, DAY, latest)));
        results.put(query.name(), result.rows());
      }
    } catch (Exception e) {
      throw new IllegalStateException("Cannot run the query library on Trino: " + e, e);
    }
    return results;
  }

  List<String> names() {
    return library.names();
  }

  /** Rows of {@code sql} run on Trino in the table's schema, each column as its string form. */
  List<List<String>> select(String sql) {
    try (Connection connection = trino.connect(database);
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      List<List<String>> rows = new ArrayList<>();
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>(columns);
        for (int i = 1; i <= columns; i++) {
          row.add(rs.getString(i));
        }
        rows.add(row);
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot run on Trino: " + sql + ": " + e, e);
    }
  }
}
