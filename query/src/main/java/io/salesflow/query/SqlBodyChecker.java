package io.salesflow.query;

import io.salesflow.query.SqlScanner.Kind;
import io.salesflow.query.SqlScanner.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks a query body: one read-only statement without a terminator, every {@code ?} annotated with
 * a declared parameter (and every parameter used), every table unqualified and one of the allowed
 * tables, every function one Athena engine v3 documents ({@link FunctionCallChecker}), every marker
 * where Athena takes a parameter ({@link AthenaParameterRules}). Returns the parameter markers in
 * order.
 */
final class SqlBodyChecker {

  private final String file;
  private final List<QueryParameter> parameters;
  private final Set<String> tables;

  SqlBodyChecker(String file, List<QueryParameter> parameters, Set<String> tables) {
    this.file = file;
    this.parameters = parameters;
    this.tables = tables;
  }

  /** Checks the body and returns its parameter markers. */
  List<Placeholder> check(String sql, int firstLine) {
    if (sql.isEmpty()) {
      throw fail(firstLine, "the file has a header but no SQL");
    }
    List<Token> tokens;
    try {
      tokens = SqlScanner.scan(sql, firstLine);
    } catch (SqlScanner.ScanException e) {
      throw fail(e.line(), e.getMessage());
    }
    List<Token> significant = tokens.stream().filter(Token::significant).toList();
    if (significant.isEmpty()) {
      throw fail(firstLine, "the file has a header but no SQL");
    }
    Token first = significant.get(0);
    if (!first.isWord("SELECT") && !first.isWord("WITH") && !first.isSymbol("(")) {
      throw fail(
          first.line(),
          "the library runs read-only queries: the statement must start with SELECT or WITH, not '"
              + first.text()
              + "'");
    }
    significant.stream()
        .filter(t -> t.isSymbol(";"))
        .findFirst()
        .ifPresent(
            t -> {
              throw fail(
                  t.line(),
                  "remove ';': a query file holds one statement, sent without a terminator");
            });
    new TableReferenceChecker(significant).check();
    new FunctionCallChecker(file).check(significant);
    List<Placeholder> placeholders = placeholders(tokens, significant);
    new AthenaParameterRules(file).check(significant, placeholders);
    for (QueryParameter p : parameters) {
      if (placeholders.stream().noneMatch(m -> m.parameter().equals(p.name()))) {
        throw fail(
            p.line(),
            "parameter '" + p.name() + "' is declared but no '? /* " + p.name() + " */' uses it");
      }
    }
    return placeholders;
  }

