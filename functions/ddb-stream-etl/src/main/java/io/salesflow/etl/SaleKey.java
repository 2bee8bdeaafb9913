package io.salesflow.etl;

import java.util.List;

/** The values of the key columns of one sale, in configured order. */
record SaleKey(List<String> values) {

  SaleKey {
    values = List.copyOf(values);
  }
}
