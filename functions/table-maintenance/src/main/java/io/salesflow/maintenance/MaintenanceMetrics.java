package io.salesflow.maintenance;

/** Where a run's report goes as metrics: CloudWatch EMF in Lambda, anything in tests. */
@FunctionalInterface
public interface MaintenanceMetrics {

  void publish(MaintenanceReport report);

  /** Publishes what a restore brought back; nothing by default. */
  default void restored(RestoredMonth restored) {}

  /** Publishes nothing (CLI runs print the report instead). */
  static MaintenanceMetrics none() {
    return report -> {};
  }
}
