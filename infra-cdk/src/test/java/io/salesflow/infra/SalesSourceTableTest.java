package io.salesflow.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesflow.core.table.SalesHistoryTable;
import org.junit.jupiter.api.Test;

/** The DynamoDB key and the Iceberg table's identifier fields are the same columns. */
class SalesSourceTableTest {

  @Test
  void keyColumns_areTheIdentifierFieldsOfSalesHistory_inOrder() {
    // Reading DEFAULT_KEY_COLUMNS initializes SalesHistoryTable, hence iceberg-api in test scope.
    assertThat(SalesSourceTable.KEY_COLUMNS)
        .containsExactlyElementsOf(SalesHistoryTable.DEFAULT_KEY_COLUMNS);
    assertThat(SalesSourceTable.keyColumnsSetting())
        .isEqualTo(String.join(",", SalesHistoryTable.DEFAULT_KEY_COLUMNS));
  }
}
