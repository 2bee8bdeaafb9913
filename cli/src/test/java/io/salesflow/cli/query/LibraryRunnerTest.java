package io.salesflow.cli.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesflow.athenaquery.AthenaQueryService;
import io.salesflow.athenaquery.DirectoryReportStore;
import io.salesflow.core.config.SalesflowConfig;
import io.salesflow.query.QueryLibrary;
import io.salesflow.query.engine.ColumnType;
import io.salesflow.query.engine.QueryEngine;
import io.salesflow.query.engine.QueryExecutionException;
import io.salesflow.query.engine.QueryRequest;
import io.salesflow.query.engine.QueryResult;
import io.salesflow.query.engine.QueryStatistics;
import io.salesflow.query.engine.ResultColumn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole library through athena-query's service, on an engine fake, into a directory. */
class LibraryRunnerTest {

  private static final Instant RUN_TIME = Instant.parse("2026-11-21T10:00:00Z");

  @TempDir Path reports;

  private final List<String> ran = Collections.synchronizedList(new ArrayList<>());

  /** Answers every query with two rows, except {@code b_broken}, which Trino refuses. */
  /** When set, each query counts down and waits for the rest: they must run at the same time. */
  private volatile CountDownLatch together;

  private final QueryEngine engine =
      new QueryEngine() {
        @Override
        public String name() {
          return "trino";
        }

        @Override
        public QueryResult execute(QueryRequest request) {
          ran.add(request.label());
          awaitTheOthers();
          if (request.label().equals("b_broken")) {
            throw new QueryExecutionException(
                QueryExecutionException.Outcome.FAILED,
                "q-1",
                "Trino query 'b_broken' (q-1) FAILED: Column 'nope' cannot be resolved");
          }
          return new QueryResult(
              List.of(new ResultColumn("sales", ColumnType.INTEGER, "bigint")),
              List.of(List.of(3L), List.of(4L)),
              false,
              new QueryStatistics("trino", "q-2", 100L, 7L, 1L, 12L, 0L, 15));
        }
      };

