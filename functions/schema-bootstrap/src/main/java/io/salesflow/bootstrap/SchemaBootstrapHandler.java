package io.salesflow.bootstrap;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.salesflow.core.catalog.CatalogFactory;
import io.salesflow.core.config.SalesflowConfig;
import io.salesflow.core.table.SalesTables;
import io.salesflow.core.table.TableDefinition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lambda entry point of schema-bootstrap. Serves two callers:
 *
 * <ul>
 *   <li>direct invocation: {@code {"stage": "dev", "tables": [...], "dryRun": false}} (all keys
 *       optional) returns what was done per table;
 *   <li>the CDK {@code Provider} framework's onEvent for a CloudFormation custom resource:
 *       Create/Update create or evolve, Delete keeps tables and data unless the resource property
 *       {@code DropTablesOnDelete} is {@code "true"}; the PhysicalResourceId is {@code
 *       salesflow-schema/{database}}, stable across updates.
 * </ul>
 *
 * Configuration comes from the environment ({@link SalesflowConfig}); the catalog is built once per
 * container.
 */
public final class SchemaBootstrapHandler
    implements RequestHandler<Map<String, Object>, Map<String, Object>> {

  private static final Logger LOG = LoggerFactory.getLogger(SchemaBootstrapHandler.class);

  private final SalesflowConfig config;
  private final SchemaBootstrapService service;

  /** Used by Lambda: reads the environment and builds the catalog. */
  public SchemaBootstrapHandler() {
    this(SalesflowConfig.fromEnvironment());
  }

  private SchemaBootstrapHandler(SalesflowConfig config) {
    this(config, new SchemaBootstrapService(CatalogFactory.build(config.catalog())));
  }

  public SchemaBootstrapHandler(SalesflowConfig config, SchemaBootstrapService service) {
    this.config = config;
    this.service = service;
  }

  @Override
  public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
    BootstrapRequest request = BootstrapRequest.parse(event);
    if (request instanceof BootstrapRequest.CustomResource custom) {
      return handleCustomResource(custom);
    }
    BootstrapRequest.Direct direct = (BootstrapRequest.Direct) request;
    List<TableDefinition> tables = select(direct.stage(), direct.tables());
    BootstrapResult result = service.bootstrap(tables, direct.dryRun());
    LOG.info("Bootstrap {}: {}", direct.dryRun() ? "plan" : "run", result.toMap());
    return result.toMap();
  }

  private Map<String, Object> handleCustomResource(BootstrapRequest.CustomResource request) {
    String physicalId = "salesflow-schema/" + config.database();
    List<TableDefinition> tables = select(request.stage(), request.tables());
    BootstrapResult result;
    if (request.requestType().equals("Delete")) {
      if (request.dropTablesOnDelete()) {
        result = service.drop(tables);
      } else {
        LOG.info("Delete of {}: tables and data kept (DropTablesOnDelete is not true)", physicalId);
        result =
            new BootstrapResult(
                config.database(),
                false,
                tables.stream()
                    .map(
                        t ->
                            new TableResult(
                                t.identifier().toString(),
                                TableResult.Action.KEPT,
                                List.of(),
                                null))
                    .toList());
      }
      // Answer with the id CloudFormation sent: a Delete must not rename the resource.
      physicalId = request.physicalResourceId() == null ? physicalId : request.physicalResourceId();
    } else {
      result = service.bootstrap(tables, false);
    }
    LOG.info("Custom resource {} {}: {}", request.requestType(), physicalId, result.toMap());
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("PhysicalResourceId", physicalId);
    response.put("Data", data(result));
    return response;
  }

  private static Map<String, String> data(BootstrapResult result) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put("Database", result.database());
    for (TableResult table : result.tables()) {
      String name = table.table().substring(table.table().lastIndexOf('.') + 1);
      data.put(name + ".Action", table.action().name());
      if (table.metadataLocation() != null) {
        data.put(name + ".MetadataLocation", table.metadataLocation());
      }
    }
    return data;
  }

  private List<TableDefinition> select(String stage, List<String> names) {
    if (stage != null && !stage.equals(config.stage())) {
      throw new IllegalArgumentException(
          "Invalid stage '"
              + stage
              + "': this function is configured for stage '"
              + config.stage()
              + "' (SALESFLOW_STAGE)");
    }
    SalesTables tables = config.tables();
    if (names.isEmpty()) {
      return tables.all();
    }
    return names.stream()
        .map(
            name ->
                tables
                    .byName(name)
                    .orElseThrow(
                        () ->
                            new IllegalArgumentException(
                                "Invalid table '"
                                    + name
                                    + "': known tables are "
                                    + tables.names())))
        .toList();
  }
}
