package io.salesflow.core.table;

import java.util.Map;
import java.util.Objects;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * The complete, code-level definition of one Iceberg table: everything schema-bootstrap needs to
 * create it and everything the writers need to agree on.
 *
 * @param identifier database (namespace) and table name
 * @param schema columns with field ids, docs and identifier fields
 * @param spec partition spec bound to {@code schema}
 * @param sortOrder write sort order bound to {@code schema}
 * @param location the table's base location, e.g. {@code
 *     s3://bucket/pricing-intelligence/sales_history}
 * @param formatVersion Iceberg table format version
 * @param properties table properties (without the reserved {@code format-version})
 */
public record TableDefinition(
    TableIdentifier identifier,
    Schema schema,
    PartitionSpec spec,
    SortOrder sortOrder,
    String location,
    int formatVersion,
    Map<String, String> properties) {

  public TableDefinition {
    Objects.requireNonNull(identifier, "identifier");
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(sortOrder, "sortOrder");
    Objects.requireNonNull(location, "location");
    properties = Map.copyOf(properties);
  }

  /** The table name without the database. */
  public String name() {
    return identifier.name();
  }

  /**
   * A copy of this definition with a different schema. Partition and sort fields are rebound by
   * source field id, so {@code newSchema} must keep the ids of the columns they use.
   */
  public TableDefinition withSchema(Schema newSchema) {
    return new TableDefinition(
        identifier,
        newSchema,
        spec.toUnbound().bind(newSchema),
        sortOrder.toUnbound().bind(newSchema),
        location,
        formatVersion,
        properties);
  }
}
