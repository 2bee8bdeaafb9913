package io.salesflow.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryBindingTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2025-03-15T10:20:30.123456Z"), ZoneOffset.UTC);

  private static final QueryDefinition QUERY =
      QueryLibrary.of(
              Map.of(
                  "q.sql",
                  """
                  -- name: q
                  -- description: d
                  -- param: tenant_id string required max-length=40 | Tenant
                  -- param: year integer default=current_year-1 min=2000 max=2100 | Year
                  -- param: month integer default=current_month min=1 max=12 | Month
                  -- param: min_price decimal default=0.00 | Price
                  -- param: score double default=0.5 | Score
                  -- param: flag boolean default=false | Flag
                  -- param: day date default=today-7d | Day
                  -- param: as_of timestamp default=now-1h | As of
                  -- param: source string default=carousel values=smartgo,carousel | Source
                  SELECT * FROM sales_history FOR TIMESTAMP AS OF ? /* as_of */
                  WHERE tenant_id = ? /* tenant_id */ AND year = ? /* year */ AND month = ? /* month */
                    AND sold_price >= ? /* min_price */ AND ? /* score */ > 0 AND ? /* flag */
                    AND sold_date >= ? /* day */ AND source = ? /* source */ AND tenant_id <> ? /* tenant_id */
                  """))
          .require("q");

  private static final QueryDefinition MONTHLY =
      QueryLibrary.of(
              Map.of(
                  "m.sql",
                  """
                  -- name: m
                  -- description: d
                  -- param: year integer default=latest_year min=2000 max=2100 | Year
                  -- param: month integer default=latest_month min=1 max=12 | Month
                  SELECT count(*) FROM sales_history WHERE year = ? /* year */ AND month = ? /* month */
                  """))
          .require("m");

  /** A run in December 2026 on a table whose data ends in January 2026. */
  private static final Clock DECEMBER =
      Clock.fixed(Instant.parse("2026-12-03T08:00:00Z"), ZoneOffset.UTC);

  @Test
  void latestDefaults_followTheData_notTheClock_andTheReportSaysWhy() {
    int[] asked = {0};
    LatestPeriod january =
        () -> {
          asked[0]++;
          return java.util.Optional.of(java.time.YearMonth.of(2026, 1));
        };

    BoundQuery bound = MONTHLY.bind(Map.of(), DECEMBER, january);

    assertThat(bound.values()).containsEntry("year", 2026L).containsEntry("month", 1L);
    assertThat(bound.period())
        .isEqualTo("2026-01 (the latest month holding data in sales_history)");
    assertThat(asked[0]).as("lookups").isPositive();
  }

  @Test
  void latestYearMinusOne_spansTheTwoNewestYearsOfData() {
    QueryDefinition range =
        QueryLibrary.of(
                Map.of(
                    "r.sql",
                    """
                    -- name: r
                    -- description: d
                    -- param: year_from integer default=latest_year-1 min=2000 max=2100 | From
                    -- param: year_to integer default=latest_year min=2000 max=2100 | To
                    SELECT count(*) FROM sales_history WHERE year BETWEEN ? /* year_from */ AND ? /* year_to */
                    """))
            .require("r");

    BoundQuery bound =
        range.bind(Map.of(), DECEMBER, LatestPeriod.of(java.time.YearMonth.of(2024, 7)));

    assertThat(bound.values()).containsEntry("year_from", 2023L).containsEntry("year_to", 2024L);
    assertThat(bound.period())
        .isEqualTo("2023 to 2024 (the latest year holding data in sales_history)");
  }

  @Test
  void latestDefaults_onAnEmptyTable_fallBackToTheCurrentPeriod_andSaySo() {
    BoundQuery bound = MONTHLY.bind(Map.of(), DECEMBER, LatestPeriod.of(null));

    assertThat(bound.values()).containsEntry("year", 2026L).containsEntry("month", 12L);
    assertThat(bound.period())
        .isEqualTo("2026-12 (sales_history holds no rows yet, so the current month)");
  }

  @Test
  void givenValues_areReportedAsRequested_andNeedNoLookup() {
    LatestPeriod never =
        () -> {
          throw new AssertionError("looked up although every period value was given");
        };

    BoundQuery bound = MONTHLY.bind(Map.of("year", 2025, "month", 6), DECEMBER, never);

    assertThat(bound.period()).isEqualTo("2025-06 (as requested)");
  }

  @Test
  void clockDefaults_areReportedAsRelativeToTheRun() {
    BoundQuery bound = QUERY.bind(Map.of("tenant_id", "t1"), CLOCK);

    assertThat(bound.period())
        .isEqualTo(
            "2024-03, now against 2025-03-15T09:20:30.123 (relative to the run's time (UTC), the"
                + " query's default)");
  }

  @Test
  void latestDefaults_withoutALatestPeriod_areAProgrammingError() {
    assertThatThrownBy(() -> MONTHLY.bind(Map.of(), DECEMBER))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("latest_year and latest_month need");
    assertThat(MONTHLY.followsData()).isTrue();
    assertThat(QUERY.followsData()).isFalse();
  }

  @Test
  void defaults_areFilledIn_clockExpressionsEvaluatedAtTheRunsInstant() {
    BoundQuery bound = QUERY.bind(Map.of("tenant_id", "carousel-labs"), CLOCK);

    assertThat(bound.values())
        .containsEntry("tenant_id", "carousel-labs")
        .containsEntry("year", 2024L)
        .containsEntry("month", 3L)
        .containsEntry("min_price", new BigDecimal("0.00"))
        .containsEntry("score", 0.5)
        .containsEntry("flag", false)
        .containsEntry("day", LocalDate.of(2025, 3, 8))
        .containsEntry("as_of", LocalDateTime.of(2025, 3, 15, 9, 20, 30, 123_000_000))
        .containsEntry("source", "carousel");
    assertThat(bound.values().keySet())
        .containsExactly(
            "tenant_id", "year", "month", "min_price", "score", "flag", "day", "as_of", "source");
  }

  @Test
  void markers_bindInOrder_repeatedParametersTwice_asOfInlinedAsLiteral() {
    BoundQuery bound =
        QUERY.bind(Map.of("tenant_id", "t1", "as_of", "2024-06-01T12:30:00Z"), CLOCK);

    assertThat(bound.parameters())
        .extracting(BoundParameter::name)
        .containsExactly(
            "tenant_id",
            "year",
            "month",
            "min_price",
            "score",
            "flag",
            "day",
            "source",
            "tenant_id");
    assertThat(bound.sql())
        .contains("FOR TIMESTAMP AS OF TIMESTAMP '2024-06-01 12:30:00.000000 UTC' /* as_of */")
        .contains("WHERE tenant_id = ? /* tenant_id */");
    assertThat(bound.sql().chars().filter(c -> c == '?').count()).isEqualTo(9);
  }

  @Test
  void requestValues_areConvertedFromJsonTypesAndStrings() {
    Map<String, Object> values = new HashMap<>();
    values.put("tenant_id", "t");
    values.put("year", "2023");
    values.put("month", 7.0);
    values.put("min_price", 99.9);
    values.put("score", "0.25");
    values.put("flag", "TRUE");
    values.put("day", "2024-02-29");
    values.put("as_of", "2024-02-29 23:59:59.5");

    BoundQuery bound = QUERY.bind(values, CLOCK);

    assertThat(bound.values())
        .containsEntry("year", 2023L)
        .containsEntry("month", 7L)
        .containsEntry("min_price", new BigDecimal("99.9"))
        .containsEntry("score", 0.25)
        .containsEntry("flag", true)
        .containsEntry("day", LocalDate.of(2024, 2, 29))
        .containsEntry("as_of", LocalDateTime.of(2024, 2, 29, 23, 59, 59, 500_000_000));
  }

  @Test
  void wrongTypes_outOfRange_unknownAndMissing_areAllReportedAtOnce() {
    Map<String, Object> values = new HashMap<>();
    values.put("year", "2024; DROP TABLE sales_history");
    values.put("month", 7.5);
    values.put("min_price", "lots");
    values.put("score", Double.NaN);
    values.put("day", "yesterday");
    values.put("source", "ebay");
    values.put("tenant", "t");

    assertThatThrownBy(() -> QUERY.bind(values, CLOCK))
        .isInstanceOf(InvalidQueryRequestException.class)
        .satisfies(e -> assertThat(((InvalidQueryRequestException) e).problems()).hasSize(8))
        .hasMessageContaining(
            "Unknown parameter 'tenant' for query 'q'; it takes: tenant_id (string, required), year (integer, default current_year-1)")
        .hasMessageContaining("Missing parameter 'tenant_id' (string: Tenant) for query 'q'")
        .hasMessageContaining(
            "Invalid parameter 'year' for query 'q': '2024; DROP TABLE sales_history' is not a whole number")
        .hasMessageContaining("Invalid parameter 'month' for query 'q': 7.5 is not a whole number")
        .hasMessageContaining(
            "Invalid parameter 'min_price' for query 'q': 'lots' is not a decimal number")
        .hasMessageContaining("Invalid parameter 'score' for query 'q': NaN is not a number")
        .hasMessageContaining(
            "Invalid parameter 'day' for query 'q': 'yesterday' is not a date (yyyy-MM-dd)")
        .hasMessageContaining(
            "Invalid parameter 'source' for query 'q': 'ebay' must be one of smartgo, carousel");
  }

  @Test
  void limits_areChecked() {
    assertThatThrownBy(() -> QUERY.bind(Map.of("tenant_id", "t", "month", 13), CLOCK))
        .hasMessageContaining("Invalid parameter 'month' for query 'q': 13 must be at most 12");
    assertThatThrownBy(() -> QUERY.bind(Map.of("tenant_id", "x".repeat(41)), CLOCK))
        .hasMessageContaining("must be at most 40 characters long");
    assertThatThrownBy(() -> QUERY.bind(Map.of("tenant_id", 42), CLOCK))
        .hasMessageContaining("Invalid parameter 'tenant_id' for query 'q': 42 is not a string");
  }

  @Test
  void injectionAttempts_stayValues_neverReachTheSql() {
    String attack = "x' OR '1'='1'; DROP TABLE t; --";

    BoundQuery bound = QUERY.bind(Map.of("tenant_id", attack), CLOCK);

    assertThat(bound.sql()).doesNotContain("DROP").doesNotContain("'1'='1'");
    assertThat(bound.parameters().get(0))
        .isEqualTo(new BoundParameter("tenant_id", ParameterType.STRING, attack));
  }

  @Test
  void sharedValues_ignoreParametersTheQueryDoesNotTake() {
    BoundQuery bound = QUERY.bindShared(Map.of("tenant_id", "t", "product_id", "p"), CLOCK);

    assertThat(bound.values()).doesNotContainKey("product_id");
  }
}
