package io.salesflow.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salesflow.localstack.LocalStack;
import io.salesflow.localstack.LocalStackExtension;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Lambda handler: events in, the Lambda's remaining time as the budget, the report out; a
 * restore event restores one archived month and runs no task.
 */
@ExtendWith(LocalStackExtension.class)
class TableMaintenanceHandlerIT {

  private final LocalStack stack;

  TableMaintenanceHandlerIT(LocalStack stack) {
    this.stack = stack;
  }

  private static Map<String, Object> event(String name) throws IOException {
    try (InputStream in = TableMaintenanceHandlerIT.class.getResourceAsStream("/events/" + name)) {
      return new ObjectMapper().readValue(in, new TypeReference<>() {});
    }
  }

  @Test
  void scheduledEvent_withNoTimeLeft_stopsAtOnce_andTheNextInvocationDoesTheWork()
      throws IOException {
    List<YearMonth> months = List.of(YearMonth.of(2025, 5), YearMonth.of(2025, 6));
    try (MaintenanceFixture table = new MaintenanceFixture(stack, "handler_it", months)) {
      // given
      table.ingest(8, 3);
      List<String> rows = table.rows();
      List<Map<String, Object>> published = new ArrayList<>();
      MaintenanceService service =
          new MaintenanceService(
              table.config(Map.of(MaintenanceConfig.TASKS, "compact,manifests,expire,orphans")),
              table.catalog,
              Clock.systemUTC(),
              report -> published.add(report.toMap()));
      TableMaintenanceHandler handler = new TableMaintenanceHandler(service, 60_000);

      // when: 30 s left (below the 60 s reserve), then 14 minutes
      Map<String, Object> stopped =
          handler.handleRequest(event("scheduled.json"), new LambdaContext(() -> 30_000));
      Map<String, Object> done =
          handler.handleRequest(event("scheduled.json"), new LambdaContext(() -> 840_000));

      // then
      assertThat(stopped).containsEntry("complete", false).containsEntry("resumeAt", "compact");
      assertThat(stopped).containsEntry("partitionsCompacted", 0L);
      assertThat(done).containsEntry("complete", true).containsEntry("partitionsCompacted", 2L);
      assertThat((Long) done.get("dataFilesBefore"))
          .isGreaterThan((Long) done.get("dataFilesAfter"));
      assertThat(published).hasSize(2);
      assertThat(table.files(Set.of(new MonthPartition(2025, 5), new MonthPartition(2025, 6))))
          .isEqualTo(2);
      assertThat(table.rows()).isEqualTo(rows);
    }
  }

  @Test
  void restoreEvent_bringsTheArchivedMonthBackPinned_runsNoTask_andBadEventsAreRefused()
      throws IOException {
    MonthPartition april = new MonthPartition(2023, 4);
    MonthPartition may = new MonthPartition(2025, 5);
    Clock june2025 = Clock.fixed(Instant.parse("2025-06-20T03:00:00Z"), ZoneOffset.UTC);
    List<YearMonth> months = List.of(april.yearMonth(), may.yearMonth());
    try (MaintenanceFixture table = new MaintenanceFixture(stack, "handler_restore_it", months)) {
      // given: April 2023 archived by a nightly run of archive only; May still has small files
      table.ingest(12, 3);
      List<String> aprilRows = MaintenanceFixture.rows(table.table(), april.filter());
      RecordingMetrics metrics = new RecordingMetrics();
      MaintenanceService archiving =
          new MaintenanceService(
              table.config(Map.of(MaintenanceConfig.TASKS, "archive")),
              table.catalog,
              june2025,
              metrics);
      Map<String, Object> archived =
          new TableMaintenanceHandler(archiving, 60_000)
              .handleRequest(event("scheduled.json"), new LambdaContext(() -> 840_000));
      int mayFiles = table.files(Set.of(may));
      assertThat(mayFiles).isGreaterThanOrEqualTo(5);
      // the restoring handler's nightly tasks would compact May if a restore ran them
      TableMaintenanceHandler handler =
          new TableMaintenanceHandler(
              new MaintenanceService(
                  table.config(Map.of(MaintenanceConfig.TASKS, "compact,archive")),
                  table.catalog,
                  june2025,
                  metrics),
              60_000);

      // when
      Map<String, Object> restored =
          handler.handleRequest(event("restore.json"), new LambdaContext(() -> 840_000));

      // then: April's rows are back exactly, pinned for the event's 10 days, in one response
      Instant until = june2025.instant().plus(Duration.ofDays(10));
      assertThat(archived).containsEntry("partitionsArchived", 1L);
      assertThat(MaintenanceFixture.rows(table.table(), april.filter())).isEqualTo(aprilRows);
      assertThat(table.table().properties())
          .containsEntry("salesflow.archive.pinned.2023-04", until.toString());
      assertThat(restored)
          .containsEntry("month", "2023-04")
          .containsEntry("partition", "year=2023/month=4")
          .containsEntry("rows", (long) aprilRows.size())
          .containsEntry("pinnedUntil", until.toString())
          .containsEntry("pinProperty", "salesflow.archive.pinned.2023-04");
      assertThat((Long) restored.get("files")).isPositive();
      assertThat((List<?>) restored.get("archives")).hasSize(1);
      assertThat(metrics.reports).hasSize(1);
      assertThat(metrics.restores).singleElement().isEqualTo(restored);
      assertThat(table.files(Set.of(may))).isEqualTo(mayFiles);
      assertThat(MaintenanceCheckpoint.load(table.table())).isEmpty();
      // bad events, a month without a waiting archive and a second restore say what is wrong
      assertThatThrownBy(() -> handler.handleRequest(restore("2023-4", 10), null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Invalid restore.month: 2023-4, must be the archived month");
      assertThatThrownBy(() -> handler.handleRequest(restore("2023-04", 400), null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Invalid restore.keepDays 400: must be between 1 and 365");
      assertThatThrownBy(() -> handler.handleRequest(restore("2022-11", 10), null))
          .isInstanceOf(MaintenanceException.class)
          .hasMessageContaining("Cannot restore")
          .hasMessageContaining("year=2022/month=11: no archive of it waiting");
      assertThatThrownBy(() -> handler.handleRequest(event("restore.json"), null))
          .isInstanceOf(MaintenanceException.class)
          .hasMessageContaining("1 already restored");
      assertThat(MaintenanceFixture.rows(table.table(), april.filter())).isEqualTo(aprilRows);
      assertThat(metrics.reports).hasSize(1);
    }
  }

  private static Map<String, Object> restore(String month, int keepDays) {
    return Map.of("restore", Map.of("month", month, "keepDays", keepDays));
  }

  /** Both kinds of metrics the service publishes, as the handler's responses. */
  private static final class RecordingMetrics implements MaintenanceMetrics {
    final List<Map<String, Object>> reports = new ArrayList<>();
    final List<Map<String, Object>> restores = new ArrayList<>();

    @Override
    public void publish(MaintenanceReport report) {
      reports.add(report.toMap());
    }

    @Override
    public void restored(RestoredMonth restored) {
      restores.add(restored.toMap());
    }
  }
}
