package io.salesflow.cli.query;

import io.salesflow.core.config.SalesflowConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What the query phase gets.
 *
 * @param config the validated configuration: database, warehouse, catalog settings
 * @param catalogProperties the Iceberg catalog properties (for a Trino catalog file)
 * @param environment the function environment of this target ({@code SALESFLOW_*}, AWS_REGION,
 *     local credentials and endpoints)
 * @param trinoUrl a Trino server to use ({@code --trino-url}); empty: start one or use Athena
 * @param reportsDir where to write reports (created)
 */
public record QueryPhaseRequest(
    SalesflowConfig config,
    Map<String, String> catalogProperties,
    Map<String, String> environment,
    Optional<URI> trinoUrl,
    Path reportsDir) {

  public QueryPhaseRequest {
    catalogProperties = Map.copyOf(catalogProperties);
    environment = Map.copyOf(environment);
  }
}
