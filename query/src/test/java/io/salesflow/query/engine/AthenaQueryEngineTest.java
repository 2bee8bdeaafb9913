package io.salesflow.query.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.salesflow.query.BoundParameter;
import io.salesflow.query.ParameterType;
import io.salesflow.query.QueryDefinition;
import io.salesflow.query.QueryLibrary;
import io.salesflow.query.QueryParameter;
import io.salesflow.query.engine.QueryExecutionException.Outcome;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.AthenaError;
import software.amazon.awssdk.services.athena.model.AthenaException;
import software.amazon.awssdk.services.athena.model.ColumnInfo;
import software.amazon.awssdk.services.athena.model.Datum;
import software.amazon.awssdk.services.athena.model.GetQueryExecutionRequest;
import software.amazon.awssdk.services.athena.model.GetQueryExecutionResponse;
import software.amazon.awssdk.services.athena.model.GetQueryResultsRequest;
import software.amazon.awssdk.services.athena.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.athena.model.InvalidRequestException;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.athena.model.ResultSet;
import software.amazon.awssdk.services.athena.model.Row;
import software.amazon.awssdk.services.athena.model.StartQueryExecutionRequest;
import software.amazon.awssdk.services.athena.model.StartQueryExecutionResponse;
import software.amazon.awssdk.services.athena.model.StatementType;
import software.amazon.awssdk.services.athena.model.StopQueryExecutionRequest;
import software.amazon.awssdk.services.athena.model.StopQueryExecutionResponse;

@ExtendWith(MockitoExtension.class)
class AthenaQueryEngineTest {

  private static final String ID = "5f3a9c1e-0000-4000-8000-000000000001";
  private static final AthenaEngineSettings SETTINGS =
      new AthenaEngineSettings(
          "reports",
          "AwsDataCatalog",
          "pricing_intelligence_dev",
          "s3://carousel-dev-analytics/athena-results/",
          Duration.ofMillis(200),
          Duration.ofSeconds(2));

  @Mock AthenaClient athena;

  private final AtomicLong nanos = new AtomicLong();
  private final List<Duration> sleeps = new ArrayList<>();
  private AthenaQueryEngine engine;

  @BeforeEach
  void setUp() {
    engine =
        new AthenaQueryEngine(
            athena,
            SETTINGS,
            d -> {
              sleeps.add(d);
              nanos.addAndGet(d.toNanos());
            },
            nanos::get);
  }

  private static QueryRequest request(List<BoundParameter> parameters) {
    return new QueryRequest(
        "monthly_sales_trend", "SELECT 1 WHERE ? = 1", parameters, Duration.ofSeconds(30), 10_000);
  }

  private void started() {
    when(athena.startQueryExecution(any(StartQueryExecutionRequest.class)))
        .thenReturn(StartQueryExecutionResponse.builder().queryExecutionId(ID).build());
  }

  private void states(QueryExecution... executions) {
    GetQueryExecutionResponse[] responses =
        Arrays.stream(executions)
            .map(e -> GetQueryExecutionResponse.builder().queryExecution(e).build())
            .toArray(GetQueryExecutionResponse[]::new);
    when(athena.getQueryExecution(any(GetQueryExecutionRequest.class)))
        .thenReturn(responses[0], Arrays.copyOfRange(responses, 1, responses.length));
  }

  private static QueryExecution execution(QueryExecutionState state) {
    return QueryExecution.builder()
        .queryExecutionId(ID)
        .statementType(StatementType.DML)
        .status(s -> s.state(state))
        .statistics(
            s ->
                s.dataScannedInBytes(123_456L)
                    .engineExecutionTimeInMillis(850L)
                    .queryQueueTimeInMillis(40L))
        .build();
  }

  private static Row row(String... values) {
    return Row.builder()
        .data(Arrays.stream(values).map(v -> Datum.builder().varCharValue(v).build()).toList())
        .build();
  }

