package io.salesflow.athenaquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesflow.query.InvalidQueryRequestException;
import io.salesflow.query.LatestPeriodLookup;
import io.salesflow.query.QueryLibrary;
import io.salesflow.query.engine.ColumnType;
import io.salesflow.query.engine.QueryEngine;
import io.salesflow.query.engine.QueryExecutionException;
import io.salesflow.query.engine.QueryExecutionException.Outcome;
import io.salesflow.query.engine.QueryRequest;
import io.salesflow.query.engine.QueryResult;
import io.salesflow.query.engine.QueryStatistics;
import io.salesflow.query.engine.ResultColumn;
import io.salesflow.query.report.ReportFile;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AthenaQueryServiceTest {

  private static final QueryLibrary LIBRARY = QueryLibrary.fromClasspath();
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2025-02-03T10:15:30Z"), ZoneOffset.UTC);

  private final List<QueryRequest> requests = new ArrayList<>();
  private final Map<String, ReportFile> stored = new LinkedHashMap<>();
  private final ReportStore store =
      (key, file) -> {
        stored.put(key, file);
        return "s3://reports-bucket/" + key;
      };

  private String failing = "";

  private final QueryEngine engine =
      new QueryEngine() {
        @Override
        public String name() {
          return "athena";
        }

        @Override
        public QueryResult execute(QueryRequest request) {
          requests.add(request);
          if (request.sql().equals(LatestPeriodLookup.SQL)) {
            // the table's newest month: January 2025
            return new QueryResult(
                List.of(new ResultColumn("latest", ColumnType.INTEGER, "integer")),
                List.of(List.of(202501L)),
                false,
                new QueryStatistics("athena", "q-0", 0L, null, null, 100L, 10L, 200));
          }
          if (request.label().equals(failing)) {
            throw new QueryExecutionException(
                Outcome.FAILED, "q-1", "Athena query '" + failing + "' (q-1) FAILED: boom");
          }
          return new QueryResult(
              List.of(
                  new ResultColumn("period", ColumnType.STRING, "varchar"),
                  new ResultColumn("revenue", ColumnType.DECIMAL, "decimal(38,2)")),
              List.of(
                  List.of("2024-01", new BigDecimal("10.00")),
                  List.of("2024-02", new BigDecimal("12.50"))),
              false,
              new QueryStatistics("athena", "q-1", 4096L, null, null, 700L, 20L, 900));
        }
      };

  private AthenaQueryService service(Map<String, String> extraEnv) {
    Map<String, String> env =
        new LinkedHashMap<>(
            Map.of("SALESFLOW_STAGE", "dev", "SALESFLOW_ANALYTICS_BUCKET", "reports-bucket"));
    env.putAll(extraEnv);
    return new AthenaQueryService(LIBRARY, engine, store, AthenaQueryConfig.from(env));
  }

  private static RunRequest onDemand(String query, Map<String, Object> parameters) {
    return new RunRequest(
        RunRequest.Trigger.ON_DEMAND,
        Optional.of(query),
        Optional.empty(),
        parameters,
        CLOCK.instant(),
        "req-42");
  }

  @Test
  void onDemand_writesCsvJsonAndSummary_underADatedPrefix_andReturnsLocationsAndStatistics() {
    RunResult result =
        service(Map.of())
            .run(
                onDemand("monthly_sales_trend", Map.of("tenant_id", "carousel-labs")),
                () -> 900_000);

    String prefix = "reports/2025/02/03/monthly_sales_trend/101530-req-42/";
    assertThat(stored)
        .containsOnlyKeys(prefix + "result.csv", prefix + "result.json", prefix + "summary.html");
    assertThat(stored.get(prefix + "summary.html").text()).contains("<svg");
    Map<String, Object> response = result.toMap();
    assertThat(response).containsEntry("runId", "req-42").containsEntry("trigger", "on-demand");
    @SuppressWarnings("unchecked")
    Map<String, Object> report = ((List<Map<String, Object>>) response.get("reports")).get(0);
    assertThat(report)
        .containsEntry("query", "monthly_sales_trend")
        .containsEntry("rows", 2)
        .containsEntry("csv", "s3://reports-bucket/" + prefix + "result.csv")
        .containsEntry("json", "s3://reports-bucket/" + prefix + "result.json")
        .containsEntry("summary", "s3://reports-bucket/" + prefix + "summary.html");
    assertThat(report.get("parameters").toString()).contains("year_from=2024", "year_to=2025");
    assertThat(report.get("statistics").toString())
        .contains("bytesScanned=4096", "engineTimeMillis=700");
    assertThat(report)
        .containsEntry("period", "2024 to 2025 (the latest year holding data in sales_history)");
    assertThat(stored.get(prefix + "summary.html").text())
        .contains("2024 to 2025 (the latest year holding data in sales_history)");
    // the latest-period lookup (the defaults year_from/year_to follow the data), then the query
    assertThat(requests).extracting(QueryRequest::sql).first().isEqualTo(LatestPeriodLookup.SQL);
    assertThat(requests.subList(1, requests.size()))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.timeout()).isEqualTo(Duration.ofMinutes(10));
              assertThat(r.maxRows()).isEqualTo(100_000);
            });
  }

  @Test
  void timeout_isCappedByTheLambdaTimeLeft_andNothingStartsWithoutEnough() {
    service(Map.of()).run(onDemand("table_history", Map.of()), () -> 80_000);
    assertThat(requests.get(0).timeout()).isEqualTo(Duration.ofSeconds(60));

    assertThatThrownBy(
            () -> service(Map.of()).run(onDemand("table_history", Map.of()), () -> 21_000))
        .isInstanceOf(QueryExecutionException.class)
        .hasMessageContaining("Not started: only 21000 ms of Lambda time left");
    assertThat(requests).hasSize(1);
  }

  @Test
  void badInput_runsNothing() {
    assertThatThrownBy(() -> service(Map.of()).run(onDemand("nope", Map.of()), () -> 900_000))
        .isInstanceOf(InvalidQueryRequestException.class)
        .hasMessageContaining("Unknown query 'nope'; available queries:");
    assertThatThrownBy(
            () ->
                service(Map.of())
                    .run(onDemand("monthly_sales_trend", Map.of("year_from", "x")), () -> 900_000))
        .isInstanceOf(InvalidQueryRequestException.class)
        .hasMessageContaining("Missing parameter 'tenant_id'")
        .hasMessageContaining(
            "Invalid parameter 'year_from' for query 'monthly_sales_trend': 'x' is not a whole number");
    RunRequest schedule =
        new RunRequest(
            RunRequest.Trigger.SCHEDULE,
            Optional.empty(),
            Optional.of("monthly"),
            Map.of("year", 2024),
            CLOCK.instant(),
            "e-1");
    assertThatThrownBy(() -> service(Map.of()).run(schedule, () -> 900_000))
        .hasMessageContaining(
            "Missing parameter 'tenant_id' (string: Tenant to report on) for query 'brand_performance_by_season'");
    RunRequest typo =
        new RunRequest(
            RunRequest.Trigger.SCHEDULE,
            Optional.empty(),
            Optional.of("daily"),
            Map.of("tenant", "t"),
            CLOCK.instant(),
            "e-1");
    assertThatThrownBy(() -> service(Map.of()).run(typo, () -> 900_000))
        .hasMessageContaining(
            "Unknown parameters [tenant] for schedule 'daily'; its queries take: [as_of, max_plausible_price,");
    assertThat(requests).isEmpty();
    assertThat(stored).isEmpty();
  }

  @Test
  void schedule_runsEveryQuery_andAFailureDoesNotStopTheOthers_butFailsTheRun() {
    failing = "files_per_partition";
    RunRequest daily =
        new RunRequest(
            RunRequest.Trigger.SCHEDULE,
            Optional.empty(),
            Optional.of("daily"),
            Map.of(),
            CLOCK.instant(),
            "e-1");

    assertThatThrownBy(
            () ->
                service(Map.of("SALESFLOW_REPORT_PREFIX", "ops/reports")).run(daily, () -> 900_000))
        .isInstanceOf(ReportRunException.class)
        .hasMessageContaining(
            "1 of 5 queries of run e-1 failed (4 reports written): files_per_partition: Athena query 'files_per_partition' (q-1) FAILED: boom");

    assertThat(requests)
        .extracting(QueryRequest::label)
        .containsExactly(
            "lookup: latest period",
            "data_quality_check",
            "errors_by_reason",
            "files_per_partition",
            "table_snapshots",
            "time_travel_comparison");
    assertThat(stored.keySet())
        .hasSize(12)
        .allSatisfy(k -> assertThat(k).startsWith("ops/reports/2025/02/03/"));
    assertThat(stored.keySet()).noneMatch(k -> k.contains("files_per_partition"));
  }

  @Test
  void onDemandFailure_isTheEnginesException() {
    failing = "table_history";

    assertThatThrownBy(
            () -> service(Map.of()).run(onDemand("table_history", Map.of()), () -> 900_000))
        .isInstanceOf(QueryExecutionException.class)
        .hasMessage("Athena query 'table_history' (q-1) FAILED: boom");
  }
}
