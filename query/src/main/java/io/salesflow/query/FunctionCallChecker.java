package io.salesflow.query;

import io.salesflow.query.SqlScanner.Kind;
import io.salesflow.query.SqlScanner.Token;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks that a query body calls only functions Athena engine v3 documents, listed in the {@value
 * #RESOURCE} resource. Local Trino 476 has more functions than Athena: without this check a query
 * could pass every local test and fail in AWS.
 *
 * <p>A call is a name (word or quoted identifier) followed by {@code (}. Not calls: SQL syntax
 * ({@code IN (}, {@code OVER (}, {@code UNNEST(}, ...), the type in {@code CAST(x AS
 * timestamp(6))}, a CTE's column list ({@code WITH t (a) AS (}) and an alias's column list ({@code
 * AS t (a)}, {@code UNNEST(...) t (a)}, {@code sales_history s (a)}). String literals and comments
 * are tokens of their own and never looked at.
 */
final class FunctionCallChecker {

  /** Class path resource (next to this class) listing the allowed names, one per line. */
  static final String RESOURCE = "athena-v3-functions.txt";

  /** Athena's page of engine v3 functions, named in the refusal. */
  static final String ATHENA_FUNCTIONS_URL =
      "https://docs.aws.amazon.com/athena/latest/ug/functions-env3.html";

  private static final Set<String> FUNCTIONS = load();

  /** Words that take a parenthesis without being functions. */
  private static final Set<String> SYNTAX =
      words(
          "ALL AND ANY AS BERNOULLI BETWEEN BY CASE CUBE DISTINCT ELSE ESCAPE EXCEPT EXISTS "
              + "FILTER FROM GROUP HAVING IN INTERSECT IS JOIN LATERAL LIKE LIMIT MATCH_RECOGNIZE "
              + "NOT OF OFFSET ON OR OVER PATTERN RETURN ROLLUP ROW SELECT SETS SOME SYSTEM TABLE "
              + "THEN UNION UNNEST USING VALUES WHEN WHERE ZONE");

  /**
   * Words a function call may directly follow: keywords that introduce an expression, reserved
   * (SELECT, WHEN, BY, ...) or not (ZONE, ROWS, RUNNING, ...). After any other word, an identifier,
   * a name with a parenthesis is an alias with its column list.
   */
  private static final Set<String> BEFORE_EXPRESSION =
      words(
          "ALL AND ANY BETWEEN BOTH BY CASE CUBE DISTINCT ELSE ESCAPE EXCEPT EXISTS FINAL "
              + "FIRST FOR FROM GROUPS HAVING IN INTERSECT IS JOIN LEADING LIKE LIMIT MEASURES "
              + "NEXT NOT OF OFFSET ON OR PLACING RANGE RETURN ROLLUP ROWS RUNNING SELECT SOME "
              + "TABLE THEN TRAILING UNION USING VALUES WHEN WHERE WITH ZONE");

  private final String file;

  FunctionCallChecker(String file) {
    this.file = file;
  }

  /**
   * Checks the calls among {@code tokens} (the body's significant tokens).
   *
   * @throws QueryLibraryException naming the line and the first function Athena does not document
   */
  void check(List<Token> tokens) {
    List<Integer> castDepths = new ArrayList<>();
    int depth = 0;
    int typeDepth = 0;
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (t.isSymbol("(")) {
        depth++;
        if (i > 0 && (tokens.get(i - 1).isWord("CAST") || tokens.get(i - 1).isWord("TRY_CAST"))) {
          castDepths.add(depth);
        }
      } else if (t.isSymbol(")")) {
        castDepths.remove(Integer.valueOf(depth));
        typeDepth = typeDepth == depth ? 0 : typeDepth;
        depth--;
      } else if (t.isWord("AS") && castDepths.contains(depth) && typeDepth == 0) {
        // CAST(x AS <type>): up to the closing parenthesis, names are types (timestamp(6), ...).
        typeDepth = depth;
      } else if (typeDepth == 0
          && isCall(tokens, i)
          && !FUNCTIONS.contains(t.identifier().toLowerCase(Locale.ROOT))) {
        throw refuse(t);
      }
    }
  }

  private QueryLibraryException refuse(Token call) {
    return new QueryLibraryException(
        file,
        call.line(),
        "function '"
            + call.identifier()
            + "' is not one Athena engine v3 documents (local Trino may run it, Athena may not);"
            + " use an Athena engine v3 function; see "
            + ATHENA_FUNCTIONS_URL
            + " (allowed names: query/src/main/resources/io/salesflow/query/"
            + RESOURCE
            + ")");
  }

  private static boolean isCall(List<Token> tokens, int i) {
    Token t = tokens.get(i);
    if ((t.kind() != Kind.WORD && t.kind() != Kind.QUOTED_IDENTIFIER)
        || i + 1 >= tokens.size()
        || !tokens.get(i + 1).isSymbol("(")) {
      return false;
    }
    if (t.kind() == Kind.WORD && SYNTAX.contains(t.text().toUpperCase(Locale.ROOT))) {
      return false;
    }
    return !(i > 0 && followsRelation(tokens.get(i - 1))) && !isCteWithColumns(tokens, i);
  }

  /** Whether a name after {@code previous} is an alias (with a column list), not a call. */
  private static boolean followsRelation(Token previous) {
    return previous.isWord("AS")
        || previous.isSymbol(")")
        || previous.kind() == Kind.QUOTED_IDENTIFIER
        || (previous.kind() == Kind.WORD
            && !BEFORE_EXPRESSION.contains(previous.text().toUpperCase(Locale.ROOT)));
  }

  /** {@code name (a, b) AS (...)}: a CTE with a column list. */
  private static boolean isCteWithColumns(List<Token> tokens, int i) {
    int depth = 0;
    for (int j = i + 1; j < tokens.size(); j++) {
      if (tokens.get(j).isSymbol("(")) {
        depth++;
      } else if (tokens.get(j).isSymbol(")") && --depth == 0) {
        return j + 2 < tokens.size()
            && tokens.get(j + 1).isWord("AS")
            && tokens.get(j + 2).isSymbol("(");
      }
    }
    return false;
  }

  private static Set<String> words(String spaceSeparated) {
    return Set.of(spaceSeparated.split(" "));
  }

  private static Set<String> load() {
    try (InputStream in = FunctionCallChecker.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "Cannot check query functions: no " + RESOURCE + " next to FunctionCallChecker");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("#"))
          .map(line -> line.toLowerCase(Locale.ROOT))
          .collect(Collectors.toUnmodifiableSet());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + RESOURCE, e);
    }
  }
}
