package io.salesflow.query;

import io.salesflow.query.SqlScanner.Kind;
import io.salesflow.query.SqlScanner.Token;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one query file: the header of {@code -- key: value} lines at the top, then the SQL body,
 * which it checks (one read-only statement, every {@code ?} annotated with a declared parameter,
 * every table unqualified and one of the allowed tables). Any problem fails with the file and line.
 */
final class SqlFileParser {

  private static final Pattern KEY_LINE = Pattern.compile("^ ([a-z]+):(?:\\s+(.*))?$");
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

  private final String file;
  private final Set<String> tables;
  private final Map<String, Integer> keyLines = new LinkedHashMap<>();
  private final Map<String, StringBuilder> values = new LinkedHashMap<>();
  private final List<QueryParameter> parameters = new ArrayList<>();

  private SqlFileParser(String file, Set<String> tables) {
    this.file = file;
    this.tables = tables;
  }

  /**
   * Parses {@code text}, the content of {@code file}.
   *
   * @param tables table names queries may read (metadata tables {@code <table>$<kind>} included)
   * @throws QueryLibraryException naming the file and line of the first problem
   */
  static QueryDefinition parse(String file, String text, Set<String> tables) {
    return new SqlFileParser(file, tables).parse(text.replace("\r\n", "\n"));
  }

  private QueryDefinition parse(String text) {
    String[] lines = text.split("\n", -1);
    int bodyStart = readHeader(lines);
    String name = required("name", "start the file with '-- name: " + baseName() + "'");
    if (!name.equals(baseName())) {
      throw fail(
          keyLines.get("name"),
          "name '" + name + "' must equal the file name '" + baseName() + "'");
    }
    String description = required("description", "add '-- description: <what it answers>'");
    String title =
        Optional.ofNullable(values.get("title")).map(StringBuilder::toString).orElse(name);
    Optional<Schedule> schedule =
        optional("schedule").map(v -> parseWith("schedule", v, Schedule::parse));
    Optional<ChartSpec> chart = optional("chart").map(v -> parseWith("chart", v, ChartSpec::parse));
    StringBuilder body = new StringBuilder();
    for (int i = bodyStart; i < lines.length; i++) {
      body.append(lines[i]).append('\n');
    }
    String sql = body.toString().strip();
    int firstLine = bodyStart + 1 + leadingBlankLines(lines, bodyStart);
    List<Placeholder> placeholders = checkBody(sql, firstLine);
    return new QueryDefinition(
        name, title, description, parameters, schedule, chart, sql, placeholders, file);
  }

  /** Reads the header; returns the index of the first body line. */
  private int readHeader(String[] lines) {
    String lastKey = null;
    int i = 0;
    for (; i < lines.length && lines[i].startsWith("--"); i++) {
      String content = lines[i].substring(2).stripTrailing();
      int line = i + 1;
      if (content.isBlank()) {
        lastKey = null;
        continue;
      }
      if (content.startsWith("  ") && lastKey != null && !lastKey.equals("param")) {
        values.get(lastKey).append(' ').append(content.strip());
        continue;
      }
      Matcher m = KEY_LINE.matcher(content);
      if (!m.matches()) {
        throw fail(
            line,
            "expected '-- <key>: <value>' (keys: name, title, description, param, schedule, chart) or an indented continuation, got '"
                + lines[i].strip()
                + "'");
      }
      String key = m.group(1);
      String value = m.group(2) == null ? "" : m.group(2).strip();
      if (value.isEmpty()) {
        throw fail(line, "'" + key + ":' needs a value");
      }
      lastKey = key;
      if (key.equals("param")) {
        parameters.add(parseParameter(value, line));
      } else if (!List.of("name", "title", "description", "schedule", "chart").contains(key)) {
        throw fail(
            line,
            "unknown header key '"
                + key
                + "' (keys: name, title, description, param, schedule, chart)");
      } else if (keyLines.containsKey(key)) {
        throw fail(line, "'" + key + ":' is given twice (first on line " + keyLines.get(key) + ")");
      } else {
        keyLines.put(key, line);
        values.put(key, new StringBuilder(value));
      }
    }
    if (i == 0) {
      throw fail(1, "missing header: start the file with '-- name: " + baseName() + "'");
    }
    return i;
  }

  private QueryParameter parseParameter(String spec, int line) {
    List<String> words = new ArrayList<>();
    String description = splitWords(spec, words, line);
    if (words.size() < 2) {
      throw fail(
          line,
          "expected 'param: <name> <type> required|default=<value> [min=] [max=] [values=a,b] [max-length=] | <description>'");
    }
    String name = words.get(0);
    if (!NAME.matcher(name).matches()) {
      throw fail(line, "parameter name '" + name + "' must be lower-case letters, digits and '_'");
    }
    if (parameters.stream().anyMatch(p -> p.name().equals(name))) {
      throw fail(line, "parameter '" + name + "' is declared twice");
    }
    ParameterType type =
        ParameterType.of(words.get(1))
            .orElseThrow(
                () ->
                    fail(
                        line,
                        "unknown parameter type '"
                            + words.get(1)
                            + "' of '"
                            + name
                            + "' (types: string, integer, decimal, double, boolean, date, timestamp)"));
    if (description == null || description.isBlank()) {
      throw fail(line, "parameter '" + name + "' needs a description after '|'");
    }
    return new ParameterBuilder(name, type, description.strip(), line)
        .options(words.subList(2, words.size()));
  }