  private static GetQueryResultsResponse page(String nextToken, Row... rows) {
    return GetQueryResultsResponse.builder()
        .resultSet(
            ResultSet.builder()
                .resultSetMetadata(
                    m ->
                        m.columnInfo(
                            ColumnInfo.builder()
                                .name("period")
                                .label("period")
                                .type("varchar")
                                .build(),
                            ColumnInfo.builder()
                                .name("sales")
                                .label("sales")
                                .type("bigint")
                                .build(),
                            ColumnInfo.builder()
                                .name("revenue")
                                .label("revenue")
                                .type("decimal")
                                .precision(38)
                                .scale(2)
                                .build(),
                            ColumnInfo.builder()
                                .name("share")
                                .label("share")
                                .type("double")
                                .build(),
                            ColumnInfo.builder().name("day").label("day").type("date").build(),
                            ColumnInfo.builder()
                                .name("last_sale")
                                .label("last_sale")
                                .type("timestamp")
                                .build(),
                            ColumnInfo.builder()
                                .name("committed_at")
                                .label("committed_at")
                                .type("timestamp with time zone")
                                .build()))
                .rows(rows)
                .build())
        .nextToken(nextToken)
        .build();
  }

  @Test
  void startsInTheWorkgroup_withContextOutputLocationAndTypedExecutionParameters() {
    started();
    states(execution(QueryExecutionState.SUCCEEDED));
    when(athena.getQueryResults(any(GetQueryResultsRequest.class)))
        .thenReturn(page(null, row("period", "sales")));

    engine.execute(
        request(
            List.of(
                new BoundParameter("tenant_id", ParameterType.STRING, "o'brien' OR '1'='1"),
                new BoundParameter("year", ParameterType.INTEGER, 2024L),
                new BoundParameter("min_price", ParameterType.DECIMAL, new BigDecimal("1000.50")),
                new BoundParameter("score", ParameterType.DOUBLE, 0.8),
                new BoundParameter("flag", ParameterType.BOOLEAN, true),
                new BoundParameter("day", ParameterType.DATE, LocalDate.of(2024, 2, 29)),
                new BoundParameter(
                    "as_of", ParameterType.TIMESTAMP, LocalDateTime.of(2024, 3, 1, 6, 30)))));

    ArgumentCaptor<StartQueryExecutionRequest> start =
        ArgumentCaptor.forClass(StartQueryExecutionRequest.class);
    verify(athena).startQueryExecution(start.capture());
    StartQueryExecutionRequest sent = start.getValue();
    assertThat(sent.queryString()).isEqualTo("SELECT 1 WHERE ? = 1");
    assertThat(sent.workGroup()).isEqualTo("reports");
    assertThat(sent.queryExecutionContext().database()).isEqualTo("pricing_intelligence_dev");
    assertThat(sent.queryExecutionContext().catalog()).isEqualTo("AwsDataCatalog");
    assertThat(sent.resultConfiguration().outputLocation())
        .isEqualTo("s3://carousel-dev-analytics/athena-results/");
    assertThat(sent.clientRequestToken()).hasSize(36);
    assertThat(sent.executionParameters())
        .containsExactly(
            "'o''brien'' OR ''1''=''1'",
            "2024",
            "DECIMAL '1000.50'",
            "0.8E0",
            "TRUE",
            "DATE '2024-02-29'",
            "TIMESTAMP '2024-03-01 06:30:00.000000'");
  }

  @Test
  void everyLibraryQuery_sendsOneExecutionParameterPerMarker_andAsOfInlinedAsATimestampLiteral() {
    QueryLibrary library = QueryLibrary.load(Path.of("..", "sql"));
    Clock clock = Clock.fixed(Instant.parse("2025-03-15T10:20:30Z"), ZoneOffset.UTC);
    started();
    states(execution(QueryExecutionState.SUCCEEDED));
    when(athena.getQueryResults(any(GetQueryResultsRequest.class)))
        .thenReturn(page(null, row("period")));

    for (QueryDefinition query : library.queries()) {
      engine.execute(
          QueryRequest.of(
              query.bind(
                  requiredValues(query),
                  clock,
                  io.salesflow.query.LatestPeriod.of(java.time.YearMonth.of(2025, 1)))));
    }

    ArgumentCaptor<StartQueryExecutionRequest> start =
        ArgumentCaptor.forClass(StartQueryExecutionRequest.class);
    verify(athena, times(17)).startQueryExecution(start.capture());
    List<StartQueryExecutionRequest> sent = start.getAllValues();
    List<String> names = library.names();
    for (int i = 0; i < names.size(); i++) {
      assertThat(sent.get(i).executionParameters())
          .as("ExecutionParameters of %s", names.get(i))
          .hasSize(markers(sent.get(i).queryString()));
    }
    StartQueryExecutionRequest timeTravel = sent.get(names.indexOf("time_travel_comparison"));
    assertThat(timeTravel.queryString())
        .contains("FOR TIMESTAMP AS OF TIMESTAMP '2025-03-14 10:20:30.000000 UTC' /* as_of */");
    // year, twice; as_of (default now-1d) is a literal in the text, not a parameter.
    assertThat(timeTravel.executionParameters()).containsExactly("2025", "2025");
  }