  private List<Placeholder> placeholders(List<Token> tokens, List<Token> significant) {
    List<Placeholder> placeholders = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (t.kind() != Kind.PARAMETER) {
        continue;
      }
      int j = i + 1;
      while (j < tokens.size() && tokens.get(j).kind() == Kind.WHITESPACE) {
        j++;
      }
      if (j >= tokens.size() || tokens.get(j).kind() != Kind.BLOCK_COMMENT) {
        throw fail(t.line(), "parameter marker '?' must be followed by /* <parameter name> */");
      }
      String comment = tokens.get(j).text();
      String name = comment.substring(2, comment.length() - 2).strip();
      QueryParameter parameter =
          parameters.stream()
              .filter(p -> p.name().equals(name))
              .findFirst()
              .orElseThrow(
                  () ->
                      fail(
                          t.line(),
                          "'? /* "
                              + name
                              + " */' names no declared parameter (declare it with '-- param: "
                              + name
                              + " <type> ...')"));
      boolean inline = inAsOfClause(significant, t);
      if (inline
          && parameter.type() != ParameterType.TIMESTAMP
          && parameter.type() != ParameterType.INTEGER) {
        throw fail(
            t.line(),
            "FOR ... AS OF takes a timestamp or an integer snapshot id, but '"
                + name
                + "' is "
                + parameter.type().keyword());
      }
      placeholders.add(new Placeholder(name, t.line(), t.start(), inline));
    }
    return placeholders;
  }

  /** Whether {@code marker} directly follows {@code FOR TIMESTAMP|VERSION|SYSTEM_TIME AS OF}. */
  private static boolean inAsOfClause(List<Token> significant, Token marker) {
    int i = significant.indexOf(marker);
    return i >= 4
        && significant.get(i - 1).isWord("OF")
        && significant.get(i - 2).isWord("AS")
        && (significant.get(i - 3).isWord("TIMESTAMP")
            || significant.get(i - 3).isWord("VERSION")
            || significant.get(i - 3).isWord("SYSTEM_TIME"))
        && significant.get(i - 4).isWord("FOR");
  }

  /**
   * Finds the relation after each FROM and JOIN: a subquery, UNNEST, a CTE declared earlier, or an
   * unqualified allowed table. The database always comes from configuration (the engine's session
   * context), never from the SQL.
   */
  private final class TableReferenceChecker {
    private final List<Token> tokens;
    private final List<String> ctes = new ArrayList<>();

    TableReferenceChecker(List<Token> tokens) {
      this.tokens = tokens;
    }

    void check() {
      // Depths of open parentheses whose FROM is a keyword argument: extract(year FROM x), ...
      List<Integer> keywordFromDepths = new ArrayList<>();
      int depth = 0;
      for (int i = 0; i < tokens.size(); i++) {
        Token t = tokens.get(i);
        if (t.isSymbol("(")) {
          depth++;
          if (i > 0 && isKeywordFromFunction(tokens.get(i - 1))) {
            keywordFromDepths.add(depth);
          }
        } else if (t.isSymbol(")")) {
          keywordFromDepths.remove(Integer.valueOf(depth));
          depth--;
        } else if (isCteName(i)) {
          ctes.add(t.identifier().toLowerCase());
        } else if ((t.isWord("FROM") && !keywordFromDepths.contains(depth)) || t.isWord("JOIN")) {
          checkRelation(i + 1);
        }
      }
    }

    private boolean isKeywordFromFunction(Token t) {
      return t.isWord("EXTRACT")
          || t.isWord("TRIM")
          || t.isWord("SUBSTRING")
          || t.isWord("OVERLAY");
    }

    private boolean isCteName(int i) {
      return i > 0
          && (tokens.get(i - 1).isWord("WITH")
              || tokens.get(i - 1).isSymbol(",")
              || tokens.get(i - 1).isWord("RECURSIVE"))
          && (tokens.get(i).kind() == Kind.WORD || tokens.get(i).kind() == Kind.QUOTED_IDENTIFIER)
          && isAsParenthesis(
              i + 1 < tokens.size() && tokens.get(i + 1).isSymbol("(")
                  ? closing(i + 1) + 1
                  : i + 1);
    }

    /** Whether {@code AS (} starts at {@code i}. */
    private boolean isAsParenthesis(int i) {
      return i > 0
          && i + 1 < tokens.size()
          && tokens.get(i).isWord("AS")
          && tokens.get(i + 1).isSymbol("(");
    }

    /** Index of the parenthesis closing the one at {@code open}; the last token if none does. */
    private int closing(int open) {
      int depth = 0;
      for (int j = open; j < tokens.size(); j++) {
        if (tokens.get(j).isSymbol("(")) {
          depth++;
        } else if (tokens.get(j).isSymbol(")") && --depth == 0) {
          return j;
        }
      }
      return tokens.size() - 1;
    }

    private void checkRelation(int i) {
      if (i >= tokens.size()) {
        throw fail(tokens.get(i - 1).line(), "FROM/JOIN without a relation");
      }
      Token t = tokens.get(i);
      if (t.isSymbol("(") || t.isWord("UNNEST") || t.isWord("LATERAL")) {
        return;
      }
      if (t.kind() != Kind.WORD && t.kind() != Kind.QUOTED_IDENTIFIER) {
        throw fail(t.line(), "expected a table after FROM/JOIN, got '" + t.text() + "'");
      }
      if (i + 1 < tokens.size() && tokens.get(i + 1).isSymbol(".")) {
        throw fail(
            t.line(),
            "write the table unqualified ('"
                + t.text()
                + ".' names a database or catalog): the database comes from configuration (SALESFLOW_DATABASE)");
      }
      String name = t.identifier();
      if (ctes.contains(name.toLowerCase())) {
        return;
      }
      if (!allowedTable(name)) {
        throw fail(
            t.line(),
            "unknown table '"
                + name
                + "'; queries may read "
                + String.join(", ", tables)
                + " and their metadata tables (\"<table>$history\", $snapshots, $files, $manifests, $partitions, $refs)");
      }
      if (name.contains("$") && t.kind() != Kind.QUOTED_IDENTIFIER) {
        throw fail(t.line(), "quote the metadata table: \"" + name + "\"");
      }
    }

    private boolean allowedTable(String name) {
      int dollar = name.indexOf('$');
      if (dollar < 0) {
        return tables.contains(name);
      }
      return tables.contains(name.substring(0, dollar))
          && List.of("history", "snapshots", "files", "manifests", "partitions", "refs")
              .contains(name.substring(dollar + 1));
    }
  }

  private QueryLibraryException fail(int line, String problem) {
    return new QueryLibraryException(file, line, problem);
  }
}
