package io.salesflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salesflow.bootstrap.SchemaBootstrapService;
import io.salesflow.cli.connection.LocalEnvironment;
import io.salesflow.core.catalog.CatalogFactory;
import io.salesflow.core.config.SalesflowConfig;
import io.salesflow.localstack.LocalStack;
import io.salesflow.localstack.LocalStackExtension;
import io.salesflow.localstack.sample.SampleErrorsGenerator;
import io.salesflow.localstack.sample.SampleSale;
import io.salesflow.localstack.sample.SampleSalesGenerator;
import io.salesflow.localstack.sample.SampleTableWriter;
import io.salesflow.localstack.trino.JdkLocator;
import io.salesflow.localstack.trino.LocalTrinoException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.iceberg.catalog.Catalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** `./salesflow demo` end to end in its own JVM, with small N. */
@ExtendWith(LocalStackExtension.class)
class DemoIT {

  /** How {@code demo --keep} gives the kept Trino's JDBC URL. */
  private static final String TRINO_KEPT = "Trino (the query library's engine) stays up too: ";

  /** Stage of the tables the first test gives the demo: its own database and warehouse. */
  private static final String STAGE = "demoit";

  private final LocalStack stack;
  @TempDir Path dir;

  DemoIT(LocalStack stack) {
    this.stack = stack;
  }

  /**
   * Tables with sales already in them (3000 over the 24 months up to now, 20 % with embeddings, a
   * few anomalies, one commit) and 40 rejected records: the echo handler ingests nothing, so this
   * is what the demo's query phase reports on. Returns the sales written.
   */
  private List<SampleSale> tablesWithSales() {
    Map<String, String> env = new HashMap<>(LocalEnvironment.of(stack));
    env.put(SalesflowConfig.STAGE, STAGE);
    env.put(SalesflowConfig.WAREHOUSE, stack.warehouse() + "/" + STAGE);
    SalesflowConfig config = SalesflowConfig.from(env);
    Catalog catalog = CatalogFactory.build(config.catalog());
    try {
      new SchemaBootstrapService(catalog).bootstrap(config.tables().all(), false);
      var sales =
          SampleSalesGenerator.builder()
              .seed(11)
              .count(3_000)
              .months(YearMonth.now(ZoneOffset.UTC).minusMonths(23), 24)
              .build()
              .generate();
      SampleTableWriter.appendSales(
          catalog.loadTable(config.tables().salesHistory().identifier()), sales);
      SampleTableWriter.appendErrors(
          catalog.loadTable(config.tables().errors().identifier()),
          SampleErrorsGenerator.generate(5, 40, LocalDateTime.now(ZoneOffset.UTC), 3));
      return sales;
    } finally {
      CatalogFactory.close(catalog);
    }
  }

