package io.salesflow.etl;

import java.util.concurrent.CompletableFuture;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.environment.EnvironmentProvider;
import software.amazon.cloudwatchlogs.emf.environment.LambdaEnvironment;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.internal.EmfMetricsLogger;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Publishes batch metrics as CloudWatch Embedded Metric Format through Powertools for AWS Lambda
 * (Java) v2, one EMF document per batch on standard output.
 *
 * <p>The EMF environment is fixed to Lambda's (stdout sink). Left to auto-detection, the EMF
 * library probes the EC2/ECS metadata endpoints when not in Lambda (local mode, tests), which must
 * not happen here; in Lambda the result is identical.
 */
public final class PowertoolsMetricsSink implements MetricsSink {

  /** CloudWatch namespace of the ETL metrics. */
  public static final String NAMESPACE = "Salesflow/Ingestion";

  private final Metrics metrics;
  private final String stage;

  public PowertoolsMetricsSink(String stage) {
    this.metrics = new EmfMetricsLogger(new LambdaOnlyEnvironment(), new MetricsContext());
    this.metrics.setNamespace(NAMESPACE);
    this.metrics.setRaiseOnEmptyMetrics(false);
    this.stage = stage;
  }

  @Override
  public void publish(BatchMetrics m) {
    metrics.setDefaultDimensions(DimensionSet.of("Stage", stage));
    metrics.addMetric("RecordsIn", m.recordsIn(), MetricUnit.COUNT);
    metrics.addMetric("RowsWritten", m.rowsWritten(), MetricUnit.COUNT);
    metrics.addMetric("Deletes", m.deletes(), MetricUnit.COUNT);
    metrics.addMetric("Removes", m.removes(), MetricUnit.COUNT);
    metrics.addMetric("TtlSkipped", m.ttlSkipped(), MetricUnit.COUNT);
    metrics.addMetric("Rejected", m.rejected(), MetricUnit.COUNT);
    metrics.addMetric("ReplaySkipped", m.replaySkipped(), MetricUnit.COUNT);
    metrics.addMetric("DataFiles", m.dataFiles(), MetricUnit.COUNT);
    metrics.addMetric("DeleteFiles", m.deleteFiles(), MetricUnit.COUNT);
    metrics.addMetric("BytesWritten", m.bytes(), MetricUnit.BYTES);
    metrics.addMetric("Commits", m.commits(), MetricUnit.COUNT);
    metrics.addMetric("DecodeDuration", m.decodeMillis(), MetricUnit.MILLISECONDS);
    metrics.addMetric("LookupDuration", m.lookupMillis(), MetricUnit.MILLISECONDS);
    metrics.addMetric("WriteDuration", m.writeMillis(), MetricUnit.MILLISECONDS);
    metrics.addMetric("CommitDuration", m.commitMillis(), MetricUnit.MILLISECONDS);
    metrics.addMetric("CommitAttempts", m.commitAttempts(), MetricUnit.COUNT);
    metrics.addMetric("CommitFailures", m.failed() ? 1 : 0, MetricUnit.COUNT);
    if (m.freshnessLagMillis() >= 0) {
      metrics.addMetric("FreshnessLag", m.freshnessLagMillis(), MetricUnit.MILLISECONDS);
    }
    m.rejectedByReason()
        .forEach((reason, count) -> metrics.addMetadata("Rejected_" + reason.name(), count));
    metrics.flush();
    // Per-reason counts as their own metric dimension, so alarms can target one reason.
    m.rejectedByReason()
        .forEach(
            (reason, count) ->
                metrics.flushSingleMetric(
                    "RejectedByReason",
                    count,
                    MetricUnit.COUNT,
                    NAMESPACE,
                    DimensionSet.of("Stage", stage, "Reason", reason.name())));
  }

  /** Always Lambda's environment: EMF JSON on standard output. */
  private static final class LambdaOnlyEnvironment extends EnvironmentProvider {
    @Override
    public CompletableFuture<Environment> resolveEnvironment() {
      return CompletableFuture.completedFuture(new LambdaEnvironment());
    }

    @Override
    public Environment getDefaultEnvironment() {
      return new LambdaEnvironment();
    }
  }
}
