package io.salesflow.query.engine;

import io.salesflow.query.engine.QueryExecutionException.Outcome;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.ColumnInfo;
import software.amazon.awssdk.services.athena.model.Datum;
import software.amazon.awssdk.services.athena.model.GetQueryResultsRequest;
import software.amazon.awssdk.services.athena.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.athena.model.Row;
import software.amazon.awssdk.services.athena.model.StatementType;

/**
 * Reads a finished Athena query's rows with GetQueryResults, page by page ({@value #PAGE_SIZE} rows
 * each), up to the request's row cap, converting Athena's text values to normalised Java values by
 * column type.
 */
final class AthenaResults {

  /** Rows per GetQueryResults page: Athena's maximum. */
  static final int PAGE_SIZE = 1000;

  private final AthenaClient athena;

  AthenaResults(AthenaClient athena) {
    this.athena = athena;
  }

  Page fetch(QueryRequest request, String id, QueryExecution execution) {
    // Athena repeats the column labels as the first row of a SELECT's first page.
    boolean skipHeader = execution.statementType() == StatementType.DML;
    Page page = new Page();
    String token = null;
    boolean first = true;
    do {
      GetQueryResultsResponse response = results(request, id, token);
      if (first) {
        page.columns = columns(response.resultSet().resultSetMetadata().columnInfo());
      }
      List<Row> rows = response.resultSet().rows();
      for (int i = first && skipHeader ? 1 : 0; i < rows.size(); i++) {
        if (page.rows.size() == request.maxRows()) {
          page.truncated = true;
          return page;
        }
        page.rows.add(values(page.columns, rows.get(i).data()));
      }
      first = false;
      token = response.nextToken();
    } while (token != null);
    return page;
  }

  private GetQueryResultsResponse results(QueryRequest request, String id, String token) {
    try {
      return athena.getQueryResults(
          GetQueryResultsRequest.builder()
              .queryExecutionId(id)
              .maxResults(PAGE_SIZE)
              .nextToken(token)
              .build());
    } catch (SdkException e) {
      throw new QueryExecutionException(
          Outcome.UNAVAILABLE,
          id,
          "Cannot read the results of Athena query '"
              + request.label()
              + "' ("
              + id
              + "): "
              + AthenaQueryEngine.message(e),
          e);
    }
  }

  private static List<ResultColumn> columns(List<ColumnInfo> infos) {
    List<ResultColumn> columns = new ArrayList<>(infos.size());
    for (ColumnInfo info : infos) {
      String engineType =
          "decimal".equalsIgnoreCase(info.type())
              ? "decimal(" + info.precision() + "," + info.scale() + ")"
              : info.type();
      columns.add(
          new ResultColumn(
              info.label() != null ? info.label() : info.name(),
              ColumnType.of(engineType),
              engineType));
    }
    return columns;
  }

  private static List<Object> values(List<ResultColumn> columns, List<Datum> data) {
    List<Object> values = new ArrayList<>(columns.size());
    for (int i = 0; i < columns.size(); i++) {
      String text = i < data.size() ? data.get(i).varCharValue() : null;
      values.add(AthenaValues.value(columns.get(i).type(), text));
    }
    return values;
  }

  /** Rows fetched so far. */
  static final class Page {
    private List<ResultColumn> columns = List.of();
    private final List<List<Object>> rows = new ArrayList<>();
    private boolean truncated;

    List<ResultColumn> columns() {
      return columns;
    }

    List<List<Object>> rows() {
      return rows;
    }

    boolean truncated() {
      return truncated;
    }
  }
}
