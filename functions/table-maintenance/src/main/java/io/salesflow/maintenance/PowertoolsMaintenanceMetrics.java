package io.salesflow.maintenance;

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
 * Publishes a run's report as CloudWatch Embedded Metric Format through Powertools (one EMF
 * document per run or restore on standard output), namespace {@value #NAMESPACE}, dimension {@code
 * Stage}. The EMF environment is fixed to Lambda's so nothing probes EC2/ECS metadata endpoints
 * locally.
 */
public final class PowertoolsMaintenanceMetrics implements MaintenanceMetrics {

  /** CloudWatch namespace of the maintenance metrics. */
  public static final String NAMESPACE = "Salesflow/Maintenance";

  private final Metrics metrics;
  private final String stage;

  public PowertoolsMaintenanceMetrics(String stage) {
    this.metrics = new EmfMetricsLogger(new StdoutEnvironment(), new MetricsContext());
    this.metrics.setNamespace(NAMESPACE);
    this.metrics.setRaiseOnEmptyMetrics(false);
    this.stage = stage;
  }

  @Override
  public void publish(MaintenanceReport report) {
    metrics.setDefaultDimensions(DimensionSet.of("Stage", stage));
    report
        .counts()
        .forEach(
            (name, value) ->
                metrics.addMetric(
                    name,
                    value,
                    name.startsWith("Bytes") || name.endsWith("Bytes")
                        ? MetricUnit.BYTES
                        : MetricUnit.COUNT));
    metrics.addMetric("RunDuration", report.millis(), MetricUnit.MILLISECONDS);
    metrics.addMetric("RunIncomplete", report.complete() ? 0 : 1, MetricUnit.COUNT);
    metrics.flush();
  }

  /**
   * One EMF document per restore: {@code PartitionsRestored}, {@code FilesRestored}, {@code
   * RowsRestored}.
   */
  @Override
  public void restored(RestoredMonth restored) {
    metrics.setDefaultDimensions(DimensionSet.of("Stage", stage));
    metrics.addMetric("PartitionsRestored", 1, MetricUnit.COUNT);
    metrics.addMetric("FilesRestored", restored.files(), MetricUnit.COUNT);
    metrics.addMetric("RowsRestored", restored.records(), MetricUnit.COUNT);
    metrics.flush();
  }

  /** Lambda's EMF environment (standard output), also outside Lambda. */
  private static final class StdoutEnvironment extends EnvironmentProvider {
    @Override
    public CompletableFuture<Environment> resolveEnvironment() {
      return CompletableFuture.completedFuture(getDefaultEnvironment());
    }

    @Override
    public Environment getDefaultEnvironment() {
      return new LambdaEnvironment();
    }
  }
}