  /** A value for each required parameter (tenant and product ids, all strings). */
  private static Map<String, Object> requiredValues(QueryDefinition query) {
    Map<String, Object> values = new HashMap<>();
    for (QueryParameter p : query.parameters()) {
      if (p.required()) {
        assertThat(p.type())
            .as("required %s of %s", p.name(), query.name())
            .isEqualTo(ParameterType.STRING);
        values.put(p.name(), p.name().equals("tenant_id") ? "t" : "p-1");
      }
    }
    return values;
  }

  /** The {@code ?} markers of {@code sql}: outside string literals, quoted names and comments. */
  private static int markers(String sql) {
    int count = 0;
    int i = 0;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"') {
        int close = sql.indexOf(c, i + 1);
        while (close + 1 < sql.length() && sql.charAt(close + 1) == c) {
          close = sql.indexOf(c, close + 2); // a doubled quote escapes one
        }
        i = close + 1;
      } else if (sql.startsWith("--", i)) {
        int eol = sql.indexOf('\n', i);
        i = eol < 0 ? sql.length() : eol + 1;
      } else if (sql.startsWith("/*", i)) {
        i = sql.indexOf("*/", i + 2) + 2;
      } else {
        count += c == '?' ? 1 : 0;
        i++;
      }
    }
    return count;
  }

  @Test
  void noParameters_sendsNoExecutionParameters_andNoOutputLocationWhenTheWorkgroupHasOne() {
    engine =
        new AthenaQueryEngine(
            athena, AthenaEngineSettings.of("primary", "db", null), d -> {}, nanos::get);
    started();
    states(execution(QueryExecutionState.SUCCEEDED));
    when(athena.getQueryResults(any(GetQueryResultsRequest.class)))
        .thenReturn(page(null, row("period")));

    engine.execute(request(List.of()));

    ArgumentCaptor<StartQueryExecutionRequest> start =
        ArgumentCaptor.forClass(StartQueryExecutionRequest.class);
    verify(athena).startQueryExecution(start.capture());
    assertThat(start.getValue().hasExecutionParameters()).isFalse();
    assertThat(start.getValue().resultConfiguration()).isNull();
  }

  @Test
  void pollsWithBackoffUntilSucceeded_thenReadsEveryPage_skippingTheHeaderRowOnce() {
    started();
    states(
        execution(QueryExecutionState.QUEUED),
        execution(QueryExecutionState.RUNNING),
        execution(QueryExecutionState.RUNNING),
        execution(QueryExecutionState.SUCCEEDED));
    when(athena.getQueryResults(any(GetQueryResultsRequest.class)))
        .thenReturn(
            page(
                "t1",
                row("period", "sales", "revenue", "share", "day", "last_sale", "committed_at"),
                row(
                    "2024-01",
                    "104",
                    "22134.79",
                    "36.86332691658696",
                    "2024-01-31",
                    "2024-01-31 23:59:59.123456",
                    "2024-02-01 06:00:00.000 UTC")),
            page(
                "t2",
                row(
                    "2024-02",
                    "103",
                    "30294.41",
                    "-5.5E0",
                    "2024-02-29",
                    "2024-02-29 10:00:00.000",
                    "2024-03-01 06:00:00.000 UTC")),
            page(
                null,
                Row.builder()
                    .data(Datum.builder().varCharValue("2024-03").build(), Datum.builder().build())
                    .build()));

    QueryResult result = engine.execute(request(List.of()));

    assertThat(sleeps)
        .containsExactly(Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800));
    verify(athena, times(4)).getQueryExecution(any(GetQueryExecutionRequest.class));
    ArgumentCaptor<GetQueryResultsRequest> pages =
        ArgumentCaptor.forClass(GetQueryResultsRequest.class);
    verify(athena, times(3)).getQueryResults(pages.capture());
    assertThat(pages.getAllValues())
        .extracting(GetQueryResultsRequest::nextToken)
        .containsExactly(null, "t1", "t2");
    assertThat(pages.getAllValues()).allSatisfy(p -> assertThat(p.maxResults()).isEqualTo(1000));
    assertThat(result.columns())
        .extracting(ResultColumn::type)
        .containsExactly(
            ColumnType.STRING,
            ColumnType.INTEGER,
            ColumnType.DECIMAL,
            ColumnType.DOUBLE,
            ColumnType.DATE,
            ColumnType.TIMESTAMP,
            ColumnType.TIMESTAMP_TZ);
    assertThat(result.columns().get(2).engineType()).isEqualTo("decimal(38,2)");
    assertThat(result.rows()).hasSize(3);
    assertThat(result.rows().get(0))
        .containsExactly(
            "2024-01",
            104L,
            new BigDecimal("22134.79"),
            36.86332691658696,
            LocalDate.of(2024, 1, 31),
            LocalDateTime.of(2024, 1, 31, 23, 59, 59, 123_456_000),
            OffsetDateTime.of(2024, 2, 1, 6, 0, 0, 0, ZoneOffset.UTC));
    assertThat(result.rows().get(1).get(3)).isEqualTo(-5.5);
    assertThat(result.rows().get(2)).containsExactly("2024-03", null, null, null, null, null, null);
    assertThat(result.truncated()).isFalse();
    assertThat(result.statistics())
        .isEqualTo(new QueryStatistics("athena", ID, 123_456L, null, null, 850L, 40L, 1400));
  }

  @Test
  void rowsBeyondMaxRows_areNotFetched_andTheResultSaysTruncated() {
    started();
    states(execution(QueryExecutionState.SUCCEEDED));
    when(athena.getQueryResults(any(GetQueryResultsRequest.class)))
        .thenReturn(page("t1", row("period"), row("a"), row("b"), row("c")));

    QueryResult result =
        engine.execute(new QueryRequest("q", "SELECT 1", List.of(), Duration.ofSeconds(5), 2));

    assertThat(result.rows()).extracting(r -> r.get(0)).containsExactly("a", "b");
    assertThat(result.truncated()).isTrue();
    verify(athena, times(1)).getQueryResults(any(GetQueryResultsRequest.class));
  }

  @Test
  void failed_carriesAthenasReasonAndCategory_andReadsNoResults() {
    started();
    states(
        execution(QueryExecutionState.RUNNING),
        execution(QueryExecutionState.FAILED).toBuilder()
            .status(
                s ->
                    s.state(QueryExecutionState.FAILED)
                        .stateChangeReason("COLUMN_NOT_FOUND")
                        .athenaError(
                            AthenaError.builder()
                                .errorCategory(2)
                                .errorType(1006)
                                .errorMessage(
                                    "COLUMN_NOT_FOUND: line 1:8: Column 'revenu' cannot be resolved")
                                .build()))
            .build());

    assertThatThrownBy(() -> engine.execute(request(List.of())))
        .isInstanceOf(QueryExecutionException.class)
        .hasMessage(
            "Athena query 'monthly_sales_trend' ("
                + ID
                + ") FAILED: COLUMN_NOT_FOUND: line 1:8: Column 'revenu'"
                + " cannot be resolved [user error 1006] (workgroup reports, database pricing_intelligence_dev)")
        .satisfies(
            e -> assertThat(((QueryExecutionException) e).outcome()).isEqualTo(Outcome.FAILED))
        .satisfies(e -> assertThat(((QueryExecutionException) e).queryId()).isEqualTo(ID));
    verify(athena, never()).getQueryResults(any(GetQueryResultsRequest.class));
  }

  @Test
  void cancelled_isReportedWithTheReason() {
    started();
    states(
        execution(QueryExecutionState.CANCELLED).toBuilder()
            .status(
                s ->
                    s.state(QueryExecutionState.CANCELLED)
                        .stateChangeReason("Query exceeded the workgroup's data usage limit"))
            .build());

    assertThatThrownBy(() -> engine.execute(request(List.of())))
        .isInstanceOf(QueryExecutionException.class)
        .hasMessageContaining(
            "(" + ID + ") was CANCELLED: Query exceeded the workgroup's data usage limit")
        .satisfies(
            e -> assertThat(((QueryExecutionException) e).outcome()).isEqualTo(Outcome.CANCELLED));
  }

  @Test
  void timeout_stopsTheQuery_andFailsWithoutWaitingLonger() {
    started();
    when(athena.getQueryExecution(any(GetQueryExecutionRequest.class)))
        .thenReturn(
            GetQueryExecutionResponse.builder()
                .queryExecution(execution(QueryExecutionState.RUNNING))
                .build());
    when(athena.stopQueryExecution(any(StopQueryExecutionRequest.class)))
        .thenReturn(StopQueryExecutionResponse.builder().build());

    assertThatThrownBy(
            () ->
                engine.execute(
                    new QueryRequest("slow", "SELECT 1", List.of(), Duration.ofSeconds(5), 10)))
        .isInstanceOf(QueryExecutionException.class)
        .hasMessageContaining(
            "Athena query 'slow' ("
                + ID
                + ") did not finish within 5 s and was stopped (StopQueryExecution)")
        .satisfies(
            e -> assertThat(((QueryExecutionException) e).outcome()).isEqualTo(Outcome.TIMED_OUT));

    ArgumentCaptor<StopQueryExecutionRequest> stop =
        ArgumentCaptor.forClass(StopQueryExecutionRequest.class);
    verify(athena).stopQueryExecution(stop.capture());
    assertThat(stop.getValue().queryExecutionId()).isEqualTo(ID);
    assertThat(sleeps.stream().mapToLong(Duration::toMillis).sum()).isEqualTo(5_000);
    assertThat(sleeps)
        .contains(Duration.ofSeconds(2))
        .allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(2)));
    verify(athena, never()).getQueryResults(any(GetQueryResultsRequest.class));
  }

  @Test
  void startRefused_orServiceUnreachable_areTranslated() {
    doThrow(
            InvalidRequestException.builder()
                .awsErrorDetails(
                    AwsErrorDetails.builder()
                        .errorMessage("WorkGroup reports is disabled.")
                        .build())
                .build())
        .when(athena)
        .startQueryExecution(any(StartQueryExecutionRequest.class));
    assertThatThrownBy(() -> engine.execute(request(List.of())))
        .isInstanceOf(QueryExecutionException.class)
        .hasMessage(
            "Athena refused query 'monthly_sales_trend': WorkGroup reports is disabled. (workgroup reports, database pricing_intelligence_dev)")
        .satisfies(
            e -> assertThat(((QueryExecutionException) e).outcome()).isEqualTo(Outcome.FAILED));

    doThrow(
            AthenaException.builder()
                .awsErrorDetails(
                    AwsErrorDetails.builder()
                        .errorMessage(
                            "User is not authorized to perform: athena:StartQueryExecution")
                        .build())
                .build())
        .when(athena)
        .startQueryExecution(any(StartQueryExecutionRequest.class));
    assertThatThrownBy(() -> engine.execute(request(List.of())))
        .hasMessageContaining(
            "Cannot start Athena query 'monthly_sales_trend' (workgroup reports, database pricing_intelligence_dev): User is not authorized")
        .satisfies(
            e ->
                assertThat(((QueryExecutionException) e).outcome()).isEqualTo(Outcome.UNAVAILABLE));
  }

  @Test
  void invalidSettings_areRefused() {
    assertThatThrownBy(() -> AthenaEngineSettings.of("bad group!", "db", null))
        .hasMessage(
            "Invalid Athena workgroup: 'bad group!', must be letters, digits, '.', '_' or '-'");
    assertThatThrownBy(() -> AthenaEngineSettings.of("primary", "db; drop", null))
        .hasMessageContaining("Invalid Athena database: 'db; drop'");
    assertThatThrownBy(() -> AthenaEngineSettings.of("primary", "db", "/tmp/results"))
        .hasMessageContaining("must start with s3://");
  }
}
