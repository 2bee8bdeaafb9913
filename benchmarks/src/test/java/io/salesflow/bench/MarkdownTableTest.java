package io.salesflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownTableTest {

  @Test
  void queries_rendersAlignedMarkdown_withMedianAndMin() {
    String table =
        MarkdownTable.queries(
            List.of(
                new Measurement(
                    "monthly_sales_trend",
                    List.of(120L, 80L, 100L),
                    24,
                    100_000,
                    96,
                    150L * 1024 * 1024),
                new Measurement("table_history", List.of(30L, 40L), 4, 4, 1, 2048)));

    assertThat(table.split("\n"))
        .containsExactly(
            "| query               | median ms | min ms | rows out | rows scanned | files scanned | MiB scanned |",
            "| ------------------- | --------: | -----: | -------: | -----------: | ------------: | ----------: |",
            "| monthly_sales_trend |       100 |     80 |       24 |      100,000 |            96 |      150.00 |",
            "| table_history       |        35 |     30 |        4 |            4 |             1 |        0.00 |");
  }
}
