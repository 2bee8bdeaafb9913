package io.salesflow.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salesflow.localstack.LocalStack;
import io.salesflow.localstack.LocalStackExtension;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Lambda handler: events in, the Lambda's remaining time as the budget, the report out. */
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
}
