package io.salesflow.infra;

import static io.salesflow.infra.Monitoring.etlMetric;
import static io.salesflow.infra.Monitoring.graph;

import io.salesflow.infra.config.StageConfig;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.constructs.Construct;

/** The stage's dashboard: alarm status, ingestion (throughput, quality, commits, lag), queries. */
final class DashboardLayout {

  private static final Duration FIVE_MINUTES = Duration.minutes(5);

  private DashboardLayout() {}

  static Dashboard create(
      Construct scope,
      StageConfig config,
      Ingestion ingestion,
      Reporting reporting,
      List<Alarm> alarms) {
    var etl = ingestion.function();
    var query = reporting.function();
    Dashboard dashboard =
        Dashboard.Builder.create(scope, "Dashboard").dashboardName(config.prefix()).build();
    dashboard.addWidgets(Monitoring.status(alarms));
    dashboard.addWidgets(
        graph(
            "Ingestion: records",
            List.of(
                etlMetric(config, "RecordsIn", "Sum", FIVE_MINUTES),
                etlMetric(config, "RowsWritten", "Sum", FIVE_MINUTES),
                etlMetric(config, "Deletes", "Sum", FIVE_MINUTES)),
            List.of(
                etlMetric(config, "Rejected", "Sum", FIVE_MINUTES),
                etlMetric(config, "ReplaySkipped", "Sum", FIVE_MINUTES))),
        graph(
            "Ingestion: commits",
            List.of(
                etlMetric(config, "Commits", "Sum", FIVE_MINUTES),
                etlMetric(config, "CommitFailures", "Sum", FIVE_MINUTES),
                etlMetric(config, "CommitAttempts", "Sum", FIVE_MINUTES)),
            List.of(
                etlMetric(config, "CommitDuration", "p99", FIVE_MINUTES),
                etlMetric(config, "WriteDuration", "p99", FIVE_MINUTES))),
        graph(
            "Ingestion: lag (ms)",
            List.of(
                etlMetric(config, "FreshnessLag", "Maximum", FIVE_MINUTES),
                etl.metric("IteratorAge", options("Maximum"))),
            List.of(
                ingestion
                    .failures()
                    .metricApproximateNumberOfMessagesVisible(options("Maximum")))));
    dashboard.addWidgets(
        graph(
            "ddb-stream-etl function",
            List.of(etl.metricInvocations(options("Sum")), etl.metricErrors(options("Sum"))),
            List.of(etl.metricDuration(options("p99")), etl.metricThrottles(options("Sum")))),
        graph(
            "Ingestion: files and bytes",
            List.of(
                etlMetric(config, "DataFiles", "Sum", FIVE_MINUTES),
                etlMetric(config, "DeleteFiles", "Sum", FIVE_MINUTES)),
            List.of(etlMetric(config, "BytesWritten", "Sum", FIVE_MINUTES))),
        graph(
            "athena-query function",
            List.of(query.metricInvocations(options("Sum")), query.metricErrors(options("Sum"))),
            List.of(query.metricDuration(options("Maximum")))));
    dashboard.addWidgets(
        graph(
            "Athena: failed queries",
            List.of(Monitoring.athenaFailedQueries(reporting.workgroupName())),
            List.of()),
        graph(
            "Athena: bytes scanned",
            List.of(athena(reporting.workgroupName(), "SUM(ProcessedBytes)", "Bytes scanned")),
            List.of(
                athena(
                    reporting.workgroupName(), "MAX(TotalExecutionTime)", "Longest query (ms)"))));
    return dashboard;
  }

  private static IMetric athena(String workgroup, String aggregate, String label) {
    return MathExpression.Builder.create()
        .expression(
            "SELECT " + aggregate + " FROM \"AWS/Athena\" WHERE WorkGroup = '" + workgroup + "'")
        .usingMetrics(Map.of())
        .label(label)
        .period(Duration.hours(1))
        .build();
  }

  private static MetricOptions options(String statistic) {
    return MetricOptions.builder().statistic(statistic).period(FIVE_MINUTES).build();
  }
}
