package io.salesflow.infra.schedule;

import io.salesflow.query.QueryDefinition;
import io.salesflow.query.QueryLibrary;
import io.salesflow.query.QueryParameter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Plans the EventBridge schedules from the query library: every query whose header declares {@code
 * schedule: <name> cron(...)} gets one rule. Required parameters must be supplied at deploy time:
 * {@code tenant_id} from the stage's {@code reportTenants} (one run per tenant); any other required
 * parameter of a scheduled query is refused, since nothing could fill it in.
 */
public final class ReportSchedules {

  /** The parameter filled from {@code reportTenants}. */
  public static final String TENANT_PARAMETER = "tenant_id";

  private ReportSchedules() {}

  /** Loads {@code sqlDir} with the library's own loader (same checks as the functions). */
  public static List<ScheduledReport> plan(Path sqlDir, List<String> tenants) {
    return plan(QueryLibrary.load(sqlDir), tenants);
  }

  /**
   * The schedules of {@code library}, in query-name order.
   *
   * @throws IllegalArgumentException listing every scheduled query that cannot be run as declared
   */
  public static List<ScheduledReport> plan(QueryLibrary library, List<String> tenants) {
    List<ScheduledReport> reports = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (QueryDefinition query : library.queries()) {
      if (query.schedule().isEmpty()) {
        continue;
      }
      List<Map<String, Object>> runs = new ArrayList<>(List.of(Map.of()));
      for (QueryParameter parameter : query.parameters()) {
        if (!parameter.required()) {
          continue;
        }
        if (!parameter.name().equals(TENANT_PARAMETER)) {
          problems.add(
              "Cannot schedule query '"
                  + query.name()
                  + "' ("
                  + query.file()
                  + "): its required parameter '"
                  + parameter.name()
                  + "' has no value at deploy time; give it a default in the query header");
        } else if (tenants.isEmpty()) {
          problems.add(
              "Cannot schedule query '"
                  + query.name()
                  + "': it needs tenant_id; list the tenants in the stage's reportTenants"
                  + " context setting (cdk.json) or remove its schedule");
        } else {
          runs =
              tenants.stream()
                  .map(t -> Map.<String, Object>of(TENANT_PARAMETER, parameter.accept(t)))
                  .toList();
        }
      }
      var schedule = query.schedule().get();
      reports.add(new ScheduledReport(query.name(), schedule.name(), schedule.cron(), runs));
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join(System.lineSeparator(), problems));
    }
    return List.copyOf(reports);
  }
}