  /** Rows of the demo's sales_history, read through the Trino at {@code jdbcUrl}. */
  private static long salesRows(String jdbcUrl) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", "salesflow");
    try (Connection connection = DriverManager.getConnection(jdbcUrl, properties);
        Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT count(*) FROM pricing_intelligence_" + STAGE + ".sales_history")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Why local Trino cannot run on this machine (the demo's child finds the same JDKs), if so. */
  private static Optional<String> noJdkForTrino() {
    try {
      JdkLocator.forThisMachine().locate();
      return Optional.empty();
    } catch (LocalTrinoException e) {
      return Optional.of(e.getMessage());
    }
  }

  private List<String> givenEndpoints() {
    List<String> flags =
        new ArrayList<>(
            List.of(
                "--dynamodb-endpoint",
                stack.dynamoDbEndpoint().toString(),
                "--table",
                "demoit_sales"));
    flags.addAll(CliRun.catalogFlags(stack, STAGE));
    return flags;
  }

  @Test
  void demo_withEchoHandler_onTablesWithSales_runsEveryPhase_andWritesTheQueryReports(
      TestReporter reporter) throws Exception {
    // given
    List<SampleSale> tableSales = tablesWithSales();
    Path reports = dir.resolve("reports");
    Optional<String> noJdk = noJdkForTrino();

    // when
    JsonNode summary;
    String out;
    List<String> args =
        Stream.concat(
                Stream.of(
                    "demo",
                    "--records",
                    "150",
                    "--seed",
                    "7",
                    "--handler",
                    "echo",
                    "--batch-size",
                    "25",
                    "--reports-dir",
                    reports.toString(),
                    "--no-backfill",
                    "--keep"),
                givenEndpoints().stream())
            .toList();
    try (ChildCli demo = ChildCli.start(Map.of(), args.toArray(String[]::new))) {
      if (noJdk.isEmpty()) {
        // --keep: the Trino the demo started stays up, with the tables, until SIGTERM
        String kept = demo.awaitLine(TRINO_KEPT, 300);
        String jdbcUrl = kept.substring(TRINO_KEPT.length()).split(" ")[0];
        assertThat(salesRows(jdbcUrl)).as(demo.toString()).isEqualTo(3000);
        demo.terminate(60);
        assertThatThrownBy(() -> salesRows(jdbcUrl)).isInstanceOf(SQLException.class);
      } else {
        // nothing of the demo's own to keep (the endpoints were given): it exits
        assertThat(demo.waitFor(300)).as(demo.toString()).isZero();
      }

      // then
      out = String.join("\n", demo.out());
      assertThat(out).as(demo.toString()).contains("salesflow demo finished in");
      assertThat(out)
          .contains("salesflow demo finished")
          .containsPattern("stack +DONE .*given endpoints")
          .containsPattern(
              "tables +DONE .*DynamoDB demoit_sales created, .*sales_history UNCHANGED")
          .containsPattern("load +DONE .*150 sales, then 3 modifies and 2 deletes")
          .containsPattern("stream +DONE .*155 records through io.salesflow.cli.stream.EchoHandler")
          .containsPattern(
              "verify +DONE .*not compared: io.salesflow.cli.stream.EchoHandler is not the ETL")
          .contains("rows ingested: 3000 in pricing_intelligence_demoit.sales_history");
      // the function's own output went to its log, as Lambda's goes to CloudWatch Logs
      assertThat(out)
          .doesNotContain("INSERT ")
          .contains("function logs: " + reports.resolve("demo-function.log"));
      var functionLog = Files.readAllLines(reports.resolve("demo-function.log"));
      assertThat(functionLog.stream().filter(l -> l.startsWith("INSERT ")).count()).isEqualTo(150);
      assertThat(functionLog.stream().filter(l -> l.startsWith("MODIFY ")).count()).isEqualTo(3);
      assertThat(functionLog.stream().filter(l -> l.startsWith("REMOVE ")).count()).isEqualTo(2);
      summary = new ObjectMapper().readTree(reports.resolve("demo-summary.json").toFile());
    }
    assertThat(summary.get("succeeded").asBoolean()).isTrue();
    assertThat(summary.at("/phases/3/name").asText()).isEqualTo("stream");
    assertThat(summary.at("/phases/3/status").asText()).isEqualTo("DONE");
    assertThat(summary.at("/results/stream records written").asLong()).isEqualTo(155);
    assertThat(Files.readString(reports.resolve("demo-summary.md"))).contains("| load | DONE |");

    if (noJdk.isPresent()) {
      // No JDK 24+: the query phase cannot run local Trino, and says so; nothing else fails.
      String note =
          "NO JDK 24+ on this machine: the demo's query phase was checked to be SKIPPED with the"
              + " reason; its reports were NOT checked. Install a JDK 24+ (e.g. Temurin 25) to"
              + " test them. Locator: "
              + noJdk.get();
      reporter.publishEntry("query phase", note);
      System.err.println("DemoIT: " + note);
      assertThat(out)
          .containsPattern("query +SKIPPED .*cannot run here: .*needs a JDK 24 or newer");
      return;
    }
    assertThat(out)
        .containsPattern(
            "query +DONE .*17 queries ran \\(the sql/ library on Trino\\), 51 report files")
        .containsPattern(
            "query reports: "
                + java.util.regex.Pattern.quote(reports.resolve("queries").toString())
                + "/\\d{4}/\\d{2}/\\d{2} \\(51 files\\)")
        .contains("query summary: " + reports.resolve("query-summary.md"));
    assertThat(summary.at("/phases/5/status").asText()).isEqualTo("DONE");
    // one row per month of last year and this year up to now (every month has sales)
    int trendRows = 12 + YearMonth.now(ZoneOffset.UTC).getMonthValue();
    assertReport(
        reports, "monthly_sales_trend", "period,year,month,sales_count,revenue", trendRows);
    assertReport(reports, "data_quality_check", "check_name,failing_rows,total_rows", 14);
    // The pages as a reader sees them, in headless Chromium: the index of the run (a chart for
    // each trend query, an anchor and CSV/JSON/HTML links for each of the 17 queries) and one
    // query's summary with its chart.
    try (ReportBrowser browser = ReportBrowser.start(Path.of("target", "browser"))) {
      assertThat(browser.check(reports.resolve("index.html"), 4))
          .as("links on index.html")
          .isGreaterThanOrEqualTo(17 * (1 + 3));
      browser.check(reportDir(reports, "monthly_sales_trend").resolve("summary.html"), 1);
    }
    String querySummary = Files.readString(reports.resolve("query-summary.md"));
    assertThat(querySummary)
        .contains("17 queries ran, 0 failed, 0 skipped")
        .contains("| monthly_sales_trend | RAN | " + trendRows + " |");
    // The similarity query compares with a sale of the table (with an embedding), not one of the
    // 150 the demo loaded into DynamoDB (the echo handler ingests nothing).
    Matcher similarity =
        Pattern.compile(
                "\\| embedding_similarity_candidates \\| RAN \\| \\d+ .*product_id=([^,| ]+)")
            .matcher(querySummary);
    assertThat(similarity.find()).as(querySummary).isTrue();
    assertThat(tableSales)
        .filteredOn(SampleSale::hasEmbedding)
        .extracting(SampleSale::productId)
        .contains(similarity.group(1));
  }

  /** The query's report directory holds a CSV with {@code rows} rows, its JSON and summary. */
  private static void assertReport(Path reports, String query, String header, int rows)
      throws IOException {
    Path dir = reportDir(reports, query);
    List<String> csv = Files.readAllLines(dir.resolve("result.csv"));
    assertThat(csv.get(0)).as(query).startsWith(header);
    assertThat(csv).as(query).hasSize(rows + 1);
    assertThat(dir.resolve("result.json")).isNotEmptyFile();
    assertThat(Files.readString(dir.resolve("summary.html"))).as(query).contains(query);
  }

  /** The directory of the query's latest report: {@code queries/yyyy/MM/dd/<query>/<run>}. */
  private static Path reportDir(Path reports, String query) throws IOException {
    try (Stream<Path> dirs = Files.walk(reports.resolve("queries"))) {
      return dirs.filter(
              d -> d.getParent() != null && d.getParent().getFileName().toString().equals(query))
          .findFirst()
          .orElseThrow(() -> new AssertionError("No report directory for " + query));
    }
  }

  @Test
  void demo_backfillsTheSalesThatPredateTheStream_thenStreamsTheChanges_andTheTablesMatch()
      throws Exception {
    // when: the default story, without the query phase (another test runs it)
    try (ChildCli demo =
        ChildCli.start(
            Map.of(),
            "demo",
            "--records",
            "300",
            "--seed",
            "3",
            "--query-phase",
            "io.salesflow.cli.query.NoSuchQueryPhase",
            "--reports-dir",
            dir.resolve("reports").toString())) {
      int code = demo.waitFor(240);

      // then: the sales were in DynamoDB before its stream existed, so only a backfill brings
      // them; the stream carries only the changes made after
      assertThat(code).as(demo.toString()).isZero();
      String out = String.join("\n", demo.out());
      assertThat(out)
          .containsPattern("tables +DONE .*DynamoDB sales created, .*sales_history CREATED")
          .containsPattern(
              "load +DONE .*300 sales before the pipeline \\(backfilled\\), then 6 modifies and 3"
                  + " deletes streamed")
          .containsPattern("stream +DONE .*9 records through io.salesflow.etl.StreamEtlHandler")
          .containsPattern("verify +DONE .*tables match the loaded data")
          .containsPattern(
              "backfilled \\(sales before the stream\\): \\d+ rows from a Scan of sales in \\d+"
                  + " ms, \\d+ rejected")
          .contains("stream records written: 9");
    }
  }
}
