package io.salesflow.query.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesflow.query.engine.ColumnType;
import io.salesflow.query.engine.QueryResult;
import io.salesflow.query.engine.QueryStatistics;
import io.salesflow.query.engine.ResultColumn;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultTextTest {

  private static final QueryResult RESULT =
      new QueryResult(
          List.of(
              new ResultColumn("brand", ColumnType.STRING, "varchar"),
              new ResultColumn("sales", ColumnType.INTEGER, "bigint"),
              new ResultColumn("revenue", ColumnType.DECIMAL, "decimal(10,2)"),
              new ResultColumn("last_sale", ColumnType.TIMESTAMP, "timestamp(6)")),
          List.of(
              Arrays.asList("Acne, Studios", 12L, new BigDecimal("1234.50"), null),
              Arrays.asList(
                  "x".repeat(70), 3L, new BigDecimal("9.99"), LocalDateTime.of(2024, 3, 1, 9, 0))),
          false,
          new QueryStatistics("trino", "q1", null, null, null, null, null, 5));

  @Test
  void table_alignsColumns_numbersRight_nullShown_longCellsCut() {
    String cut = "x".repeat(57) + "...";
    assertThat(ResultText.table(RESULT).lines().toList())
        .containsExactly(
            "brand" + " ".repeat(55) + " | sales | revenue | last_sale",
            "-".repeat(60) + " | ----- | ------- | -------------------",
            "Acne, Studios" + " ".repeat(47) + " |    12 | 1234.50 | NULL",
            cut + " |     3 |    9.99 | 2024-03-01T09:00:00");
  }

  @Test
  void csvAndJson_holdTheFullValues() {
    assertThat(ResultText.csv(RESULT))
        .startsWith("brand,sales,revenue,last_sale\r\n\"Acne, Studios\",12,1234.50,\r\n")
        .contains("x".repeat(70));
    assertThat(ResultText.json(RESULT))
        .contains("\"brand\" : \"Acne, Studios\"")
        .contains("\"revenue\" : 1234.50")
        .contains("\"last_sale\" : null")
        .contains("\"last_sale\" : \"2024-03-01T09:00:00\"");
  }
}
