package io.salesflow.cli.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesflow.query.LatestPeriod;
import io.salesflow.query.QueryDefinition;
import io.salesflow.query.QueryLibrary;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Parameter choice for the library's own queries (the sql/ headers packaged with the CLI). */
class ParameterChooserTest {

  private static final QueryLibrary LIBRARY = QueryLibrary.fromClasspath();
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC);

  /** Lookups with fixed answers that record what was asked. */
  private static final class FakeLookups implements ParameterChooser.Lookups {
    Optional<String> product = Optional.of("prd-001");
    Optional<LocalDateTime> oldest = Optional.of(LocalDateTime.parse("2026-11-21T09:30:00.123"));
    final List<String> asked = new ArrayList<>();

    @Override
    public Optional<String> productWithEmbedding(String tenantId) {
      asked.add("product of " + tenantId);
      return product;
    }

    @Override
    public Optional<LocalDateTime> oldestSnapshot() {
      asked.add("oldest snapshot");
      return oldest;
    }
  }

  private final FakeLookups lookups = new FakeLookups();
  private final ParameterChooser chooser = new ParameterChooser("carousel-labs", lookups);

  private ParameterChooser.Choice choose(String query) {
    return chooser.choose(LIBRARY.require(query), CLOCK);
  }

  @Test
  void requiredTenant_isTheSampleTenant_andEveryOtherParameterKeepsItsDefault() {
    ParameterChooser.Choice trend = choose("monthly_sales_trend");

    assertThat(trend.values()).containsExactly(Map.entry("tenant_id", "carousel-labs"));
    assertThat(trend.skipReason()).isEmpty();
    assertThat(lookups.asked).isEmpty();
    // binding fills in the defaults: the two newest years holding data
    assertThat(
            LIBRARY
                .require("monthly_sales_trend")
                .bind(trend.values(), CLOCK, LatestPeriod.of(YearMonth.of(2026, 3)))
                .values())
        .containsEntry("year_from", 2025L)
        .containsEntry("year_to", 2026L);
  }

  @Test
  void queriesWithoutRequiredParameters_getNoValues() {
    assertThat(choose("data_quality_check").values()).isEmpty();
    assertThat(choose("table_snapshots").values()).isEmpty();
    assertThat(lookups.asked).isEmpty();
  }

  @Test
  void requiredProduct_isAProductOfTheTenantWithAnEmbedding() {
    ParameterChooser.Choice similar = choose("embedding_similarity_candidates");

    assertThat(similar.values())
        .containsExactly(
            Map.entry("tenant_id", "carousel-labs"), Map.entry("product_id", "prd-001"));
    assertThat(lookups.asked).containsExactly("product of carousel-labs");
  }

  @Test
  void requiredProduct_skipsTheQuery_whenTheTenantHasNoSaleWithAnEmbedding() {
    lookups.product = Optional.empty();

    ParameterChooser.Choice similar = choose("embedding_similarity_candidates");

    assertThat(similar.skipReason())
        .contains("no sale of tenant carousel-labs with an embedding to compare with");
  }

  @Test
  void asOf_isTheOldestSnapshot_whenTheDefaultPredatesTheTable() {
    // given: the default (now-1d) is a day before the table's first snapshot
    ParameterChooser.Choice travel = choose("time_travel_comparison");

    assertThat(travel.values())
        .containsExactly(Map.entry("as_of", LocalDateTime.parse("2026-11-21T09:30:00.123")));
    assertThat(
            LIBRARY
                .require("time_travel_comparison")
                .bind(travel.values(), CLOCK, LatestPeriod.of(YearMonth.of(2026, 11)))
                .sql())
        .contains("FOR TIMESTAMP AS OF TIMESTAMP '2026-11-21 09:30:00.123000 UTC'");
  }

  @Test
  void asOf_keepsItsDefault_whenTheTableIsOlder() {
    lookups.oldest = Optional.of(LocalDateTime.parse("2026-11-01T00:00:00"));

    assertThat(choose("time_travel_comparison").values()).isEmpty();
  }

  @Test
  void asOf_skipsTheQuery_whenTheTableHasNoSnapshot() {
    lookups.oldest = Optional.empty();

    assertThat(choose("time_travel_comparison").skipReason())
        .contains("sales_history has no snapshot to travel back to yet");
  }

  @Test
  void otherRequiredParameters_stayUnset_soThatBindingNamesThem() {
    QueryDefinition query =
        QueryLibrary.of(
                Map.of(
                    "by_region.sql",
                    "-- name: by_region\n"
                        + "-- title: By region\n"
                        + "-- description: Sales of one tenant in one region, for this test only.\n"
                        + "-- param: tenant_id string required | Tenant\n"
                        + "-- param: region string required | Region\n"
                        + "SELECT count(*) AS sales FROM sales_history\n"
                        + "WHERE tenant_id = ? /* tenant_id */ AND category = ? /* region */\n"))
            .require("by_region");

    ParameterChooser.Choice choice = chooser.choose(query, CLOCK);

    assertThat(choice.values()).containsOnlyKeys("tenant_id");
    assertThat(choice.skipReason()).isEmpty();
  }
}
