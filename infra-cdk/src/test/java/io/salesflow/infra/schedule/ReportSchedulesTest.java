package io.salesflow.infra.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesflow.query.QueryLibrary;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One schedule per scheduled query of sql/, with every required parameter filled at deploy time.
 */
class ReportSchedulesTest {

  private static final Path SQL = Path.of("").toAbsolutePath().getParent().resolve("sql");

  @Test
  void everyQueryDeclaringASchedule_isPlanned_withItsCron() {
    QueryLibrary library = QueryLibrary.load(SQL);

    List<ScheduledReport> plan = ReportSchedules.plan(library, List.of("carousel-labs"));

    assertThat(plan)
        .extracting(ScheduledReport::query)
        .containsExactlyElementsOf(
            library.queries().stream()
                .filter(q -> q.schedule().isPresent())
                .map(q -> q.name())
                .toList());
    assertThat(plan)
        .filteredOn(r -> r.query().equals("data_quality_check"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.cron()).isEqualTo("cron(0 6 * * ? *)");
              assertThat(r.runs()).containsExactly(Map.of());
            });
  }

  @Test
  void tenantReports_runOncePerTenant() {
    List<ScheduledReport> plan =
        ReportSchedules.plan(SQL, List.of("carousel-labs", "smartgo-shop"));

    assertThat(plan)
        .filteredOn(r -> r.query().equals("monthly_sales_trend"))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.runs())
                    .containsExactly(
                        Map.of("tenant_id", "carousel-labs"), Map.of("tenant_id", "smartgo-shop")));
  }

  @Test
  void tenantReports_withoutTenants_areRefused() {
    assertThatThrownBy(() -> ReportSchedules.plan(SQL, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Cannot schedule query 'monthly_sales_trend': it needs tenant_id")
        .hasMessageContaining("reportTenants");
  }

  @Test
  void otherRequiredParameters_cannotBeScheduled() {
    QueryLibrary library =
        QueryLibrary.of(
            Map.of(
                "needs_price.sql",
                """
                -- name: needs_price
                -- description: Sales at or above a price.
                -- param: min_price decimal required | Lowest price
                -- schedule: daily cron(0 6 * * ? *)
                SELECT count(*) AS sales FROM sales_history WHERE sold_price >= ? /* min_price */
                """));

    assertThatThrownBy(() -> ReportSchedules.plan(library, List.of("carousel-labs")))
        .hasMessageContaining("Cannot schedule query 'needs_price'")
        .hasMessageContaining("required parameter 'min_price'");
  }
}
