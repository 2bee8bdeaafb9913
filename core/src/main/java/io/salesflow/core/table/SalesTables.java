package io.salesflow.core.table;

import java.util.List;
import java.util.Optional;

/**
 * The salesflow tables of one stage: {@code sales_history}, {@code sales_history_errors} and the
 * ETL's {@code sales_history_tombstones} in {@code database}, located under {@code warehouse}.
 *
 * @param database the Glue database (Iceberg namespace)
 * @param warehouse the S3 prefix holding the tables, e.g. {@code s3://bucket/pricing-intelligence}
 * @param keyColumns the sale key, the identifier fields of {@code sales_history}
 */
public record SalesTables(String database, String warehouse, List<String> keyColumns) {

  public SalesTables {
    keyColumns = List.copyOf(keyColumns);
  }

  /** The definition of {@code sales_history}. */
  public TableDefinition salesHistory() {
    return SalesHistoryTable.definition(database, warehouse, keyColumns);
  }

  /** The definition of {@code sales_history_errors}. */
  public TableDefinition errors() {
    return SalesHistoryErrorsTable.definition(database, warehouse);
  }

  /** The definition of {@code sales_history_tombstones}, the ETL's record of removed keys. */
  public TableDefinition tombstones() {
    return SalesHistoryTombstonesTable.definition(database, warehouse, keyColumns);
  }

  /** Every definition, history first. */
  public List<TableDefinition> all() {
    return List.of(salesHistory(), errors(), tombstones());
  }

  /** The definition with this table name, if it is one of ours. */
  public Optional<TableDefinition> byName(String name) {
    return all().stream().filter(d -> d.name().equals(name)).findFirst();
  }

  /** The table names, history first. */
  public List<String> names() {
    return List.of(
        SalesHistoryTable.NAME, SalesHistoryErrorsTable.NAME, SalesHistoryTombstonesTable.NAME);
  }
}
