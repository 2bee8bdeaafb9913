package io.salesflow.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesflow.cli.status.TableStatus;
import io.salesflow.sample.Defect;
import io.salesflow.sample.LoadResult;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableCheckTest {

  private static final LoadResult LOAD =
      new LoadResult(
          "sales",
          100,
          5,
          3,
          Map.of(Defect.UNKNOWN_SOURCE, 2),
          95,
          new BigDecimal("12345.67"),
          4,
          0,
          Duration.ofSeconds(1));

  private static TableStatus table(long rows, String total) {
    return table(rows, total, Map.of());
  }

  private static TableStatus table(long rows, String total, Map<String, Long> byReason) {
    return new TableStatus(
        "t",
        true,
        "s3://b/t",
        3,
        null,
        "overwrite",
        1,
        1,
        rows,
        total == null ? null : new BigDecimal(total),
        byReason,
        Map.of());
  }

  @Test
  void matchingTables_haveNoMismatch() {
    assertThat(TableCheck.mismatches(LOAD, table(95, "12345.670"), table(2, null), 0)).isEmpty();
  }

  @Test
  void everyDifference_isNamed() {
    assertThat(TableCheck.mismatches(LOAD, table(96, "12345.66"), table(1, null), 3))
        .containsExactly(
            "sales_history has 96 rows, expected 95",
            "sold_price total is 12345.66, expected 12345.67",
            "sales_history_errors has 1 rows, expected 2",
            "3 records went to the on-failure file");
  }

  @Test
  void rejectionsByReason_useTheEtlsReasonCodes() {
    assertThat(LOAD.defectsByReason()).containsExactly(Map.entry("BAD_SOURCE", 2L));
    assertThat(LOAD.describeDefects()).isEqualTo("BAD_SOURCE 2 (source 'ebay')");
    assertThat(
            TableCheck.mismatches(
                LOAD, table(95, "12345.67"), table(2, null, Map.of("BAD_SOURCE", 2L)), 0))
        .isEmpty();
    assertThat(
            TableCheck.mismatches(
                LOAD, table(95, "12345.67"), table(2, null, Map.of("BAD_PRICE", 2L)), 0))
        .containsExactly(
            "sales_history_errors has by reason {BAD_PRICE=2}, expected {BAD_SOURCE=2}");
  }
}
