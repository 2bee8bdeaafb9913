package io.salesflow.athenaquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salesflow.bootstrap.SchemaBootstrapService;
import io.salesflow.core.table.SalesHistoryTable;
import io.salesflow.core.table.SalesTables;
import io.salesflow.localstack.LocalStack;
import io.salesflow.localstack.sample.SampleErrorsGenerator;
import io.salesflow.localstack.sample.SampleSale;
import io.salesflow.localstack.sample.SampleSalesGenerator;
import io.salesflow.localstack.sample.SampleTableWriter;
import io.salesflow.localstack.trino.LocalTrino;
import io.salesflow.localstack.trino.LocalTrinoExtension;
import io.salesflow.query.InvalidQueryRequestException;
import io.salesflow.query.QueryLibrary;
import io.salesflow.query.engine.QueryEngine;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The handler end to end on the local stand-ins: Trino as the engine (built from configuration, as
 * a local run does), the library from the class path, reports written to S3Proxy.
 */
@ExtendWith(LocalTrinoExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AthenaQueryHandlerIT {

  private static final String DATABASE = "athena_query_it";
  private static final String TENANT = "carousel-labs";
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2025-01-02T08:30:00Z"), ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LocalStack stack;
  private final LocalTrino trino;
  private List<SampleSale> sales;
  private AthenaQueryHandler handler;

  AthenaQueryHandlerIT(LocalStack stack, LocalTrino trino) {
    this.stack = stack;
    this.trino = trino;
  }

  @BeforeAll
  void setUp() {
    Catalog catalog = CatalogUtil.buildIcebergCatalog("it", stack.catalogProperties(), null);
    SalesTables tables =
        new SalesTables(
            DATABASE, stack.warehouse() + "/" + DATABASE, SalesHistoryTable.DEFAULT_KEY_COLUMNS);
    new SchemaBootstrapService(catalog).bootstrap(tables.all(), false);
    sales = SampleSalesGenerator.builder().seed(21).count(2_000).build().generate();
    SampleTableWriter.appendSales(catalog.loadTable(tables.salesHistory().identifier()), sales);
    SampleTableWriter.appendErrors(
        catalog.loadTable(tables.errors().identifier()),
        SampleErrorsGenerator.generate(5, 40, LocalDateTime.of(2025, 1, 2, 0, 0), 5));
    AthenaQueryConfig config = AthenaQueryConfig.from(env());
    QueryEngine engine =
        QueryEngines.create(
            config,
            () -> {
              throw new AssertionError("no Athena locally");
            });
    handler =
        new AthenaQueryHandler(
            config, QueryLibrary.fromClasspath(), engine, stack.s3Client(), CLOCK);
  }

  private Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("SALESFLOW_STAGE", "it");
    env.put("SALESFLOW_DATABASE", DATABASE);
    env.put("SALESFLOW_ANALYTICS_BUCKET", stack.bucket());
    env.put("SALESFLOW_QUERY_ENGINE", "trino");
    env.put("SALESFLOW_TRINO_URL", trino.jdbcUrl(null));
    env.put("SALESFLOW_S3_ENDPOINT", stack.s3Endpoint().toString());
    env.put("AWS_REGION", stack.region());
    return env;
  }

  private String object(String location) {
    String key = location.substring(("s3://" + stack.bucket() + "/").length());
    return stack.s3Client().getObjectAsBytes(b -> b.bucket(stack.bucket()).key(key)).asUtf8String();
  }

  private List<String> keys(String prefix) {
    return stack
        .s3Client()
        .listObjectsV2(b -> b.bucket(stack.bucket()).prefix(prefix))
        .contents()
        .stream()
        .map(S3Object::key)
        .toList();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> reports(Map<String, Object> response) {
    return (List<Map<String, Object>>) response.get("reports");
  }

  @Test
  void onDemand_writesTheReport_andReturnsItsLocations() throws IOException {
    Map<String, Object> response = handler.handleRequest(Events.load("on-demand.json"), null);

    Map<String, Object> report = reports(response).get(0);
    long months =
        sales.stream()
            .filter(s -> s.tenantId().equals(TENANT))
            .map(s -> s.year() * 100 + s.month())
            .distinct()
            .count();
    assertThat(report)
        .containsEntry("query", "monthly_sales_trend")
        .containsEntry("rows", (int) months);
    String csv = (String) report.get("csv");
    assertThat(csv)
        .startsWith("s3://" + stack.bucket() + "/reports/2025/01/02/monthly_sales_trend/083000-");
    assertThat(object(csv).split("\r\n")).hasSize((int) months + 1);
    assertThat(object(csv))
        .startsWith(
            "period,year,month,sales_count,revenue,avg_price,previous_revenue,revenue_change_pct\r\n2023-01,2023,1,");
    JsonNode json = JSON.readTree(object((String) report.get("json")));
    assertThat(json.get("rows")).hasSize((int) months);
    long tenantSales = sales.stream().filter(s -> s.tenantId().equals(TENANT)).count();
    long total = 0;
    for (JsonNode row : json.get("rows")) {
      total += row.get("sales_count").asLong();
    }
    assertThat(total).isEqualTo(tenantSales);
    assertThat(json.get("statistics").get("engine").asText()).isEqualTo("trino");
    assertThat(object((String) report.get("summary")))
        .contains("<h1>Monthly sales trend</h1>")
        .contains("<svg")
        .contains("<polyline");
    @SuppressWarnings("unchecked")
    Map<String, Object> statistics = (Map<String, Object>) report.get("statistics");
    assertThat(((Number) statistics.get("rowsScanned")).longValue()).isEqualTo(sales.size());
  }

  @Test
  void schedule_runsItsQueries_oneFailingDoesNotStopTheOthers() {
    // The event's time (2025-01-02) puts time travel's default as_of before this table existed.
    assertThatThrownBy(() -> handler.handleRequest(Events.load("scheduled-daily.json"), null))
        .isInstanceOf(ReportRunException.class)
        .hasMessageContaining(
            "1 of 5 queries of run 53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa failed (4 reports written)")
        .hasMessageContaining("time_travel_comparison")
        .hasMessageContaining("No version history");
    List<String> written = keys("reports/2025/01/02/");
    for (String query :
        List.of(
            "data_quality_check", "errors_by_reason", "files_per_partition", "table_snapshots")) {
      assertThat(written)
          .contains(
              "reports/2025/01/02/"
                  + query
                  + "/060000-53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa/summary.html");
    }

    Map<String, Object> event = new HashMap<>(Events.load("scheduled-daily.json"));
    event.put("id", "second-run");
    event.put("detail", Map.of("parameters", Map.of("as_of", Instant.now().toString())));
    Map<String, Object> response = handler.handleRequest(event, null);

    assertThat(reports(response))
        .extracting(r -> r.get("query"))
        .containsExactly(
            "data_quality_check",
            "errors_by_reason",
            "files_per_partition",
            "table_snapshots",
            "time_travel_comparison");
    assertThat(response).containsEntry("schedule", "daily").containsEntry("failed", List.of());
    Map<String, Object> errors = reports(response).get(1);
    assertThat(errors.get("parameters").toString())
        .contains("since=2024-12-26", "until=2025-01-03");
    assertThat((int) errors.get("rows")).isPositive();
  }

  @Test
  void badInput_isRefusedWithClearMessages_andWritesNothing() {
    int before = keys("reports/").size();

    assertThatThrownBy(() -> handler.handleRequest(Map.of("query", "top_brands"), null))
        .isInstanceOf(InvalidQueryRequestException.class)
        .hasMessageContaining(
            "Unknown query 'top_brands'; available queries: brand_performance_by_season");
    assertThatThrownBy(
            () ->
                handler.handleRequest(
                    Map.of("query", "source_comparison", "parameters", Map.of("year", "twenty")),
                    null))
        .isInstanceOf(InvalidQueryRequestException.class)
        .hasMessageContaining(
            "Missing parameter 'tenant_id' (string: Tenant to report on) for query 'source_comparison'")
        .hasMessageContaining(
            "Invalid parameter 'year' for query 'source_comparison': 'twenty' is not a whole number");

    assertThat(keys("reports/")).hasSize(before);
  }

  @Test
  void injectionAttempt_isJustATenantWithNoSales() {
    Map<String, Object> response =
        handler.handleRequest(
            Map.of(
                "query",
                "source_comparison",
                "parameters",
                Map.of("tenant_id", "' OR 1=1 --", "year", 2024)),
            null);

    assertThat(reports(response).get(0)).containsEntry("rows", 0);
    assertThat(
            handler.handleRequest(
                Map.of(
                    "query",
                    "source_comparison",
                    "parameters",
                    Map.of("tenant_id", TENANT, "year", 2024)),
                null))
        .satisfies(r -> assertThat(reports(r).get(0)).containsEntry("rows", 2));
  }
}
