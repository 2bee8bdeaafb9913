package io.salesflow.query.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salesflow.query.ChartSpec;
import io.salesflow.query.engine.ColumnType;
import io.salesflow.query.engine.QueryResult;
import io.salesflow.query.engine.QueryStatistics;
import io.salesflow.query.engine.ResultColumn;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReportRendererTest {

  private static final QueryStatistics STATS =
      new QueryStatistics("trino", "20250101_000000_00001_abcde", 2048L, 120L, 3L, 250L, 0L, 300L);

  private static QueryResult result(List<List<Object>> rows) {
    return new QueryResult(
        List.of(
            new ResultColumn("period", ColumnType.STRING, "varchar"),
            new ResultColumn("brand", ColumnType.STRING, "varchar"),
            new ResultColumn("revenue", ColumnType.DECIMAL, "decimal(38,2)"),
            new ResultColumn("change_pct", ColumnType.DOUBLE, "double"),
            new ResultColumn("last_sale", ColumnType.TIMESTAMP, "timestamp(6)")),
        rows,
        false,
        STATS);
  }

  private static List<Object> row(Object... values) {
    return new ArrayList<>(Arrays.asList(values));
  }

  private static Report report(QueryResult result, Optional<ChartSpec> chart) {
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("tenant_id", "carousel-labs");
    parameters.put("year", 2024L);
    return new Report(
        "monthly_sales_trend",
        "Monthly sales trend",
        "Volume & price <evolution>",
        parameters,
        "2024 (as requested)",
        chart,
        result,
        Instant.parse("2025-01-01T06:00:00Z"),
        "run-1");
  }

  private static final QueryResult SAMPLE =
      result(
          List.of(
              row(
                  "2024-01",
                  "Levi's, \"501\"",
                  new BigDecimal("22134.79"),
                  null,
                  LocalDateTime.of(2024, 1, 31, 23, 59, 59, 123_456_000)),
              row("2024-02", "=HYPERLINK(\"http://x\")", new BigDecimal("-30294.10"), -5.5, null),
              row("2024-03", "Hermès\nline two", new BigDecimal("0.00"), 36.86332691658696, null)));

  private static Map<String, ReportFile> render(Report report) {
    Map<String, ReportFile> files = new LinkedHashMap<>();
    ReportRenderer.render(report).forEach(f -> files.put(f.name(), f));
    return files;
  }

  @Test
  void rendersCsvJsonAndHtml() {
    Map<String, ReportFile> files = render(report(SAMPLE, Optional.empty()));

    assertThat(files).containsOnlyKeys("result.csv", "result.json", "summary.html");
    assertThat(files.get("result.csv").contentType()).isEqualTo("text/csv; charset=utf-8");
    assertThat(files.get("result.json").contentType()).isEqualTo("application/json; charset=utf-8");
    assertThat(files.get("summary.html").contentType()).isEqualTo("text/html; charset=utf-8");
  }

  @Test
  void csv_quotesWhatNeedsQuoting_keepsDecimalsExact_andDefusesFormulas() {
    String csv = render(report(SAMPLE, Optional.empty())).get("result.csv").text();

    assertThat(csv.split("\r\n", -1))
        .containsExactly(
            "period,brand,revenue,change_pct,last_sale",
            "2024-01,\"Levi's, \"\"501\"\"\",22134.79,,2024-01-31T23:59:59.123456",
            "2024-02,\"'=HYPERLINK(\"\"http://x\"\")\",-30294.10,-5.5,",
            "2024-03,\"Hermès\nline two\",0.00,36.86332691658696,",
            "");
  }

  @Test
  void json_holdsExactNumbers_isoTimes_statisticsAndColumns() throws IOException {
    JsonNode json =
        new ObjectMapper()
            .readTree(render(report(SAMPLE, Optional.empty())).get("result.json").content());

    assertThat(json.get("query").asText()).isEqualTo("monthly_sales_trend");
    assertThat(json.get("parameters").get("year").asLong()).isEqualTo(2024);
    assertThat(json.get("period").asText()).isEqualTo("2024 (as requested)");
    assertThat(json.get("statistics").get("bytesScanned").asLong()).isEqualTo(2048);
    assertThat(json.get("statistics").get("splitsScanned").asLong()).isEqualTo(3);
    assertThat(json.get("columns").get(2).get("engineType").asText()).isEqualTo("decimal(38,2)");
    assertThat(json.get("rowCount").asInt()).isEqualTo(3);
    JsonNode first = json.get("rows").get(0);
    assertThat(first.get("revenue").isNumber()).isTrue();
    assertThat(first.get("revenue").decimalValue()).isEqualByComparingTo("22134.79");
    assertThat(first.get("change_pct").isNull()).isTrue();
    assertThat(first.get("last_sale").asText()).isEqualTo("2024-01-31T23:59:59.123456");
    assertThat(json.get("rows").get(1).get("brand").asText()).isEqualTo("=HYPERLINK(\"http://x\")");
  }

  @Test
  void html_escapesText_showsParametersAndStatistics_andChartsTrends() {
    String html =
        render(
                report(
                    SAMPLE,
                    Optional.of(
                        new ChartSpec("line", "period", List.of("revenue"), Optional.empty()))))
            .get("summary.html")
            .text();

    assertThat(html)
        .contains("<h1>Monthly sales trend</h1>")
        .contains("Volume &amp; price &lt;evolution&gt;")
        .contains("carousel-labs")
        .contains("<td><b>Period</b></td><td>2024 (as requested)</td>")
        .contains("2.0 KiB")
        .contains("Levi&#39;s, &quot;501&quot;")
        .doesNotContain("<evolution>")
        .contains("<svg")
        .contains("<polyline");
  }

  @Test
  void chart_withSeries_drawsOneLinePerSeriesValue() {
    String svg =
        SvgChart.render(
                new ChartSpec("line", "period", List.of("revenue"), Optional.of("brand")),
                result(
                    List.of(
                        row("2024-01", "A", new BigDecimal("10"), null, null),
                        row("2024-01", "B", new BigDecimal("20"), null, null),
                        row("2024-02", "A", new BigDecimal("15"), null, null))))
            .orElseThrow();

    assertThat(svg.split("<polyline", -1)).hasSize(3);
    assertThat(svg).contains(">A</text>").contains(">B</text>");
  }

  @Test
  void chart_isLeftOut_whenColumnsAreMissing_orThereIsNothingToDraw() {
    assertThat(
            SvgChart.render(
                new ChartSpec("line", "month", List.of("revenue"), Optional.empty()), SAMPLE))
        .isEmpty();
    assertThat(
            SvgChart.render(
                new ChartSpec("bar", "period", List.of("revenue"), Optional.empty()),
                result(List.of())))
        .isEmpty();
    String html = render(report(SAMPLE, Optional.empty())).get("summary.html").text();
    assertThat(html).doesNotContain("<svg");
  }

  @Test
  void html_showsTheFirstHundredRows_andSaysWhereTheRestIs() {
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      rows.add(row("p" + i, "b", BigDecimal.ONE, 1.0, null));
    }
    String html = render(report(result(rows), Optional.empty())).get("summary.html").text();

    assertThat(html).contains(">p99<").doesNotContain(">p100<").contains("First 100 of 150 rows");
  }
}
