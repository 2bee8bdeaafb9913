package io.salesflow.athenaquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesflow.query.InvalidQueryRequestException;
import io.salesflow.query.QueryLibrary;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunRequestTest {

  private static final QueryLibrary LIBRARY = QueryLibrary.fromClasspath();
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2025-02-03T10:00:00Z"), ZoneOffset.UTC);

  private static RunRequest parse(Map<String, Object> event) {
    return RunRequest.parse(event, LIBRARY, "req-1", CLOCK);
  }

  @Test
  void onDemand_namesQueryAndParameters_datedNow() {
    RunRequest request = parse(Events.load("on-demand.json"));

    assertThat(request.trigger()).isEqualTo(RunRequest.Trigger.ON_DEMAND);
    assertThat(request.query()).contains("monthly_sales_trend");
    assertThat(request.parameters())
        .containsEntry("tenant_id", "carousel-labs")
        .containsEntry("year_from", 2023);
    assertThat(request.runTime()).isEqualTo(CLOCK.instant());
    assertThat(request.runId()).isEqualTo("req-1");
  }

  @Test
  void scheduledEvent_takesTheScheduleFromTheRuleName_andTimeAndIdFromTheEvent() {
    RunRequest request = parse(Events.load("scheduled-daily.json"));

    assertThat(request.trigger()).isEqualTo(RunRequest.Trigger.SCHEDULE);
    assertThat(request.schedule()).contains("daily");
    assertThat(request.query()).isEmpty();
    assertThat(request.runTime()).isEqualTo(Instant.parse("2025-01-02T06:00:00Z"));
    assertThat(request.runId()).isEqualTo("53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa");
    assertThat(request.parameters()).isEmpty();
  }

  @Test
  void scheduledEvent_withDetail_namesScheduleAndParameters() {
    RunRequest request = parse(Events.load("scheduled-monthly-with-detail.json"));

    assertThat(request.schedule()).contains("monthly");
    assertThat(request.parameters())
        .containsEntry("tenant_id", "carousel-labs")
        .containsEntry("year", 2024);
  }

  @Test
  void scheduledEvent_forOneQuery_byRuleNameOrDetail() {
    Map<String, Object> event = new HashMap<>(Events.load("scheduled-daily.json"));
    event.put(
        "resources", List.of("arn:aws:events:eu-west-1:1:rule/salesflow-dev-data_quality_check"));
    assertThat(parse(event).query()).contains("data_quality_check");
    assertThat(parse(event).schedule()).isEmpty();

    event.put("detail", Map.of("query", "table_snapshots", "parameters", Map.of("top_n", 5)));
    assertThat(parse(event).query()).contains("table_snapshots");
    assertThat(parse(event).parameters()).containsEntry("top_n", 5);
  }

  @Test
  void ruleConstantInput_namesTheSchedule() {
    RunRequest request = parse(Events.load("rule-constant-input.json"));

    assertThat(request.trigger()).isEqualTo(RunRequest.Trigger.SCHEDULE);
    assertThat(request.schedule()).contains("daily");
    assertThat(request.runTime()).isEqualTo(CLOCK.instant());
  }

  @Test
  void eventsNamingNothing_orMalformed_areRefusedWithWhatIsAvailable() {
    assertThatThrownBy(() -> parse(Map.of("hello", "world")))
        .isInstanceOf(InvalidQueryRequestException.class)
        .hasMessageContaining(
            "Invalid event: expected {\"query\": \"<name>\", \"parameters\": {...}}")
        .hasMessageContaining("queries: brand_performance_by_season,")
        .hasMessageContaining("schedules: daily, monthly");
    Map<String, Object> scheduled = new HashMap<>(Events.load("scheduled-daily.json"));
    scheduled.put("resources", List.of("arn:aws:events:eu-west-1:1:rule/nightly-thing"));
    assertThatThrownBy(() -> parse(scheduled))
        .hasMessageContaining(
            "Invalid scheduled event: rule 'nightly-thing' names no schedule or query");
    assertThatThrownBy(
            () -> parse(Map.of("query", "monthly_sales_trend", "parameters", List.of(1))))
        .hasMessageContaining("Invalid event: 'parameters' must be an object");
    assertThatThrownBy(() -> parse(Map.of("query", 42)))
        .hasMessageContaining("Invalid event: 'query' must be a non-empty string");
  }
}