  /** Splits on whitespace outside '...' quotes; returns the text after a lone '|', or null. */
  private String splitWords(String spec, List<String> words, int line) {
    StringBuilder word = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < spec.length(); i++) {
      char c = spec.charAt(i);
      if (c == '\'') {
        if (quoted && i + 1 < spec.length() && spec.charAt(i + 1) == '\'') {
          word.append('\'');
          i++;
        } else {
          quoted = !quoted;
        }
      } else if (!quoted && c == '|') {
        addWord(words, word);
        return spec.substring(i + 1);
      } else if (!quoted && Character.isWhitespace(c)) {
        addWord(words, word);
      } else {
        word.append(c);
      }
    }
    if (quoted) {
      throw fail(line, "unterminated ' quote");
    }
    addWord(words, word);
    return null;
  }

  private static void addWord(List<String> words, StringBuilder word) {
    if (word.length() > 0) {
      words.add(word.toString());
      word.setLength(0);
    }
  }

  /** Collects a parameter's options and checks they fit its type. */
  private final class ParameterBuilder {
    private final String name;
    private final ParameterType type;
    private final String description;
    private final int line;
    private boolean required;
    private DefaultValue defaultValue;
    private Comparable<?> min;
    private Comparable<?> max;
    private List<String> allowed = List.of();
    private int maxLength = QueryParameter.DEFAULT_MAX_LENGTH;

    ParameterBuilder(String name, ParameterType type, String description, int line) {
      this.name = name;
      this.type = type;
      this.description = description;
      this.line = line;
    }

    QueryParameter options(List<String> options) {
      for (String option : options) {
        int eq = option.indexOf('=');
        String key = eq < 0 ? option : option.substring(0, eq);
        String value = eq < 0 ? null : option.substring(eq + 1);
        if (key.equals("required") && value == null) {
          required = true;
        } else if (value == null || value.isEmpty()) {
          throw fail(
              line,
              "option '" + option + "' of '" + name + "' needs a value, e.g. " + key + "=...");
        } else {
          option(key, value);
        }
      }
      if (required == (defaultValue != null)) {
        throw fail(
            line, "parameter '" + name + "' needs exactly one of 'required' or 'default=<value>'");
      }
      QueryParameter parameter =
          new QueryParameter(
              name,
              type,
              Optional.ofNullable(defaultValue),
              min,
              max,
              allowed,
              maxLength,
              description,
              line);
      if (defaultValue != null && !defaultValue.dynamic()) {
        try {
          parameter.check(defaultValue.resolve(java.time.Clock.systemUTC()));
        } catch (IllegalArgumentException e) {
          throw fail(line, "default of '" + name + "' " + e.getMessage());
        }
      }
      return parameter;
    }

    private void option(String key, String value) {
      switch (key) {
        case "default" ->
            defaultValue = convert(value, () -> DefaultValue.parse(value, type), "default");
        case "min" -> min = bound("min", value);
        case "max" -> max = bound("max", value);
        case "values" -> {
          requireString(key);
          allowed = List.of(value.split(","));
        }
        case "max-length" -> {
          requireString(key);
          maxLength =
              convert(
                  value,
                  () -> Math.toIntExact((Long) ParameterType.INTEGER.convert(value)),
                  "max-length");
        }
        default ->
            throw fail(
                line,
                "unknown option '"
                    + key
                    + "' of '"
                    + name
                    + "' (options: required, default, min, max, values, max-length)");
      }
    }

    private Comparable<?> bound(String key, String value) {
      if (type == ParameterType.STRING || type == ParameterType.BOOLEAN) {
        throw fail(
            line,
            "'" + key + "' does not apply to " + type.keyword() + " parameter '" + name + "'");
      }
      return convert(value, () -> (Comparable<?>) type.convert(value), key);
    }

    private void requireString(String key) {
      if (type != ParameterType.STRING) {
        throw fail(line, "'" + key + "' applies to string parameters only, not to '" + name + "'");
      }
    }

    private <T> T convert(String value, java.util.function.Supplier<T> conversion, String what) {
      try {
        return conversion.get();
      } catch (IllegalArgumentException | ArithmeticException e) {
        throw fail(
            line,
            what
                + " '"
                + value
                + "' of '"
                + name
                + "' "
                + (e.getMessage() == null ? "is invalid" : e.getMessage()));
      }
    }
  }

  /** Checks the body and returns its parameter markers. */
  private List<Placeholder> checkBody(String sql, int firstLine) {
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
    List<Placeholder> placeholders = placeholders(tokens, significant);
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
          && i + 2 < tokens.size()
          && (tokens.get(i - 1).isWord("WITH")
              || tokens.get(i - 1).isSymbol(",")
              || tokens.get(i - 1).isWord("RECURSIVE"))
          && (tokens.get(i).kind() == Kind.WORD || tokens.get(i).kind() == Kind.QUOTED_IDENTIFIER)
          && tokens.get(i + 1).isWord("AS")
          && tokens.get(i + 2).isSymbol("(");
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

  private String required(String key, String fix) {
    StringBuilder value = values.get(key);
    if (value == null) {
      throw fail(1, "missing '" + key + ":' in the header; " + fix);
    }
    return value.toString();
  }

  private Optional<String> optional(String key) {
    return Optional.ofNullable(values.get(key)).map(StringBuilder::toString);
  }

  private <T> T parseWith(String key, String value, java.util.function.Function<String, T> parser) {
    try {
      return parser.apply(value);
    } catch (IllegalArgumentException e) {
      throw fail(keyLines.get(key), "invalid " + key + ": " + e.getMessage());
    }
  }

  private static int leadingBlankLines(String[] lines, int from) {
    int n = 0;
    while (from + n < lines.length && lines[from + n].isBlank()) {
      n++;
    }
    return n;
  }

  private String baseName() {
    return file.endsWith(".sql") ? file.substring(0, file.length() - 4) : file;
  }

  private QueryLibraryException fail(int line, String problem) {
    return new QueryLibraryException(file, line, problem);
  }
}
