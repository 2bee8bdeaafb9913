package io.salesflow.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Parses one {@code param:} header value, {@code <name> <type> required|default=<value> [min=]
 * [max=] [values=a,b] [max-length=] | <description>}, checking that the options fit the type and
 * that a literal default obeys them.
 */
final class ParameterSpecParser {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

  private final String file;
  private final List<QueryParameter> declared;

  /** A parser for {@code file}, whose earlier parameters are {@code declared}. */
  ParameterSpecParser(String file, List<QueryParameter> declared) {
    this.file = file;
    this.declared = declared;
  }

  QueryParameter parse(String spec, int line) {
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
    if (declared.stream().anyMatch(p -> p.name().equals(name))) {
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

  private QueryLibraryException fail(int line, String problem) {
    return new QueryLibraryException(file, line, problem);
  }
}
