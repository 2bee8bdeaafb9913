package io.salesflow.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SqlFileParserTest {

  private static final String HEADER =
      """
      -- name: q
      -- description: Sales of a tenant
      -- param: tenant_id string required | Tenant
      """;

  private static QueryDefinition parse(String text) {
    return QueryLibrary.of(Map.of("q.sql", text)).require("q");
  }

  private static void assertRefused(String text, int line, String problem) {
    assertThatThrownBy(() -> parse(text))
        .isInstanceOf(QueryLibraryException.class)
        .hasMessageContaining("Invalid query file q.sql line " + line + ": ")
        .hasMessageContaining(problem)
        .satisfies(e -> assertThat(((QueryLibraryException) e).line()).isEqualTo(line))
        .satisfies(e -> assertThat(((QueryLibraryException) e).file()).isEqualTo("q.sql"));
  }

  @Test
  void validFile_givesHeaderParametersScheduleChartAndMarkers() {
    QueryDefinition q =
        parse(
            """
            -- name: q
            -- title: Monthly revenue
            -- description: Revenue per month
            --   of one tenant.
            -- param: tenant_id string required values=a,b max-length=10 | Tenant
            -- param: year integer default=current_year min=2000 max=2100 | Year
            -- param: min_price decimal default=10.50 | Lowest price
            -- param: as_of timestamp default=now-1d | Earlier state
            -- schedule: monthly cron(0 7 1 * ? *)
            -- chart: line x=month y=revenue,avg series=tenant_id

            SELECT month, SUM(sold_price) AS revenue
            FROM sales_history FOR TIMESTAMP AS OF ? /* as_of */
            WHERE tenant_id = ? /* tenant_id */ AND year = ?/*year*/
              AND sold_price >= ? /* min_price */ AND brand <> 'n/a'
            GROUP BY month
            """);

    assertThat(q.title()).isEqualTo("Monthly revenue");
    assertThat(q.description()).isEqualTo("Revenue per month of one tenant.");
    assertThat(q.parameters())
        .extracting(QueryParameter::name)
        .containsExactly("tenant_id", "year", "min_price", "as_of");
    QueryParameter tenant = q.parameter("tenant_id").orElseThrow();
    assertThat(tenant.required()).isTrue();
    assertThat(tenant.allowed()).containsExactly("a", "b");
    assertThat(tenant.maxLength()).isEqualTo(10);
    QueryParameter year = q.parameter("year").orElseThrow();
    assertThat(year.type()).isEqualTo(ParameterType.INTEGER);
    assertThat(year.defaultValue().orElseThrow().dynamic()).isTrue();
    assertThat(year.min()).isEqualTo(2000L);
    assertThat(year.line()).isEqualTo(6);
    assertThat(q.schedule()).contains(new Schedule("monthly", "cron(0 7 1 * ? *)"));
    assertThat(q.chart().orElseThrow().y()).containsExactly("revenue", "avg");
    assertThat(q.chart().orElseThrow().series()).contains("tenant_id");
    assertThat(q.placeholders())
        .extracting(Placeholder::parameter, Placeholder::line, Placeholder::inline)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("as_of", 13, true),
            org.assertj.core.groups.Tuple.tuple("tenant_id", 14, false),
            org.assertj.core.groups.Tuple.tuple("year", 14, false),
            org.assertj.core.groups.Tuple.tuple("min_price", 15, false));
    assertThat(q.sql()).startsWith("SELECT month").doesNotContain("-- name");
  }

  @Test
  void extractFromAndCtesAndUnnest_areNotMistakenForTables() {
    QueryDefinition q =
        parse(
            HEADER
                + """
                WITH monthly AS (SELECT extract(year FROM sold_date) AS y FROM sales_history
                  WHERE tenant_id = ? /* tenant_id */),
                other AS (SELECT trim(BOTH ' ' FROM brand) AS b FROM "sales_history")
                SELECT * FROM monthly m JOIN other o ON true
                CROSS JOIN UNNEST(ARRAY[1]) AS t (x)
                LEFT JOIN (SELECT 1 AS one) s ON true
                LEFT JOIN "sales_history$snapshots" h ON true
                """);

    assertThat(q.placeholders()).hasSize(1);
  }

  @Test
  void missingHeader_isRefused() {
    assertRefused("SELECT 1", 1, "missing header: start the file with '-- name: q'");
  }

  @Test
  void malformedHeaderLine_namesTheLine() {
    assertRefused(
        "-- name: q\n-- description: d\n-- this is not a key\nSELECT 1",
        3,
        "expected '-- <key>: <value>'");
  }

  @Test
  void unknownKey_duplicateKey_andNameMismatch_areRefused() {
    assertRefused("-- name: q\n-- owner: me\nSELECT 1", 2, "unknown header key 'owner'");
    assertRefused(
        "-- name: q\n-- description: a\n-- description: b\nSELECT 1",
        3,
        "'description:' is given twice (first on line 2)");
    assertRefused("-- name: other\n-- description: a\nSELECT 1", 1, "must equal the file name 'q'");
    assertRefused("-- name: q\nSELECT 1", 1, "missing 'description:'");
  }

  @Test
  void badParameterDeclarations_areRefusedWithTheirLine() {
    String base = "-- name: q\n-- description: d\n";
    assertRefused(
        base + "-- param: year int default=1 | Y\nSELECT ? /* year */",
        3,
        "unknown parameter type 'int'");
    assertRefused(
        base + "-- param: year integer default=1\nSELECT ? /* year */",
        3,
        "needs a description after '|'");
    assertRefused(
        base + "-- param: year integer | Y\nSELECT ? /* year */",
        3,
        "needs exactly one of 'required' or 'default=<value>'");
    assertRefused(
        base + "-- param: year integer required default=1 | Y\nSELECT ? /* year */",
        3,
        "exactly one of");
    assertRefused(
        base + "-- param: year integer default=abc | Y\nSELECT ? /* year */",
        3,
        "default 'abc' of 'year' is not a whole number");
    assertRefused(
        base + "-- param: month integer default=13 max=12 | M\nSELECT ? /* month */",
        3,
        "default of 'month' must be at most 12");
    assertRefused(
        base + "-- param: s string default=x min=1 | S\nSELECT ? /* s */",
        3,
        "'min' does not apply to string parameter 's'");
    assertRefused(
        base + "-- param: n integer default=1 values=1,2 | N\nSELECT ? /* n */",
        3,
        "'values' applies to string parameters only");
    assertRefused(
        base + "-- param: n integer default=1 colour=red | N\nSELECT ? /* n */",
        3,
        "unknown option 'colour'");
    assertRefused(
        base + "-- param: Year integer default=1 | N\nSELECT 1",
        3,
        "parameter name 'Year' must be lower-case");
    assertRefused(
        base
            + "-- param: n integer default=1 | N\n-- param: n integer default=2 | N\nSELECT ? /* n */",
        4,
        "parameter 'n' is declared twice");
  }

  @Test
  void badScheduleAndChart_areRefused() {
    String base = "-- name: q\n-- description: d\n";
    assertRefused(
        base + "-- schedule: daily 0 6 * * *\nSELECT 1",
        3,
        "expected an EventBridge cron expression");
    assertRefused(
        base + "-- schedule: daily cron(0 6 1 * 1 *)\nSELECT 1",
        3,
        "needs '?' in the day-of-month or the day-of-week");
    assertRefused(base + "-- chart: pie x=a y=b\nSELECT 1", 3, "chart kind must be line or bar");
    assertRefused(
        base + "-- chart: line x=a\nSELECT 1", 3, "chart needs x=<column> and y=<column>");
  }

  @Test
  void markers_mustNameDeclaredParameters_andEveryParameterIsUsed() {
    assertRefused(
        HEADER + "SELECT 1 FROM sales_history WHERE tenant_id = ?",
        4,
        "must be followed by /* <parameter name> */");
    assertRefused(
        HEADER + "SELECT 1\nFROM sales_history\nWHERE tenant_id = ? /* tenant */",
        6,
        "'? /* tenant */' names no declared parameter");
    assertRefused(
        HEADER + "SELECT 1 FROM sales_history",
        3,
        "parameter 'tenant_id' is declared but no '? /* tenant_id */' uses it");
    assertRefused(
        "-- name: q\n-- description: d\n-- param: brand string default=x | B\n"
            + "SELECT 1 FROM sales_history FOR VERSION AS OF ? /* brand */",
        4,
        "FOR ... AS OF takes a timestamp or an integer snapshot id");
  }

  @Test
  void onlyOneReadOnlyStatementOnAllowedTables() {
    assertRefused(
        HEADER + "DELETE FROM sales_history WHERE tenant_id = ? /* tenant_id */",
        4,
        "must start with SELECT or WITH, not 'DELETE'");
    assertRefused(
        HEADER + "SELECT 1 FROM sales_history WHERE tenant_id = ? /* tenant_id */;",
        4,
        "remove ';'");
    assertRefused(
        HEADER + "SELECT 1\nFROM prod_db.sales_history WHERE tenant_id = ? /* tenant_id */",
        5,
        "write the table unqualified");
    assertRefused(
        HEADER + "SELECT 1 FROM \"other\".\"sales_history\" WHERE tenant_id = ? /* tenant_id */",
        4,
        "write the table unqualified");
    assertRefused(
        HEADER + "SELECT 1 FROM customers WHERE tenant_id = ? /* tenant_id */",
        4,
        "unknown table 'customers'");
    assertRefused(
        HEADER + "SELECT 1 FROM \"sales_history$secrets\" WHERE 1 = ? /* tenant_id */",
        4,
        "unknown table 'sales_history$secrets'");
    assertRefused(
        HEADER + "SELECT 1 FROM sales_history$files WHERE 1 = ? /* tenant_id */",
        4,
        "quote the metadata table");
    assertRefused(HEADER + "SELECT 'open FROM sales_history", 4, "unterminated string literal");
    assertRefused(HEADER + "\n-- only a comment", 5, "the file has a header but no SQL");
  }

  @Test
  void functionAthenaDoesNotDocument_isRefused_namingFileLineFunctionAndFix() {
    // Trino 476 has euclidean_distance and dot_product for arrays; Athena documents neither.
    String body =
        HEADER
            + """
            SELECT product_id,
              euclidean_distance(embedding, ARRAY[0.0E0]) AS distance
            FROM sales_history WHERE tenant_id = ? /* tenant_id */
            """;

    assertRefused(body, 5, "function 'euclidean_distance' is not one Athena engine v3 documents");
    assertRefused(
        body,
        5,
        "use an Athena engine v3 function; see https://docs.aws.amazon.com/athena/latest/ug/functions-env3.html");
    assertRefused(
        HEADER
            + "SELECT CAST(DOT_PRODUCT(embedding, embedding) AS double)\n"
            + "FROM sales_history WHERE tenant_id = ? /* tenant_id */",
        4,
        "function 'DOT_PRODUCT' is not one Athena engine v3 documents");
  }

  @Test
  void syntaxTypesAliasesCteColumnsLiteralsAndComments_areNotMistakenForFunctions() {
    QueryDefinition q =
        parse(
            HEADER
                + """
                WITH m (y, n) AS (
                  SELECT year, COUNT(*) FROM sales_history
                  WHERE tenant_id = ? /* tenant_id */ AND brand IN ('a', 'b')
                    AND EXISTS (SELECT 1 FROM sales_history_errors e (t, p) WHERE true)
                  GROUP BY year
                )
                SELECT CAST(n AS decimal(10, 2)), TRY_CAST(y AS varchar(4)),
                  CAST(current_timestamp AS timestamp(6) with time zone),
                  CAST(ROW(1, 'a') AS ROW(x integer, s varchar(3))),
                  Row_Number() OVER (ORDER BY y), 'euclidean_distance(' AS text,
                  sum(n) FILTER (WHERE y > 0) -- ai_gen(x) in a comment
                  /* dot_product(a, b) */
                FROM m CROSS JOIN UNNEST(ARRAY[1, 2]) AS u (v)
                LEFT JOIN (VALUES (1)) w (k) ON true
                """);

    assertThat(q.placeholders()).hasSize(1);
  }

  @Test
  void windowsLineEnds_areAccepted() {
    QueryDefinition q =
        parse(
            HEADER.replace("\n", "\r\n")
                + "SELECT 1 FROM sales_history\r\nWHERE tenant_id = ? /* tenant_id */\r\n");

    assertThat(q.placeholders()).singleElement().satisfies(p -> assertThat(p.line()).isEqualTo(5));
    assertThat(List.of(q.sql().split("\n"))).hasSize(2);
  }

  private static final String PRICE_HEADER =
      """
      -- name: q
      -- description: Sales above a price
      -- param: min_price decimal default=10 | Lowest price
      """;

  @Test
  void aParameterOutsideAWhereClause_isRefused_withTheClauseAndTheRewrite() {
    String rewrite =
        "Move the comparison into the WHERE clause of a CTE or a scalar subquery, e.g. (SELECT"
            + " count(*) FROM sales_history WHERE sold_price > ? /* min_price */)";
    assertRefused(
        PRICE_HEADER + "SELECT COUNT_IF(sold_price > ? /* min_price */) FROM sales_history",
        4,
        "Athena takes a parameter only in a WHERE clause, but '? /* min_price */' is in a SELECT"
            + " list. "
            + rewrite);
    assertRefused(
        PRICE_HEADER
            + "WITH c AS (\n  SELECT ? /* min_price */ AS p FROM sales_history\n  WHERE true)\n"
            + "SELECT * FROM c",
        5,
        "is in a SELECT list");
    assertRefused(
        PRICE_HEADER
            + "SELECT brand FROM sales_history GROUP BY brand\n"
            + "HAVING SUM(sold_price) > ? /* min_price */",
        5,
        "is in a HAVING clause");
    assertRefused(
        PRICE_HEADER
            + "SELECT 1 FROM sales_history s\n"
            + "JOIN sales_history t ON t.sold_price > ? /* min_price */",
        5,
        "is in a JOIN's ON condition");
    assertRefused(
        PRICE_HEADER
            + "SELECT COUNT(*) FILTER (WHERE sold_price > ? /* min_price */) FROM sales_history",
        4,
        "is in an aggregate's FILTER (WHERE ...), which is not a WHERE clause");
    assertRefused(
        PRICE_HEADER
            + "SELECT 1 FROM sales_history WHERE true\nORDER BY sold_price > ? /* min_price */",
        5,
        "is in a ORDER BY");
    assertRefused(
        PRICE_HEADER + "SELECT 1 FROM sales_history WHERE true LIMIT ? /* min_price */",
        4,
        "is in a LIMIT clause");
  }

  @Test
  void parametersInWhereClauses_atAnyDepth_areAccepted() {
    QueryDefinition q =
        parse(
            PRICE_HEADER
                + """
                WITH above AS (
                  SELECT COUNT(*) AS n FROM sales_history
                  WHERE sold_price > ? /* min_price */
                    AND year = extract(year FROM current_date)
                )
                SELECT
                  (SELECT COUNT(*) FROM sales_history WHERE sold_price > ? /* min_price */) AS s,
                  above.n
                FROM above
                WHERE above.n IN (SELECT COUNT(*) FROM sales_history
                                  WHERE brand IN (concat('%', CAST(? /* min_price */ AS varchar))))
                  AND above.n > abs(? /* min_price */ - 1)
                """);

    assertThat(q.placeholders()).hasSize(4).noneMatch(Placeholder::inline);
  }

  @Test
  void aQuotedParameter_isRefused() {
    assertRefused(
        PRICE_HEADER
            + "SELECT 1 FROM sales_history WHERE sold_price > ? /* min_price */\n"
            + "  AND brand LIKE '%?%'",
        5,
        "Athena never reads a parameter inside quotes: '%?%' is a string, not a parameter");
  }

  @Test
  void onlyForTimestampAsOf_writesAValueIntoTheSql_everyOtherTimestampIsBound() {
    QueryDefinition q =
        parse(
            """
            -- name: q
            -- description: Sales before a time
            -- param: as_of timestamp default=now-1d | Earlier state
            SELECT COUNT(*) FROM sales_history FOR TIMESTAMP AS OF ? /* as_of */
            WHERE sold_date < ? /* as_of */
              AND sold_date < (SELECT max(sold_date) FROM sales_history
                               WHERE sold_date < ? /* as_of */)
            """);

    assertThat(q.placeholders())
        .extracting(Placeholder::inline)
        .containsExactly(true, false, false);
    BoundQuery bound = q.bind(Map.of("as_of", "2024-05-01T10:00:00"), java.time.Clock.systemUTC());
    assertThat(bound.sql())
        .contains("FOR TIMESTAMP AS OF TIMESTAMP '2024-05-01 10:00:00.000000 UTC'")
        .contains("WHERE sold_date < ? /* as_of */");
    assertThat(bound.parameters()).hasSize(2);
  }
}
