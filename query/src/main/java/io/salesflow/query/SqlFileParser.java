package io.salesflow.query;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one query file: the header of {@code -- key: value} lines at the top ({@link
 * ParameterSpecParser} for {@code param:} lines), then the SQL body ({@link SqlBodyChecker}). Any
 * problem fails with the file and line.
 */
final class SqlFileParser {

  private static final Pattern KEY_LINE = Pattern.compile("^ ([a-z]+):(?:\\s+(.*))?$");

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
    List<Placeholder> placeholders =
        new SqlBodyChecker(file, parameters, tables).check(sql, firstLine);
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
        parameters.add(new ParameterSpecParser(file, parameters).parse(value, line));
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
