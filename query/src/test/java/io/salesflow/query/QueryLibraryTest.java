package io.salesflow.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryLibraryTest {

  /** The repository's sql/ directory. */
  static final Path SQL_DIR = Path.of("..", "sql");

  @Test
  void repositoryLibrary_loads_withTheSeedQueriesAndTheOperationalOnes() {
    QueryLibrary library = QueryLibrary.load(SQL_DIR);

    assertThat(library.names())
        .containsExactlyInAnyOrder(
            "sales_volume_by_category_month",
            "brand_performance_by_season",
            "condition_price_impact",
            "category_brand_crosstab",
            "source_comparison",
            "monthly_sales_trend",
            "high_value_products",
            "embedding_similarity_candidates",
            "partition_pruning_example",
            "data_quality_check",
            "price_distribution_by_category",
            "season_performance",
            "table_history",
            "table_snapshots",
            "files_per_partition",
            "time_travel_comparison",
            "errors_by_reason");
    assertThat(library.queries())
        .allSatisfy(
            q -> {
              assertThat(q.description()).hasSizeGreaterThan(40);
              assertThat(q.title()).isNotEqualTo(q.name());
              assertThat(q.parameters()).allSatisfy(p -> assertThat(p.description()).isNotBlank());
            });
  }

  @Test
  void repositoryLibrary_writesAValueIntoSqlOnlyForTimeTravel() {
    QueryLibrary library = QueryLibrary.load(SQL_DIR);

    assertThat(library.queries())
        .filteredOn(q -> q.placeholders().stream().anyMatch(Placeholder::inline))
        .extracting(QueryDefinition::name)
        .containsExactly("time_travel_comparison");
    QueryDefinition timeTravel = library.require("time_travel_comparison");
    assertThat(timeTravel.placeholders())
        .filteredOn(Placeholder::inline)
        .allSatisfy(
            p ->
                assertThat(timeTravel.sql().substring(0, p.offset()).stripTrailing())
                    .endsWith("FOR TIMESTAMP AS OF"));
  }

  @Test
  void classpathLibrary_isTheRepositoryLibrary() {
    QueryLibrary fromDir = QueryLibrary.load(SQL_DIR);
    QueryLibrary fromJar = QueryLibrary.fromClasspath();

    assertThat(fromJar.names()).isEqualTo(fromDir.names());
    for (String name : fromDir.names()) {
      assertThat(fromJar.require(name).sql()).isEqualTo(fromDir.require(name).sql());
    }
  }

  @Test
  void schedules_groupQueries() {
    QueryLibrary library = QueryLibrary.load(SQL_DIR);

    assertThat(library.schedules()).containsOnlyKeys("daily", "monthly");
    assertThat(library.scheduled("daily"))
        .extracting(QueryDefinition::name)
        .containsExactly(
            "data_quality_check",
            "errors_by_reason",
            "files_per_partition",
            "table_snapshots",
            "time_travel_comparison");
    assertThatThrownBy(() -> library.scheduled("hourly"))
        .isInstanceOf(InvalidQueryRequestException.class)
        .hasMessage("Unknown schedule 'hourly'; schedules: daily, monthly");
  }

  @Test
  void unknownQuery_listsTheAvailableOnes() {
    QueryLibrary library = QueryLibrary.load(SQL_DIR);

    assertThatThrownBy(() -> library.require("top_brands"))
        .isInstanceOf(InvalidQueryRequestException.class)
        .hasMessageStartingWith(
            "Unknown query 'top_brands'; available queries: brand_performance_by_season, category_brand_crosstab,")
        .hasMessageContaining("time_travel_comparison");
  }

  @Test
  void malformedFile_refusesTheWholeLibrary_namingFileAndLine() throws URISyntaxException {
    Path dir = Path.of(QueryLibraryTest.class.getResource("/bad-library").toURI());

    assertThatThrownBy(() -> QueryLibrary.load(dir))
        .isInstanceOf(QueryLibraryException.class)
        .hasMessage(
            "Invalid query file broken_header.sql line 3: unknown parameter type 'required' of 'tenant_id' (types: string, integer, decimal, double, boolean, date, timestamp)");
  }

  @Test
  void scheduleNamedTwiceWithDifferentCron_isRefused() {
    String a = "-- name: a\n-- description: d\n-- schedule: daily cron(0 6 * * ? *)\nSELECT 1";
    String b = "-- name: b\n-- description: d\n-- schedule: daily cron(0 7 * * ? *)\nSELECT 1";

    assertThatThrownBy(() -> QueryLibrary.of(Map.of("a.sql", a, "b.sql", b)))
        .hasMessageContaining(
            "Invalid query file b.sql: schedule 'daily' is cron(0 7 * * ? *) here but cron(0 6 * * ? *) in another file");
  }

  @Test
  void emptyLibrary_isRefused() {
    assertThatThrownBy(() -> QueryLibrary.of(Map.of()))
        .hasMessageContaining("it has no .sql files");
    assertThat(List.of()).isEmpty();
  }
}
