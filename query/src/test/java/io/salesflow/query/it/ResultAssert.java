package io.salesflow.query.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.salesflow.query.engine.QueryResult;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/** Compares a query result with expected rows: decimals by value, doubles to 1e-9 relative. */
final class ResultAssert {

  private ResultAssert() {}

  static void assertResult(QueryResult actual, List<String> columns, List<List<Object>> expected) {
    assertThat(actual.columnNames()).isEqualTo(columns);
    assertThat(actual.truncated()).isFalse();
    assertThat(expected).as("expected rows (a test with no rows proves little)").isNotEmpty();
    if (actual.rows().size() != expected.size()) {
      fail(
          "Expected %d rows but got %d.%nExpected: %s%nActual:   %s",
          expected.size(), actual.rows().size(), expected, actual.rows());
    }
    for (int r = 0; r < expected.size(); r++) {
      List<Object> want = expected.get(r);
      List<Object> got = actual.rows().get(r);
      assertThat(got).as("row %d width", r).hasSameSizeAs(want);
      for (int c = 0; c < want.size(); c++) {
        if (!same(want.get(c), got.get(c))) {
          fail(
              "Row %d column '%s': expected %s (%s) but got %s (%s).%nExpected row: %s%nActual row:   %s",
              r,
              columns.get(c),
              want.get(c),
              type(want.get(c)),
              got.get(c),
              type(got.get(c)),
              want,
              got);
        }
      }
    }
  }

  private static boolean same(Object want, Object got) {
    if (want == null || got == null) {
      return want == got;
    }
    if (want instanceof Double w && got instanceof Double g) {
      return Math.abs(w - g) <= 1e-9 * Math.max(1.0, Math.abs(w));
    }
    if (want instanceof BigDecimal w && got instanceof BigDecimal g) {
      return w.compareTo(g) == 0;
    }
    return Objects.equals(want, got);
  }

  private static String type(Object value) {
    return value == null ? "null" : value.getClass().getSimpleName();
  }
}
