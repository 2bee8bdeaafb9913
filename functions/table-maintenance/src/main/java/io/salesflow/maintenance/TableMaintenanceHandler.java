package io.salesflow.maintenance;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.salesflow.core.catalog.CatalogFactory;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Lambda entry point, invoked nightly by an EventBridge schedule or on demand with {@code
 * {"tasks":["compact"],"timeBudgetSeconds":600}}. Adapts the event to {@link MaintenanceService}
 * with the Lambda's remaining time as the budget, and returns the run's report. A restore event
 * ({@link RestoreRequest}, {@code {"restore":{"month":"2023-04","keepDays":30}}}) restores that
 * month instead, running no task, and returns what it brought back.
 */
public final class TableMaintenanceHandler
    implements RequestHandler<Map<String, Object>, Map<String, Object>> {

  private final MaintenanceService service;
  private final long reserveMillis;

  /** Used by Lambda: configuration from the environment, EMF metrics on stdout. */
  public TableMaintenanceHandler() {
    this(MaintenanceConfig.fromEnvironment());
  }

  TableMaintenanceHandler(MaintenanceConfig config) {
    this(
        new MaintenanceService(
            config,
            CatalogFactory.build(config.tables().catalog()),
            Clock.systemUTC(),
            new PowertoolsMaintenanceMetrics(config.tables().stage())),
        config.reserveMillis());
  }

  /** For tests: a ready service. */
  public TableMaintenanceHandler(MaintenanceService service, long reserveMillis) {
    this.service = service;
    this.reserveMillis = reserveMillis;
  }

  @Override
  public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
    Optional<RestoreRequest> restore = RestoreRequest.fromEvent(event);
    if (restore.isPresent()) {
      return service.restore(restore.get().partition(), restore.get().keepDays()).toMap();
    }
    MaintenanceRequest request = MaintenanceRequest.fromEvent(event);
    RunBudget budget =
        context == null
            ? RunBudget.unlimited()
            : new RunBudget(() -> context.getRemainingTimeInMillis(), reserveMillis);
    return service.run(request, budget).toMap();
  }
}
