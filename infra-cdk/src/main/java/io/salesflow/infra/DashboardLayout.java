package io.salesflow.infra;

import io.salesflow.infra.config.StageConfig;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.AlarmStatusWidget;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
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
    dashboard.addWidgets(status(alarms));
    dashboard.addWidgets(
        graph(
            "Ingestion: records",
            List.of(
                SalesflowMetrics.etl(config, "RecordsIn", "Sum", FIVE_MINUTES),
                SalesflowMetrics.etl(config, "RowsWritten", "Sum", FIVE_MINUTES),
                SalesflowMetrics.etl(config, "Deletes", "Sum", FIVE_MINUTES)),
            List.of(
                SalesflowMetrics.etl(config, "Rejected", "Sum", FIVE_MINUTES),
                SalesflowMetrics.etl(config, "ReplaySkipped", "Sum", FIVE_MINUTES))),
        graph(
            "Ingestion: commits",
            List.of(
                SalesflowMetrics.etl(config, "Commits", "Sum", FIVE_MINUTES),
                SalesflowMetrics.etl(config, "CommitFailures", "Sum", FIVE_MINUTES),
                SalesflowMetrics.etl(config, "CommitAttempts", "Sum", FIVE_MINUTES)),
            List.of(
                SalesflowMetrics.etl(config, "CommitDuration", "p99", FIVE_MINUTES),
                SalesflowMetrics.etl(config, "WriteDuration", "p99", FIVE_MINUTES))),
        graph(
            "Ingestion: lag (ms)",
            List.of(
                SalesflowMetrics.etl(config, "FreshnessLag", "Maximum", FIVE_MINUTES),
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
                SalesflowMetrics.etl(config, "DataFiles", "Sum", FIVE_MINUTES),
                SalesflowMetrics.etl(config, "DeleteFiles", "Sum", FIVE_MINUTES)),
            List.of(SalesflowMetrics.etl(config, "BytesWritten", "Sum", FIVE_MINUTES))),
        graph(
            "athena-query function",
            List.of(query.metricInvocations(options("Sum")), query.metricErrors(options("Sum"))),
            List.of(query.metricDuration(options("Maximum")))));
    dashboard.addWidgets(
        graph(
            "Athena: failed queries",
            List.of(SalesflowMetrics.athenaFailedQueries(reporting.workgroupName())),
            List.of()),
        graph(
            "Athena: bytes scanned",
            List.of(
                SalesflowMetrics.athena(
                    reporting.workgroupName(), "SUM(ProcessedBytes)", "", "Bytes scanned")),
            List.of(
                SalesflowMetrics.athena(
                    reporting.workgroupName(),
                    "MAX(TotalExecutionTime)",
                    "",
                    "Longest query (ms)"))));
    return dashboard;
  }

  private static MetricOptions options(String statistic) {
    return MetricOptions.builder().statistic(statistic).period(FIVE_MINUTES).build();
  }

  private static GraphWidget graph(String title, List<IMetric> left, List<IMetric> right) {
    return GraphWidget.Builder.create()
        .title(title)
        .left(left)
        .right(right)
        .width(8)
        .height(6)
        .build();
  }

  private static AlarmStatusWidget status(List<Alarm> alarms) {
    return AlarmStatusWidget.Builder.create()
        .title("Alarms")
        .alarms(new ArrayList<>(alarms))
        .width(24)
        .height(3)
        .build();
  }
}
