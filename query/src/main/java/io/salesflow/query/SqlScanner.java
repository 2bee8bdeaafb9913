package io.salesflow.query;

import java.util.ArrayList;
import java.util.List;

/**
 * A small lexer for the query library's SQL: enough to find parameter markers, table references and
 * statement terminators outside string literals, quoted identifiers and comments.
 */
final class SqlScanner {

  /** Token kinds. */
  enum Kind {
    WORD,
    QUOTED_IDENTIFIER,
    STRING,
    NUMBER,
    PARAMETER,
    LINE_COMMENT,
    BLOCK_COMMENT,
    SYMBOL,
    WHITESPACE
  }

  /**
   * A token.
   *
   * @param kind what it is
   * @param text the exact source text
   * @param line 1-based line of its first character in the file
   * @param start offset in the scanned text
   */
  record Token(Kind kind, String text, int line, int start) {

    boolean isWord(String word) {
      return kind == Kind.WORD && text.equalsIgnoreCase(word);
    }

    boolean isSymbol(String symbol) {
      return kind == Kind.SYMBOL && text.equals(symbol);
    }

    boolean significant() {
      return kind != Kind.WHITESPACE && kind != Kind.LINE_COMMENT && kind != Kind.BLOCK_COMMENT;
    }

    /** The identifier this token names: unquoted words as written, quoted ones unescaped. */
    String identifier() {
      return kind == Kind.QUOTED_IDENTIFIER
          ? text.substring(1, text.length() - 1).replace("\"\"", "\"")
          : text;
    }
  }

  /** Thrown for unterminated literals and comments; carries the line where they start. */
  static final class ScanException extends RuntimeException {
    private final int line;

    ScanException(String message, int line) {
      super(message);
      this.line = line;
    }

    int line() {
      return line;
    }
  }

  private SqlScanner() {}

  /** Tokens of {@code sql}, whose first line is line {@code firstLine} of its file. */
  static List<Token> scan(String sql, int firstLine) {
    List<Token> tokens = new ArrayList<>();
    int line = firstLine;
    int i = 0;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      int end;
      Kind kind;
      if (Character.isWhitespace(c)) {
        end = i;
        while (end < sql.length() && Character.isWhitespace(sql.charAt(end))) {
          end++;
        }
        kind = Kind.WHITESPACE;
      } else if (c == '-' && next(sql, i) == '-') {
        end = sql.indexOf('\n', i);
        end = end < 0 ? sql.length() : end;
        kind = Kind.LINE_COMMENT;
      } else if (c == '/' && next(sql, i) == '*') {
        end = sql.indexOf("*/", i + 2);
        if (end < 0) {
          throw new ScanException("unterminated /* comment", line);
        }
        end += 2;
        kind = Kind.BLOCK_COMMENT;
      } else if (c == '\'') {
        end = quoted(sql, i, '\'', line, "string literal");
        kind = Kind.STRING;
      } else if (c == '"') {
        end = quoted(sql, i, '"', line, "quoted identifier");
        kind = Kind.QUOTED_IDENTIFIER;
      } else if (Character.isLetter(c) || c == '_') {
        end = i;
        while (end < sql.length() && isWordPart(sql.charAt(end))) {
          end++;
        }
        kind = Kind.WORD;
      } else if (Character.isDigit(c)) {
        end = i;
        while (end < sql.length()
            && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '.')) {
          end++;
        }
        kind = Kind.NUMBER;
      } else if (c == '?') {
        end = i + 1;
        kind = Kind.PARAMETER;
      } else {
        end = i + 1;
        kind = Kind.SYMBOL;
      }
      String text = sql.substring(i, end);
      tokens.add(new Token(kind, text, line, i));
      line += count(text, '\n');
      i = end;
    }
    return tokens;
  }

  private static boolean isWordPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '@';
  }

  private static char next(String sql, int i) {
    return i + 1 < sql.length() ? sql.charAt(i + 1) : '\0';
  }

  /** End (exclusive) of a literal opened at {@code start}; a doubled quote is an escaped one. */
  private static int quoted(String sql, int start, char quote, int line, String what) {
    int i = start + 1;
    while (i < sql.length()) {
      if (sql.charAt(i) == quote) {
        if (next(sql, i) == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    throw new ScanException("unterminated " + what, line);
  }

  private static int count(String text, char c) {
    int n = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == c) {
        n++;
      }
    }
    return n;
  }
}
