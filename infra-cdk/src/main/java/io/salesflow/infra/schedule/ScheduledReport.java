package io.salesflow.infra.schedule;

import java.util.List;
import java.util.Map;

/**
 * One scheduled query of the library: one EventBridge rule, one target per run.
 *
 * @param query query name
 * @param schedule schedule name from the query's header, e.g. {@code daily}
 * @param cron EventBridge cron expression, e.g. {@code cron(0 6 * * ? *)}
 * @param runs parameters of each run (one per tenant for tenant reports; one empty map otherwise)
 */
public record ScheduledReport(
    String query, String schedule, String cron, List<Map<String, Object>> runs) {

  public ScheduledReport {
    runs = runs.stream().map(Map::copyOf).toList();
  }
}
