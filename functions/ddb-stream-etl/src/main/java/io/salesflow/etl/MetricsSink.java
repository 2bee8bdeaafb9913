package io.salesflow.etl;

/** Where per-batch metrics go: CloudWatch EMF in Lambda, anything in tests. */
@FunctionalInterface
public interface MetricsSink {

  void publish(BatchMetrics metrics);
}
