package io.salesflow.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MaintenanceRequestTest {

  private static Map<String, Object> event(String name) throws IOException {
    try (InputStream in = MaintenanceRequestTest.class.getResourceAsStream("/events/" + name)) {
      return new ObjectMapper().readValue(in, new TypeReference<>() {});
    }
  }

  @Test
  void scheduledEvent_runsTheConfiguredTasks_withoutExtraLimit() throws IOException {
    MaintenanceRequest request = MaintenanceRequest.fromEvent(event("scheduled.json"));

    assertThat(request.tasks()).isEmpty();
    assertThat(request.timeBudget()).isEmpty();
    assertThat(request.pinnedMonths()).isEqualTo(PinnedMonths.SKIP);
  }

  @Test
  void onDemandEvent_namesTasksAndABudget() throws IOException {
    MaintenanceRequest request = MaintenanceRequest.fromEvent(event("on-demand.json"));

    assertThat(request.tasks())
        .containsExactlyInAnyOrder(MaintenanceTask.COMPACT, MaintenanceTask.EXPIRE_SNAPSHOTS);
    assertThat(request.timeBudget()).contains(Duration.ofMinutes(10));
    assertThat(request.pinnedMonths()).isEqualTo(PinnedMonths.SKIP);
  }

  @Test
  void includePinned_archivesPinnedMonths_onlyWhenTrue() {
    assertThat(MaintenanceRequest.fromEvent(Map.of("includePinned", true)).pinnedMonths())
        .isEqualTo(PinnedMonths.ARCHIVE);
    assertThat(MaintenanceRequest.fromEvent(Map.of("includePinned", "false")).pinnedMonths())
        .isEqualTo(PinnedMonths.SKIP);
  }

  @Test
  void badFields_areRejected_namingTheField() {
    assertThatThrownBy(() -> MaintenanceRequest.fromEvent(Map.of("tasks", "compact,vacuum")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid maintenance task 'vacuum'");
    assertThatThrownBy(() -> MaintenanceRequest.fromEvent(Map.of("timeBudgetSeconds", "-5")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid timeBudgetSeconds: -5");
    assertThatThrownBy(() -> MaintenanceRequest.fromEvent(Map.of("includePinned", "yes")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid includePinned: yes, must be true or false");
  }

  @Test
  void budget_limitedByTheRequest_isTheTighterOfBoth() {
    RunBudget lambda = new RunBudget(() -> 800_000, 60_000);

    RunBudget limited = lambda.limitedTo(Duration.ofSeconds(30));

    assertThat(lambda.allowsMore()).isTrue();
    assertThat(limited.allowsMore()).isFalse();
    assertThat(new MaintenanceRequest(Set.of(), Optional.empty()).tasks()).isEmpty();
  }
}
