package io.salesflow.infra;

import io.salesflow.infra.config.StageConfig;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;

/** The metrics the alarms and the dashboard share. */
final class SalesflowMetrics {

  /** Namespace of the ETL's EMF metrics (PowertoolsMetricsSink.NAMESPACE), dimension Stage. */
  static final String NAMESPACE = "Salesflow/Ingestion";

  private SalesflowMetrics() {}

  /** An ETL metric of this stage, e.g. RecordsIn, Rejected, CommitFailures, FreshnessLag (ms). */
  static Metric etl(StageConfig config, String name, String statistic, Duration period) {
    return Metric.Builder.create()
        .namespace(NAMESPACE)
        .metricName(name)
        .dimensionsMap(Map.of("Stage", config.stage()))
        .statistic(statistic)
        .period(period)
        .build();
  }

  /**
   * Failed queries of the workgroup, as a Metrics Insights query: it matches Athena's query metrics
   * whatever further dimensions they carry (capacity reservation, result reuse).
   */
  static MathExpression athenaFailedQueries(String workgroup) {
    return athena(
        workgroup, "COUNT(TotalExecutionTime)", " AND QueryState = 'FAILED'", "Failed queries");
  }

  /** An aggregate of the workgroup's Athena query metrics, hourly, e.g. SUM(ProcessedBytes). */
  static MathExpression athena(String workgroup, String aggregate, String filter, String label) {
    return MathExpression.Builder.create()
        .expression(
            "SELECT "
                + aggregate
                + " FROM \"AWS/Athena\" WHERE WorkGroup = '"
                + workgroup
                + "'"
                + filter)
        .usingMetrics(Map.of())
        .label(label)
        .period(Duration.hours(1))
        .build();
  }
}