  private void awaitTheOthers() {
    CountDownLatch latch = together;
    if (latch == null) {
      return;
    }
    latch.countDown();
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new QueryExecutionException(
            QueryExecutionException.Outcome.TIMED_OUT,
            "q-3",
            "no other query ran at the same time");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** No sale has an embedding, so the product query cannot be given a product. */
  private final ParameterChooser.Lookups noEmbeddings =
      new ParameterChooser.Lookups() {
        @Override
        public Optional<String> productWithEmbedding(String tenantId) {
          return Optional.empty();
        }

        @Override
        public Optional<LocalDateTime> oldestSnapshot() {
          return Optional.of(LocalDateTime.parse("2026-11-21T09:00:00"));
        }
      };

  private static String query(String name, String params, String where) {
    return "-- name: "
        + name
        + "\n-- title: Query "
        + name
        + "\n-- description: A query of this test's own little library, counting sales.\n"
        + params
        + "SELECT count(*) AS sales FROM sales_history"
        + where
        + "\n";
  }

  private final QueryLibrary library =
      QueryLibrary.of(
          Map.of(
              "a_counts.sql",
              query(
                  "a_counts",
                  "-- param: tenant_id string required | Tenant\n",
                  " WHERE tenant_id = ? /* tenant_id */"),
              "b_broken.sql",
              query("b_broken", "", ""),
              "c_similar.sql",
              query(
                  "c_similar",
                  "-- param: tenant_id string required | Tenant\n"
                      + "-- param: product_id string required | Product\n",
                  " WHERE tenant_id = ? /* tenant_id */ AND product_id = ? /* product_id */"),
              "d_after.sql",
              query(
                  "d_after",
                  "-- param: min_year integer default=2000 min=1970 | First year\n",
                  " WHERE year >= ? /* min_year */")));

  private List<QueryOutcome> runLibrary() {
    SalesflowConfig config =
        SalesflowConfig.from(
            Map.of("SALESFLOW_STAGE", "local", "SALESFLOW_WAREHOUSE", "s3://bucket/warehouse"));
    AthenaQueryService service =
        new AthenaQueryService(
            library,
            engine,
            new DirectoryReportStore(reports),
            QueryLibraryPhase.serviceConfig(config, "jdbc:trino://127.0.0.1:1/iceberg"));
    return new LibraryRunner(library, service, new ParameterChooser("carousel-labs", noEmbeddings))
        .runAll(RUN_TIME, "run1");
  }

  @Test
  void everyQueryRuns_aFailureDoesNotStopTheNext_andAQueryWithoutDataIsSkipped() {
    List<QueryOutcome> outcomes = runLibrary();

    assertThat(outcomes)
        .extracting(QueryOutcome::query, QueryOutcome::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a_counts", QueryOutcome.Status.RAN),
            org.assertj.core.groups.Tuple.tuple("b_broken", QueryOutcome.Status.FAILED),
            org.assertj.core.groups.Tuple.tuple("c_similar", QueryOutcome.Status.SKIPPED),
            org.assertj.core.groups.Tuple.tuple("d_after", QueryOutcome.Status.RAN));
    assertThat(ran).containsExactlyInAnyOrder("a_counts", "b_broken", "d_after");
    assertThat(outcomes.get(1).detail()).contains("Column 'nope' cannot be resolved");
    assertThat(outcomes.get(2).detail())
        .isEqualTo("no sale of tenant carousel-labs with an embedding to compare with");
  }

  @Test
  void twoQueriesRunAtOnce() {
    // every query waits until another one is running too: run one at a time, they would time out
    together = new CountDownLatch(LibraryRunner.CONCURRENT_QUERIES);

    List<QueryOutcome> outcomes = runLibrary();

    assertThat(outcomes.get(0).status()).isEqualTo(QueryOutcome.Status.RAN);
    assertThat(outcomes.get(1).detail()).contains("Column 'nope' cannot be resolved");
    assertThat(outcomes.get(3).status()).isEqualTo(QueryOutcome.Status.RAN);
  }

  @Test
  void reportsAreWrittenUnderTheDirectory_keyedLikeTheLambdasS3Keys() throws Exception {
    QueryOutcome counts = runLibrary().get(0);

    Path dir = reports.resolve("queries/2026/11/21/a_counts/100000-run1");
    assertThat(counts.rows()).isEqualTo(2);
    assertThat(counts.parameters()).containsExactly(Map.entry("tenant_id", "carousel-labs"));
    assertThat(counts.reportDir()).contains(dir);
    assertThat(counts.files())
        .containsExactly(
            dir.resolve("result.csv"), dir.resolve("result.json"), dir.resolve("summary.html"));
    assertThat(Files.readString(dir.resolve("result.csv"))).startsWith("sales\r\n3\r\n4");
    assertThat(Files.readString(dir.resolve("result.json"))).contains("\"tenant_id\"");
    assertThat(Files.readString(dir.resolve("summary.html"))).contains("carousel-labs");
  }

  @Test
  void result_countsRunFailedAndSkipped_andListsEveryReportFile() {
    List<QueryOutcome> outcomes = runLibrary();
    Path summary =
        QueryRunSummary.write(reports, library, "Trino at test", RUN_TIME, "run1", outcomes);

    QueryPhaseResult result = QueryPhaseResult.of(outcomes, summary);

    assertThat(result.queriesRun()).isEqualTo(2);
    assertThat(result.queriesFailed()).isEqualTo(1);
    assertThat(result.queriesSkipped()).isEqualTo(1);
    assertThat(result.files()).hasSize(6).allSatisfy(f -> assertThat(f).isRegularFile());
    assertThat(result.summary()).isEqualTo(reports.resolve("query-summary.md"));
    assertThat(QueryPhaseText.commonDirectory(result.files()))
        .contains(reports.resolve("queries/2026/11/21"));
    assertThat(QueryPhaseText.failures(result))
        .startsWith("b_broken (Trino query 'b_broken' (q-1) FAILED");
  }

  @Test
  void summaryAndConsoleTable_nameEachQueryWithItsRowsAndWhereItsReportIs() throws Exception {
    List<QueryOutcome> outcomes = runLibrary();
    QueryPhaseResult result =
        QueryPhaseResult.of(
            outcomes,
            QueryRunSummary.write(reports, library, "Trino at test", RUN_TIME, "run1", outcomes));

    String markdown = Files.readString(result.summary());
    List<String> table = QueryPhaseText.table(result, reports);

    assertThat(markdown)
        .contains("2 queries ran, 1 failed, 1 skipped")
        .contains("[csv](queries/2026/11/21/a_counts/100000-run1/result.csv)")
        .contains("| tenant_id=carousel-labs |")
        .contains("| b_broken | FAILED | - |")
        .contains("[index.html](index.html)");
    String index = Files.readString(reports.resolve("index.html"));
    assertThat(index)
        .contains("<section id=\"q-a_counts\">")
        .contains("<h2>Query a_counts <span class=\"status RAN\">RAN</span></h2>")
        .contains("<a href=\"queries/2026/11/21/a_counts/100000-run1/result.csv\">csv</a>")
        .contains("<a href=\"queries/2026/11/21/a_counts/100000-run1/summary.html\">summary</a>")
        .contains("<dt>Data scanned</dt><dd>100 B</dd>")
        .contains("<dt>Error</dt><dd>Trino query &#39;b_broken&#39;");
    assertThat(table.get(0)).matches("query\\s+status\\s+rows\\s+ms\\s+report");
    assertThat(table.get(1))
        .matches("a_counts\\s+RAN\\s+2\\s+\\d+\\s+queries/2026/11/21/a_counts/100000-run1/");
    assertThat(table.get(2)).matches("b_broken\\s+FAILED\\s+-\\s+\\d+\\s+Trino query 'b_broken'.*");
    assertThat(table.get(3)).contains("SKIPPED").contains("no sale of tenant carousel-labs");
  }
}
