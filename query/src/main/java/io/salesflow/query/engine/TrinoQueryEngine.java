package io.salesflow.query.engine;

import io.salesflow.query.BoundParameter;
import io.salesflow.query.engine.QueryExecutionException.Outcome;
import io.trino.jdbc.QueryStats;
import io.trino.jdbc.TrinoResultSet;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs queries on Trino through its JDBC driver (a prepared statement per query, parameters bound
 * with the driver's setters) and returns them in the same shape as {@link AthenaQueryEngine}, with
 * Trino's statistics: bytes and rows read, and the splits the table scans processed (one per data
 * file below the split size), read from the coordinator's query info.
 *
 * <p>Needs {@code io.trino:trino-jdbc} on the class path (an optional dependency: the Lambda jar
 * carries Athena only).
 */
public final class TrinoQueryEngine implements QueryEngine {

  private static final Pattern SCHEMA = Pattern.compile("[a-z0-9_]{1,255}");
  private static final Pattern QUERY_ID = Pattern.compile("Query failed \\(#([^)]+)\\)");

  private final String jdbcUrl;
  private final String user;
  private final String schema;
  private final TrinoScanStatistics scans;

  /**
   * @param jdbcUrl {@code jdbc:trino://host:port/<catalog>}
   * @param user user to connect as
   * @param schema schema (database) the queries' unqualified tables resolve in
   */
  public TrinoQueryEngine(String jdbcUrl, String user, String schema) {
    if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:trino://")) {
      throw new IllegalArgumentException(
          "Invalid Trino JDBC URL: '" + jdbcUrl + "', must start with jdbc:trino://");
    }
    if (schema == null || !SCHEMA.matcher(schema).matches()) {
      throw new IllegalArgumentException(
          "Invalid Trino schema: '" + schema + "', must be lower-case letters, digits or '_'");
    }
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.schema = schema;
    this.scans = new TrinoScanStatistics(jdbcUrl, user);
  }

  @Override
  public String name() {
    return "trino";
  }

  @Override
  public QueryResult execute(QueryRequest request) {
    long start = System.nanoTime();
    Properties properties = new Properties();
    properties.setProperty("user", user);
    try {
      return retryingNoNodes(
          () -> {
            try (Connection connection = DriverManager.getConnection(jdbcUrl, properties)) {
              connection.setSchema(schema);
              try (PreparedStatement statement = connection.prepareStatement(request.sql())) {
                statement.setQueryTimeout(
                    Math.toIntExact(Math.max(1, request.timeout().toSeconds())));
                bind(statement, request.parameters());
                try (ResultSet rs = statement.executeQuery()) {
                  return read(request, rs, start);
                }
              }
            }
          },
          start + request.timeout().toNanos(),
          Sleeper.SYSTEM);
    } catch (SQLException e) {
      throw translate(request, e, start);
    }
  }

  /** A JDBC call, for {@link #retryingNoNodes}. */
  @FunctionalInterface
  interface SqlCall<T> {
    T call() throws SQLException;
  }

  /** Tries of a query that Trino refuses with "No nodes available to run query". */
  static final int NO_NODES_TRIES = 3;

  static final Duration NO_NODES_WAIT = Duration.ofSeconds(3);

  /**
   * Runs {@code call}, again after a pause when Trino refused it for having no node to run it on,
   * as long as the deadline allows. A single-node server's own node drops out of its node list when
   * its periodic announcement is late (a starved JVM) and is back with the next one; the library's
   * queries are reads, so a refused one is safe to send again. Any other failure, or the last
   * refusal, is thrown as it came.
   */
  static <T> T retryingNoNodes(SqlCall<T> call, long deadlineNanos, Sleeper sleeper)
      throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.call();
      } catch (SQLException e) {
        boolean retry =
            String.valueOf(e.getMessage()).contains("No nodes available to run query")
                && attempt < NO_NODES_TRIES
                && System.nanoTime() + NO_NODES_WAIT.toNanos() < deadlineNanos;
        if (!retry) {
          throw e;
        }
        try {
          sleeper.sleep(NO_NODES_WAIT);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private static void bind(PreparedStatement statement, List<BoundParameter> parameters)
      throws SQLException {
    for (int i = 0; i < parameters.size(); i++) {
      Object v = parameters.get(i).value();
      int index = i + 1;
      switch (parameters.get(i).type()) {
        case STRING -> statement.setString(index, (String) v);
        case INTEGER -> statement.setLong(index, (Long) v);
        case DECIMAL -> statement.setBigDecimal(index, (BigDecimal) v);
        case DOUBLE -> statement.setDouble(index, (Double) v);
        case BOOLEAN -> statement.setBoolean(index, (Boolean) v);
        case DATE, TIMESTAMP -> statement.setObject(index, v);
      }
    }
  }

  private QueryResult read(QueryRequest request, ResultSet rs, long start) throws SQLException {
    ResultSetMetaData meta = rs.getMetaData();
    List<ResultColumn> columns = new ArrayList<>(meta.getColumnCount());
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      String engineType = meta.getColumnTypeName(i);
      columns.add(new ResultColumn(meta.getColumnLabel(i), ColumnType.of(engineType), engineType));
    }
    List<List<Object>> rows = new ArrayList<>();
    boolean truncated = false;
    while (rs.next()) {
      if (rows.size() == request.maxRows()) {
        truncated = true;
        break;
      }
      List<Object> row = new ArrayList<>(columns.size());
      for (int i = 0; i < columns.size(); i++) {
        row.add(value(rs, i + 1, columns.get(i).type()));
      }
      rows.add(row);
    }
    TrinoResultSet trino = rs.unwrap(TrinoResultSet.class);
    return new QueryResult(columns, rows, truncated, statistics(trino, start));
  }

  private QueryStatistics statistics(TrinoResultSet rs, long start) {
    QueryStats stats = rs.getStats();
    return new QueryStatistics(
        name(),
        rs.getQueryId(),
        stats.getPhysicalInputBytes(),
        stats.getProcessedRows(),
        scans.scanSplits(rs.getQueryId()),
        stats.getElapsedTimeMillis(),
        stats.getQueuedTimeMillis(),
        (System.nanoTime() - start) / 1_000_000);
  }

  private static Object value(ResultSet rs, int index, ColumnType type) throws SQLException {
    Object raw = rs.getObject(index);
    if (raw == null) {
      return null;
    }
    return switch (type) {
      case INTEGER -> ((Number) raw).longValue();
      case DECIMAL -> rs.getBigDecimal(index);
      case DOUBLE -> ((Number) raw).doubleValue();
      case BOOLEAN -> raw;
      case DATE -> rs.getObject(index, LocalDate.class);
      case TIMESTAMP -> rs.getObject(index, LocalDateTime.class);
      case TIMESTAMP_TZ ->
          rs.getObject(index, ZonedDateTime.class)
              .toOffsetDateTime()
              .withOffsetSameInstant(ZoneOffset.UTC);
      case STRING -> raw instanceof Array array ? text(array.getArray()) : raw.toString();
    };
  }

  /** Arrays as Athena prints them: {@code [1.0, 2.0]}. */
  private static String text(Object array) {
    return array instanceof Object[] values ? Arrays.deepToString(values) : String.valueOf(array);
  }

  /** Whether a network failure lies under {@code e}: the server was never reached. */
  private static boolean causedByIo(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof java.io.IOException) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }

  private QueryExecutionException translate(QueryRequest request, SQLException e, long start) {
    Matcher id = QUERY_ID.matcher(String.valueOf(e.getMessage()));
    String queryId = id.find() ? id.group(1) : null;
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
    String message = String.valueOf(e.getMessage());
    if (message.contains("EXCEEDED_TIME_LIMIT")
        || message.contains("maximum run time")
        || elapsedMillis >= request.timeout().toMillis()) {
      return new QueryExecutionException(
          Outcome.TIMED_OUT,
          queryId,
          "Trino query '"
              + request.label()
              + "' did not finish within "
              + request.timeout().toSeconds()
              + " s and was stopped: "
              + message,
          e);
    }
    boolean unreachable =
        queryId == null && (causedByIo(e) || message.contains("java.net.ConnectException"));
    return new QueryExecutionException(
        unreachable ? Outcome.UNAVAILABLE : Outcome.FAILED,
        queryId,
        (unreachable ? "Cannot reach Trino at " + jdbcUrl + " for query '" : "Trino query '")
            + request.label()
            + "'"
            + (queryId == null ? "" : " (" + queryId + ")")
            + (unreachable ? ": " : " FAILED: ")
            + message,
        e);
  }
}
