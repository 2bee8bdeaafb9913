package io.salesflow.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
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
  void restoreEvent_namesTheMonthAndKeepDays_andIsNoMaintenanceRun() throws IOException {
    Map<String, Object> event = event("restore.json");

    Optional<RestoreRequest> restore = RestoreRequest.fromEvent(event);

    assertThat(restore).contains(new RestoreRequest(new MonthPartition(2023, 4), 10));
    assertThatThrownBy(() -> MaintenanceRequest.fromEvent(event))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid event field restore");
  }

  @Test
  void restoreEvent_withoutKeepDays_pinsForTheDefault_alsoInAnEventBridgeDetail() {
    Map<String, Object> inDetail =
        Map.of("detail-type", "Restore", "detail", Map.of("restore", Map.of("month", "2024-12")));

    assertThat(RestoreRequest.fromEvent(Map.of("restore", Map.of("month", " 2023-04 "))))
        .contains(new RestoreRequest(new MonthPartition(2023, 4), ArchivePins.DEFAULT_KEEP_DAYS));
    assertThat(RestoreRequest.fromEvent(inDetail))
        .contains(new RestoreRequest(new MonthPartition(2024, 12), 30));
  }

  @Test
  void runEvents_areNoRestore() throws IOException {
    assertThat(RestoreRequest.fromEvent(event("scheduled.json"))).isEmpty();
    assertThat(RestoreRequest.fromEvent(event("on-demand.json"))).isEmpty();
    assertThat(RestoreRequest.fromEvent(null)).isEmpty();
  }

  @Test
  void badRestoreMonths_areRejected_namingTheFieldAndTheFormat() {
    for (Object month : List.of("2023-4", "2023-13", "2023-00", "04-2023", "April 2023", 202304)) {
      assertThatThrownBy(() -> restore(Map.of("month", month)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Invalid restore.month: " + month)
          .hasMessageContaining("must be the archived month as yyyy-MM");
    }
    assertThatThrownBy(() -> restore(Map.of("keepDays", 10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid restore.month: missing");
  }

  @Test
  void keepDaysOutside1To365_areRejected_withThePinBounds() {
    assertThatThrownBy(() -> restore(Map.of("month", "2023-04", "keepDays", 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid restore.keepDays 0: must be between 1 and 365")
        .hasMessageContaining(MaintenanceConfig.ACTIVE_MONTHS);
    assertThatThrownBy(() -> restore(Map.of("month", "2023-04", "keepDays", 366)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid restore.keepDays 366");
    assertThatThrownBy(() -> restore(Map.of("month", "2023-04", "keepDays", "ten")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid restore.keepDays: ten, must be a whole number of days");
    assertThatThrownBy(() -> restore(Map.of("month", "2023-04", "keepDays", 2.5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid restore.keepDays: 2.5");
  }

  @Test
  void malformedRestoreEvents_areRejected_namingTheField() {
    assertThatThrownBy(() -> RestoreRequest.fromEvent(Map.of("restore", "2023-04")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid restore: 2023-04, must be an object such as")
        .hasMessageContaining("{\"restore\":{\"month\":\"2023-04\",\"keepDays\":30}}");
    assertThatThrownBy(() -> restore(Map.of("month", "2023-04", "keep_days", 10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid restore field 'keep_days': use month and keepDays");
    assertThatThrownBy(
            () ->
                RestoreRequest.fromEvent(
                    Map.of("restore", Map.of("month", "2023-04"), "tasks", List.of("compact"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid restore event: it also names [tasks]")
        .hasMessageContaining("send the restore on its own");
  }

  private static Optional<RestoreRequest> restore(Map<String, Object> fields) {
    return RestoreRequest.fromEvent(Map.of("restore", fields));
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
