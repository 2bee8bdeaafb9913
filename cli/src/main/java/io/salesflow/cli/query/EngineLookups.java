package io.salesflow.cli.query;

import io.salesflow.query.BoundParameter;
import io.salesflow.query.ParameterType;
import io.salesflow.query.engine.QueryEngine;
import io.salesflow.query.engine.QueryRequest;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link ParameterChooser.Lookups} through the query engine: two one-row queries on the tables the
 * library reads, each run at most once per phase.
 */
final class EngineLookups implements ParameterChooser.Lookups {

  static final String PRODUCT_SQL =
      "SELECT min(product_id) AS product_id FROM sales_history"
          + " WHERE tenant_id = ? AND embedding IS NOT NULL";

  static final String OLDEST_SNAPSHOT_SQL =
      "SELECT min(committed_at) AS committed_at FROM \"sales_history$snapshots\"";

  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private final QueryEngine engine;
  private final Map<String, Optional<String>> products = new HashMap<>();
  private Optional<LocalDateTime> oldestSnapshot;

  EngineLookups(QueryEngine engine) {
    this.engine = engine;
  }

  @Override
  public synchronized Optional<String> productWithEmbedding(String tenantId) {
    return products.computeIfAbsent(
        tenantId,
        t ->
            first(
                    "lookup: product with an embedding",
                    PRODUCT_SQL,
                    List.of(new BoundParameter("tenant_id", ParameterType.STRING, t)))
                .map(Object::toString));
  }

  @Override
  public synchronized Optional<LocalDateTime> oldestSnapshot() {
    if (oldestSnapshot == null) {
      oldestSnapshot =
          first("lookup: oldest snapshot", OLDEST_SNAPSHOT_SQL, List.of()).map(EngineLookups::utc);
    }
    return oldestSnapshot;
  }

  private Optional<Object> first(String label, String sql, List<BoundParameter> parameters) {
    var result = engine.execute(new QueryRequest(label, sql, parameters, TIMEOUT, 1));
    return result.rows().isEmpty()
        ? Optional.empty()
        : Optional.ofNullable(result.rows().get(0).get(0));
  }

  private static LocalDateTime utc(Object value) {
    if (value instanceof OffsetDateTime t) {
      return t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
    }
    return (LocalDateTime) value;
  }
}
