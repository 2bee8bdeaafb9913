package io.salesflow.query;

import io.salesflow.query.SqlScanner.Kind;
import io.salesflow.query.SqlScanner.Token;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Athena's documented rules for parameterized queries, checked where each marker stands. Athena
 * (engine v3) takes {@code ?} parameters:
 *
 * <ul>
 *   <li>only in a WHERE clause ("Syntax like {@code SELECT ? FROM table} is not supported"): the
 *       WHERE clause of the statement, of a CTE or of a subquery, at any depth of parentheses
 *       inside it, but not in a SELECT list, JOIN ... ON, GROUP BY, HAVING, ORDER BY, LIMIT, a
 *       window, or an aggregate's {@code FILTER (WHERE ...)};
 *   <li>positionally: the library binds markers in the order they appear, so this holds by
 *       construction;
 *   <li>never inside quotes: {@code '?'} is a one-character string, not a parameter;
 *   <li>only in SELECT, INSERT INTO, CTAS and UNLOAD: the library's statements are SELECT or WITH
 *       (checked by {@link SqlBodyChecker}).
 * </ul>
 *
 * <p>Local Trino accepts a parameter anywhere, so without this check a query could pass every local
 * test and fail on Athena. The one exception is {@code FOR TIMESTAMP|VERSION AS OF ?}, where
 * neither engine takes a parameter: the library writes the type-checked value as a literal there
 * ({@link Placeholder#inlineLiteral}), so such a marker is not a parameter at all.
 */
final class AthenaParameterRules {

  /** Words that open a clause of a query block. */
  private static final Set<String> CLAUSES =
      Set.of(
          "SELECT",
          "FROM",
          "WHERE",
          "GROUP",
          "HAVING",
          "ORDER",
          "LIMIT",
          "OFFSET",
          "FETCH",
          "JOIN",
          "ON",
          "USING",
          "WINDOW",
          "UNION",
          "INTERSECT",
          "EXCEPT",
          "VALUES",
          "WITH",
          "PARTITION");

  /** Functions whose arguments use FROM as a keyword, not as a clause. */
  private static final Set<String> KEYWORD_FROM_FUNCTIONS =
      Set.of("EXTRACT", "TRIM", "SUBSTRING", "OVERLAY");

  /** A string literal that is a quoted parameter: '?', '%?%', '? /* name * /'. */
  private static final Pattern QUOTED_MARKER = Pattern.compile("'%?\\?%?(\\s*/\\*.*\\*/)?'");

  private final String file;

  AthenaParameterRules(String file) {
    this.file = file;
  }

  /** Checks every parameter marker among {@code significant} (the body's tokens sans comments). */
  void check(List<Token> significant, List<Placeholder> placeholders) {
    for (Token t : significant) {
      if (t.kind() == Kind.STRING && QUOTED_MARKER.matcher(t.text()).matches()) {
        throw fail(
            t.line(),
            "Athena never reads a parameter inside quotes: "
                + t.text()
                + " is a string, not a parameter. Write the marker unquoted, ? /* name */ (for a"
                + " LIKE pattern: concat('%', ? /* name */, '%')), or chr(63) if you mean the"
                + " character");
      }
    }
    for (Placeholder p : placeholders) {
      if (p.inline()) {
        continue;
      }
      Token marker =
          significant.stream()
              .filter(t -> t.kind() == Kind.PARAMETER && t.start() == p.offset())
              .findFirst()
              .orElseThrow();
      String clause = clauseOf(significant, marker);
      if (!clause.equals("WHERE")) {
        throw fail(
            p.line(),
            "Athena takes a parameter only in a WHERE clause, but '? /* "
                + p.parameter()
                + " */' is in "
                + describe(clause)
                + ". Move the comparison into the WHERE clause of a CTE or a scalar subquery,"
                + " e.g. (SELECT count(*) FROM sales_history WHERE sold_price > ? /* "
                + p.parameter()
                + " */), and select its result");
      }
    }
  }

  /**
   * The clause {@code marker} stands in: that of the innermost parenthesis (query block) that has
   * started one; parentheses without a clause of their own (a function call, IN list, arithmetic)
   * belong to the clause around them.
   */
  private static String clauseOf(List<Token> tokens, Token marker) {
    Deque<Frame> frames = new ArrayDeque<>();
    frames.push(new Frame(null, false));
    Token previous = null;
    for (Token t : tokens) {
      if (t == marker) {
        break;
      }
      if (t.isSymbol("(")) {
        boolean filter = previous != null && previous.isWord("FILTER");
        boolean keywordFrom =
            previous != null
                && previous.kind() == Kind.WORD
                && KEYWORD_FROM_FUNCTIONS.contains(previous.text().toUpperCase());
        frames.push(new Frame(filter ? "FILTER" : null, keywordFrom));
      } else if (t.isSymbol(")")) {
        if (frames.size() > 1) {
          frames.pop();
        }
      } else if (t.kind() == Kind.WORD && CLAUSES.contains(t.text().toUpperCase())) {
        Frame frame = frames.peek();
        String word = t.text().toUpperCase();
        boolean argumentKeyword = frame.keywordFrom && word.equals("FROM");
        boolean filterWhere = "FILTER".equals(frame.clause) && word.equals("WHERE");
        if (!argumentKeyword && !filterWhere) {
          frame.clause = word;
        }
      }
      previous = t;
    }
    for (Frame f : frames) {
      if (f.clause != null) {
        return f.clause;
      }
    }
    return "SELECT";
  }

  private static String describe(String clause) {
    return switch (clause) {
      case "SELECT" -> "a SELECT list";
      case "FILTER" -> "an aggregate's FILTER (WHERE ...), which is not a WHERE clause";
      case "GROUP", "ORDER", "PARTITION" -> "a " + clause + " BY";
      case "ON", "USING" -> "a JOIN's " + clause + " condition";
      default -> "a " + clause + " clause";
    };
  }

  private QueryLibraryException fail(int line, String problem) {
    return new QueryLibraryException(file, line, problem);
  }

  /** One level of parentheses and the clause last opened in it. */
  private static final class Frame {
    private String clause;
    private final boolean keywordFrom;

    Frame(String clause, boolean keywordFrom) {
      this.clause = clause;
      this.keywordFrom = keywordFrom;
    }
  }
}
