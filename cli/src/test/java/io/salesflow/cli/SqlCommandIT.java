package io.salesflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code salesflow stack --with-trino} keeps a local Trino attached to the running stack, and
 * {@code salesflow sql} in the same checkout answers through it: sample sales are loaded into
 * DynamoDB and streamed through the real ETL handler, then the row count and price total Trino
 * returns are compared with what the sample loader says a correct ETL ends with (computed from the
 * generated data, not by the ETL or Trino).
 */
class SqlCommandIT {

  private static final Pattern EXPECTED =
      Pattern.compile(
          "a correct ETL ends with (\\d+) rows in sales_history \\(sold_price total ([0-9.]+)\\)");

  @TempDir Path base;

  @Test
  void stackWithTrino_answersAdHocSql_asTableCsvAndJson() throws Exception {
    Path home = ChildCli.home();
    try (ChildCli stack =
        ChildCli.start(
            Map.of(),
            "stack",
            "--with-trino",
            "--table",
            "sql_it",
            "--base-dir",
            base.toString())) {
      String trinoLine = stack.awaitLine("Trino (until Ctrl-C): ", 300);
      String trinoUrl = trinoLine.split("\\s+")[3];
      assertThat(stack.out())
          .anySatisfy(l -> assertThat(l).startsWith("  JDBC    jdbc:trino://"))
          .anySatisfy(l -> assertThat(l).startsWith("  Try     ./salesflow sql \"SELECT"));

      CliRun load =
          CliRun.run(
              home,
              Map.of(),
              "load-sample",
              "--table",
              "sql_it",
              "--records",
              "300",
              "--updates",
              "20",
              "--deletes",
              "10",
              "--bad-share",
              "0.02",
              "--seed",
              "11");
      assertThat(load.exitCode()).as(load.toString()).isZero();
      Matcher expected = EXPECTED.matcher(load.out());
      assertThat(expected.find()).as(load.out()).isTrue();
      CliRun stream =
          CliRun.run(
              home,
              Map.of(),
              "stream",
              "--table",
              "sql_it",
              "--until-caught-up",
              "--checkpoint-file",
              base.resolve("cp.json").toString());
      assertThat(stream.exitCode()).as(stream.toString()).isZero();

      String query = "SELECT count(*) AS n, sum(sold_price) AS total FROM sales_history";
      CliRun csv = CliRun.run(home, Map.of(), "sql", query, "--format", "csv");
      CliRun table = CliRun.run(home, Map.of(), "sql", query + ";");
      CliRun json =
          CliRun.run(
              home,
              Map.of(),
              "sql",
              "SELECT reason, count(*) AS n FROM sales_history_errors GROUP BY reason",
              "--format",
              "json");

      assertThat(csv.exitCode()).as(csv.toString()).isZero();
      assertThat(csv.err()).contains("Running on Trino at " + trinoUrl).doesNotContain("started");
      assertThat(csv.out().split("\r\n"))
          .containsExactly(
              "n,total",
              expected.group(1) + "," + new BigDecimal(expected.group(2)).toPlainString());
      assertThat(table.exitCode()).as(table.toString()).isZero();
      List<String> lines = table.out().lines().toList();
      assertThat(lines).hasSize(3);
      // headers left-aligned, each column as wide as its widest value
      assertThat(lines.get(0)).matches("n +\\| total");
      assertThat(lines.get(1)).matches("-+ \\| -+");
      assertThat(lines.get(2).split("\\|")[0].strip()).isEqualTo(expected.group(1));
      assertThat(table.err()).contains("1 row in ");
      assertThat(json.exitCode()).as(json.toString()).isZero();
      assertThat(json.out()).contains("\"reason\" : ").contains("\"n\" : ");

      CliRun missing = CliRun.run(home, Map.of(), "sql", "SELECT * FROM no_such_table");
      assertThat(missing.exitCode()).isEqualTo(ExitCode.FAILURE);
      assertThat(missing.err()).contains("no_such_table");

      assertThat(stack.terminate(120)).as(stack.toString()).isNotEqualTo(137);
    }
  }
}
