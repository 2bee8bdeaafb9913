package io.salesflow.cli.query;

import io.salesflow.query.ParameterType;
import io.salesflow.query.QueryDefinition;
import io.salesflow.query.QueryParameter;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The values a query gets when the whole library runs unattended. Every default is kept, except
 * where a query cannot run on it:
 *
 * <ul>
 *   <li>a required {@value #TENANT_ID}: the configured tenant (one the sample data has);
 *   <li>a required {@value #PRODUCT_ID}: a product of that tenant with an embedding, looked up in
 *       the table; the query is skipped if there is none;
 *   <li>{@value #AS_OF} (time travel): the default, unless it is older than the table's oldest
 *       snapshot, which Iceberg cannot travel beyond; then that snapshot's time. Skipped if the
 *       table has no snapshot.
 * </ul>
 *
 * Any other required parameter stays unset, so the query fails naming it.
 */
final class ParameterChooser {

  static final String TENANT_ID = "tenant_id";
  static final String PRODUCT_ID = "product_id";
  static final String AS_OF = "as_of";

  /** What the chooser reads from the tables, only when a query needs it. */
  interface Lookups {

    /** The smallest product id of {@code tenantId} with an embedding, if any. */
    Optional<String> productWithEmbedding(String tenantId);

    /** When the oldest snapshot of {@code sales_history} that is kept was committed (UTC). */
    Optional<LocalDateTime> oldestSnapshot();
  }

  /**
   * The values for one query.
   *
   * @param values values by parameter name; parameters left out take their defaults
   * @param skipReason why the query cannot run on these tables, if it cannot
   */
  record Choice(Map<String, Object> values, Optional<String> skipReason) {

    static Choice skip(String reason) {
      return new Choice(Map.of(), Optional.of(reason));
    }
  }

  private final String tenant;
  private final Lookups lookups;

  ParameterChooser(String tenant, Lookups lookups) {
    this.tenant = tenant;
    this.lookups = lookups;
  }

  /** The values for {@code query}, its defaults evaluated at {@code clock}'s instant. */
  Choice choose(QueryDefinition query, Clock clock) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (QueryParameter p : query.parameters()) {
      if (p.name().equals(AS_OF) && p.type() == ParameterType.TIMESTAMP) {
        Optional<LocalDateTime> oldest = lookups.oldestSnapshot();
        if (oldest.isEmpty()) {
          return Choice.skip("sales_history has no snapshot to travel back to yet");
        }
        Object byDefault = p.defaultValue().map(d -> d.resolve(clock)).orElse(null);
        if (!(byDefault instanceof LocalDateTime t) || t.isBefore(oldest.get())) {
          values.put(AS_OF, oldest.get());
        }
      } else if (p.defaultValue().isPresent()) {
        continue;
      } else if (p.name().equals(TENANT_ID)) {
        values.put(TENANT_ID, tenant);
      } else if (p.name().equals(PRODUCT_ID)) {
        Object owner = values.getOrDefault(TENANT_ID, tenant);
        Optional<String> product = lookups.productWithEmbedding(owner.toString());
        if (product.isEmpty()) {
          return Choice.skip("no sale of tenant " + owner + " with an embedding to compare with");
        }
        values.put(PRODUCT_ID, product.get());
      }
    }
    return new Choice(values, Optional.empty());
  }
}
